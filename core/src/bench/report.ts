import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where every benchmark and evaluation appends its figures, with machine, date and commit. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BENCHMARKS_FILE = path.join(ROOT, 'docs', 'benchmarks.md');

const git = (args: string[]): string | null => {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};

/** The machine a figure was measured on: CPU, cores, memory, Node, load, and the commit (+dirty). */
export function machineInfo() {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux: os.cpus() it is
  }
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = (git(['status', '--porcelain']) ?? '') !== '';
  return {
    cpuModel,
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    commit: commit ? `${commit}${dirty ? '+dirty' : ''}` : 'unknown',
  };
}

/** Appends one markdown section to docs/benchmarks.md (created with its header if missing). */
export function appendBenchmarkSection(markdown: string): string {
  mkdirSync(path.dirname(BENCHMARKS_FILE), { recursive: true });
  if (!existsSync(BENCHMARKS_FILE)) {
    writeFileSync(
      BENCHMARKS_FILE,
      '# Benchmarks\n\nFigures appended by `pnpm bench:*` and `pnpm eval:parse --record`, newest last. ' +
        'Figures are comparable only between runs on the same machine; the full JSON of a run is the last line of its stdout.\n\n',
    );
  }
  appendFileSync(BENCHMARKS_FILE, `${markdown.trimEnd()}\n\n`);
  return path.relative(ROOT, BENCHMARKS_FILE);
}
