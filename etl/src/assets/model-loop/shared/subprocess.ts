import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface SubprocessResult {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines of stdout and stderr, for the run's log when it fails. */
  tail: string[];
  /** The last stdout line (the scripts' one-JSON-object result). */
  lastStdout: string;
}

export class SubprocessError extends Error {
  constructor(
    readonly command: string,
    readonly result: SubprocessResult,
  ) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with ${result.code}`;
    super(`${command} ${how}: ${result.tail.slice(-5).join(' | ').slice(0, 800)}`);
    this.name = 'SubprocessError';
  }
}

const TAIL = 40;

/**
 * Runs a program of the repository (training, evaluation) as a child in a process group of its
 * own, so that an abort (the step's timeout or a cancel) stops it and everything it started:
 * SIGTERM to the group, SIGKILL 5 s later. Output lines go to `onLine` (the run's log) as they
 * come. Throws SubprocessError on a non-zero exit or a signal; `signal` aborting rejects too.
 */
export function runSubprocess(
  command: string,
  args: readonly string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; signal: AbortSignal; onLine?: (line: string, stream: 'stdout' | 'stderr') => void },
): Promise<SubprocessResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal.aborted) return reject(opts.signal.reason ?? new Error('aborted'));
    const child = spawn(command, [...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    let lastStdout = '';
    const take = (stream: 'stdout' | 'stderr') => (line: string) => {
      tail.push(line);
      if (tail.length > TAIL) tail.shift();
      if (stream === 'stdout' && line.trim()) lastStdout = line;
      opts.onLine?.(line, stream);
    };
    createInterface({ input: child.stdout! }).on('line', take('stdout'));
    createInterface({ input: child.stderr! }).on('line', take('stderr'));
    let killTimer: NodeJS.Timeout | undefined;
    const kill = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        // already gone
      }
    };
    const onAbort = () => {
      kill('SIGTERM');
      killTimer = setTimeout(() => kill('SIGKILL'), 5_000);
      killTimer.unref();
    };
    opts.signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => {
      opts.signal.removeEventListener('abort', onAbort);
      reject(new Error(`cannot start ${command}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      opts.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      const result = { code, signal, tail, lastStdout };
      if (opts.signal.aborted) return reject(opts.signal.reason ?? new Error('aborted'));
      if (code === 0) resolve(result);
      // Named by the program and its script: `bash train.sh`, `tsx evaluate-model.ts`.
      else reject(new SubprocessError([command, ...args.slice(0, 1)].map((a) => path.basename(a)).join(' '), result));
    });
  });
}

/** Lines for the run's log: every line that says how far it got, at most one per `everyMs`. */
export function throttledLog(log: (line: string) => void, everyMs = 5_000): (line: string) => void {
  let last = 0;
  return (line) => {
    const now = Date.now();
    if (now - last < everyMs) return;
    last = now;
    log(line.slice(0, 300));
  };
}
