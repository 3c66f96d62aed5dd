import { runTs, stopChild, type Child } from '../../../core/src/testing/child';
import { loggedAtLeast } from './log-level';
import { progress } from './progress';

/**
 * The project's services as child processes of a bench (`node --import tsx <entry>`): started by
 * name, watched (a death fails the run), stopped with SIGTERM then SIGKILL, and never left behind
 * when the bench's process exits. A service stopped on purpose (`stop`) is no death, and may be
 * started again under the same name.
 */
export interface ServiceSpec {
  name: string;
  /** Entry point relative to the repo root, e.g. 'inference/src/main.ts'. */
  entry: string;
  env: Record<string, string>;
  /** Arguments of the entry point. */
  args?: string[];
  /** Flags of node itself, before the entry (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Copy the service's stderr to ours as it comes (its lines are kept either way). */
  echoStderr?: boolean;
}

export class Services {
  private readonly children = new Map<string, Child>();
  private readonly deaths = new Map<string, Promise<never>>();
  private readonly stopping = new Set<Child>();

  constructor() {
    // Last resort: never leave a child behind, whatever happens to this process.
    process.on('exit', () => {
      for (const c of this.children.values()) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    });
  }

  start(spec: ServiceSpec): Child {
    const child = runTs(spec.entry, spec.env, spec.args, spec.nodeArgs);
    if (spec.echoStderr) child.proc.stderr?.on('data', (b: Buffer) => process.stderr.write(b));
    this.children.set(spec.name, child);
    const died = new Promise<never>((_, reject) =>
      child.proc.once('exit', (code, sig) => {
        if (this.stopping.has(child)) return;
        reject(new Error(`${spec.name} exited (code ${code}, signal ${sig}); last output:\n${child.lines.slice(-10).join('\n')}`));
      }),
    );
    died.catch(() => undefined);
    this.deaths.set(spec.name, died);
    return child;
  }

  get(name: string): Child | null {
    return this.children.get(name) ?? null;
  }

  /** The services not stopped on purpose, by name, in the order they were started. */
  list(): Array<[name: string, child: Child]> {
    return [...this.children.entries()].filter(([, c]) => !this.stopping.has(c));
  }

  /** Rejects when the named service (or, without a name, any service started so far) exits unasked. */
  died(name?: string): Promise<never> {
    const one = name === undefined ? Promise.race(this.deaths.values()) : this.deaths.get(name);
    if (!one) throw new Error(`no service ${name}`);
    one.catch(() => undefined);
    return one;
  }

  /** `p`, or the failure of any service that dies first. */
  guard<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.died()]);
  }

  /**
   * Stops one service (SIGTERM, SIGKILL after the grace time); its exit code, null if never started.
   * Its exit is then no death and it leaves `list`; its lines stay readable through `get`.
   */
  stop(name: string): Promise<number | null> {
    const child = this.get(name);
    if (child) this.stopping.add(child);
    return stopChild(child, name, progress);
  }

  /** The warning and error log lines of the named services, or of all. */
  warnings(...names: string[]): string[] {
    const children = names.length ? names.map((n) => this.get(n)) : [...this.children.values()];
    return children.flatMap((c) => c?.lines ?? []).filter((l) => loggedAtLeast(l, 'warn'));
  }
}
