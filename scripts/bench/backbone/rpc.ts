import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { initTracing } from '../../../core/src/observability/tracing';
import { ConsumerRole } from './consumer-role';
import { RelayRole, type Role } from './relay-role';

// How the main process drives the roles: child processes over IPC, or objects in this process (--in-process).

/** The entry the role processes run: main.ts starts roleMain when BENCH_ROLE is set. */
const ENTRY = fileURLToPath(new URL('./main.ts', import.meta.url));

export type RoleName = 'relay' | 'consumer';
const newRole = (name: RoleName): Role => (name === 'relay' ? new RelayRole() : new ConsumerRole());

/** How the main process drives a role: a child process over IPC, or an object in this process. */
export interface RoleHandle {
  name: RoleName;
  pid: number;
  call<T>(method: string, arg?: unknown): Promise<T>;
  /** Ends the role's process (no-op in process). */
  kill(): void;
}

export function inProcessRole(name: RoleName): RoleHandle {
  const role = newRole(name);
  return { name, pid: process.pid, call: async <T>(method: string, arg?: unknown) => (await role.dispatch(method, arg)) as T, kill: () => undefined };
}

interface RpcReply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export function childRole(name: RoleName): RoleHandle {
  const child: ChildProcess = fork(ENTRY, [], {
    env: { ...process.env, BENCH_ROLE: name },
    // e.g. BENCH_CHILD_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the relay and the consumer.
    execArgv: [...process.execArgv, ...(process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    // The child's stdout must not reach ours (the JSON line is last): both go to our stderr.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.pipe(process.stderr);
  child.stderr?.pipe(process.stderr);
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let seq = 0;
  let exited: string | null = null;
  child.on('message', (m: RpcReply) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.ok) w.resolve(m.result);
    else w.reject(new Error(`${name}: ${m.error}`));
  });
  child.on('exit', (code, signal) => {
    exited = `${name} process exited (${signal ?? code})`;
    for (const w of waiting.values()) w.reject(new Error(exited));
    waiting.clear();
  });
  return {
    name,
    pid: child.pid ?? -1,
    call<T>(method: string, arg?: unknown): Promise<T> {
      if (exited) return Promise.reject(new Error(exited));
      const id = ++seq;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, method, arg });
      });
    },
    kill() {
      if (!exited) child.kill('SIGTERM');
    },
  };
}

/** Entry point of a role's process: answers its parent's calls until told to stop. */
export async function roleMain(name: RoleName): Promise<void> {
  initTracing({ serviceName: `bench-${name}`, enabled: false });
  const role = newRole(name);
  // Orphaned (the parent died or closed the channel): exit rather than run on unattended.
  process.on('disconnect', () => process.exit(1));
  process.on('SIGINT', () => undefined); // Ctrl-C reaches the whole group: the parent stops us in order
  process.on('message', (m: { id: number; method: string; arg: unknown }) => {
    role.dispatch(m.method, m.arg).then(
      (result) => {
        process.send?.({ id: m.id, ok: true, result });
        // A normal exit (not the parent's SIGTERM), so that exit hooks such as --cpu-prof run.
        if (m.method === 'stop') setTimeout(() => process.exit(0), 200);
      },
      (err: Error) => process.send?.({ id: m.id, ok: false, error: err.stack ?? err.message }),
    );
  });
}
