import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Child {
  proc: ChildProcess;
  lines: string[];
  /** Resolves when a log line matches. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs a TypeScript entry point of the repo as one real process (for crash and failover tests).
 * `node --import tsx`, not the tsx CLI: the CLI forks a second process a SIGKILL would miss.
 */
export function runTs(entry: string, env: Record<string, string>, args: string[] = [], nodeArgs: string[] = []): Child {
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(root, entry), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: root,
  });
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  const onData = (buf: Buffer) => {
    for (const line of buf.toString().split('\n').filter(Boolean)) {
      lines.push(line);
      for (const w of [...waiters])
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
    }
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return {
    proc,
    lines,
    waitFor(re, timeoutMs = 20_000) {
      const hit = lines.find((l) => re.test(l));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms; output:\n${lines.slice(-20).join('\n')}`)), timeoutMs);
        waiters.push({
          re,
          resolve: (l) => {
            clearTimeout(t);
            resolve(l);
          },
        });
      });
    },
    async kill(signal = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill(signal);
      return exited;
    },
  };
}

/**
 * Stops a child with SIGTERM, and with SIGKILL if it has not exited within `graceMs` (a hung
 * shutdown must not hang the run that stops it). Resolves to its exit code.
 */
export async function stopChild(c: Child | null, name: string, say: (line: string) => void, graceMs = 25_000): Promise<number | null> {
  if (!c || c.proc.exitCode !== null || c.proc.signalCode !== null) return c?.proc.exitCode ?? null;
  const killer = setTimeout(() => {
    say(`${name} did not stop within ${graceMs / 1000} s: SIGKILL`);
    c.proc.kill('SIGKILL');
  }, graceMs);
  const code = await c.kill('SIGTERM');
  clearTimeout(killer);
  return code;
}
