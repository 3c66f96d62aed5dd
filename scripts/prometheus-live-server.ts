import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eventually, freePort } from '../core/src/testing/index';

/**
 * The real Prometheus (Debian's package) as a child process of a test, with its HTTP API: the
 * targets it scrapes, instant queries, metadata of what it scraped and the alerts it evaluates.
 */

export const PROMETHEUS_MISSING =
  "prometheus is not installed, so the live scrape and alert test cannot run. Install Debian's prometheus package: " +
  '`apt-get install -y prometheus` (.ci/run does this in CI); do not start its systemd service.';

export interface Target {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}
export interface Alert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  value: string;
}
interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  url: string;
  targets(): Promise<Target[]>;
  query(expr: string): Promise<Sample[]>;
  /** Metric families some target exported (its # TYPE lines), samples or not. */
  metadata(): Promise<Record<string, unknown[]>>;
  alerts(): Promise<Alert[]>;
  /** Its own log, to explain a failure. */
  lines: string[];
  stop(): Promise<void>;
}

/** Fails loudly (never skips) without the binary. */
export function assertPrometheusInstalled(): void {
  const r = spawnSync('prometheus', ['--version'], { encoding: 'utf8' });
  if (r.error) throw new Error('code' in r.error && r.error.code === 'ENOENT' ? PROMETHEUS_MISSING : `prometheus --version failed: ${r.error.message}`);
}

async function api<T>(base: string, route: string): Promise<T> {
  const res = await fetch(`${base}${route}`, { signal: AbortSignal.timeout(5_000) });
  const body = (await res.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`prometheus ${route}: ${body.error ?? res.status}`);
  return body.data;
}

/**
 * Writes the files (name → text; prometheus.yml among them) to a fresh directory and starts
 * Prometheus on them with its storage there too; resolves once it answers /-/ready.
 */
export async function startPrometheus(files: Record<string, string>): Promise<RunningPrometheus> {
  assertPrometheusInstalled();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'prometheus-live-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc: ChildProcess = spawn(
    'prometheus',
    [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const keep = (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean));
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  process.once('exit', () => proc.kill('SIGKILL'));
  try {
    await eventually(
      async () => {
        if (proc.exitCode !== null) throw new Error(`prometheus exited (${proc.exitCode}):\n${lines.slice(-15).join('\n')}`);
        return (await fetch(`${url}/-/ready`).catch(() => null))?.status === 200;
      },
      30_000,
      `prometheus did not become ready:\n${lines.slice(-15).join('\n')}`,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    lines,
    stop,
    targets: async () => (await api<{ activeTargets: Target[] }>(url, '/api/v1/targets?state=active')).activeTargets,
    query: async (expr) => (await api<{ result: Sample[] }>(url, `/api/v1/query?query=${encodeURIComponent(expr)}`)).result,
    metadata: () => api<Record<string, unknown[]>>(url, '/api/v1/metadata'),
    alerts: async () => (await api<{ alerts: Alert[] }>(url, '/api/v1/alerts')).alerts,
  };
}
