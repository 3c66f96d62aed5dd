import { spawn } from 'node:child_process';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { DriftProfile } from '@napominalka/core/drift-features';

/** The training data generator and the one interpreter the training pipeline uses (Debian's). */
export const GENERATOR = 'inference/training/generate.py';
export const PYTHON = '/usr/bin/python3';
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export class ProfileError extends Error {}

const trainLine = z.object({ text: z.string() }).passthrough();

/**
 * Runs generate.py (stdlib only: no torch needed) into `dir` and returns the texts of its training
 * split, train.jsonl: the model never saw heldout.jsonl. The generator draws examples from one
 * seeded stream, so N examples are the first N of a larger run with the same seed: with the
 * card's seed, these texts are a sample of the model's own training data.
 */
export async function generateTrainingTexts(o: { seed: number; n: number; dir: string; log: (line: string) => void }): Promise<string[]> {
  const args = [path.join(REPO_ROOT, GENERATOR), '--seed', String(o.seed), '--n', String(o.n), '--out', o.dir];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(PYTHON, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 20) tail.shift();
        o.log(`[generate] ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`);
      }
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new ProfileError(
          e.code === 'ENOENT' ? `${PYTHON} not found: install Debian's python3 (the generator needs nothing else)` : `cannot run ${PYTHON}: ${e.message}`,
        ),
      ),
    );
    child.on('close', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new ProfileError(`${GENERATOR} failed (${signal ?? `exit ${code}`})${tail.length ? `: ${tail.slice(-3).join(' | ')}` : ''}`)),
    );
  });
  return readTexts(path.join(o.dir, 'train.jsonl'));
}

function readTexts(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const texts: string[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const r = trainLine.safeParse(JSON.parse(line));
    if (!r.success) throw new ProfileError(`${file}:${i + 1}: not a training example (${r.error.issues[0]?.message})`);
    texts.push(r.data.text);
  });
  return texts;
}

/** Metadata indented, each column on one line: readable, diffable by field, and a tenth of the size of full indentation. */
export function formatProfile(p: DriftProfile): string {
  const { columns, ...meta } = p;
  const head = JSON.stringify(meta, null, 2).replace(/\n}$/, '');
  const cols = Object.entries(columns).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `${head},\n  "columns": {\n${cols.join(',\n')}\n  }\n}\n`;
}

/** Written beside the target and renamed over it: a reader never sees half a profile. */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new ProfileError(`cannot write ${file}: ${(e as Error).message}`);
  }
}
