import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DRIFT_FEATURES, driftProfileSchema, type DriftProfile } from '@napominalka/core/drift-features';
import { INTENTS } from '../parse/result';
import { MODELS_DIR, readCard, readRegistry } from '../model/registry';
import { main, type ProfileIo } from './profile';

/** `pnpm models:profile` as a process (tsx inference/src/cli/profile.ts), small N, into a temp file. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'inference/src/cli/profile.ts');
const N = 200;

const current = readRegistry().current;
const committedFile = path.join(MODELS_DIR, current, 'profile.json');
const trainingSeed = z.object({ data: z.object({ seed: z.number() }) }).parse(readCard(current)).data.seed;
const readProfile = (file: string): DriftProfile => driftProfileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));

let tmp: string;
let run: { status: number | null; stdout: string; stderr: string };
let small: DriftProfile;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'models-profile-'));
  const r = spawnSync(TSX, [CLI, '--n', String(N), '--out', path.join(tmp, 'profile.json')], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });
  if (r.error) throw r.error;
  run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  if (run.status === 0) small = readProfile(path.join(tmp, 'profile.json'));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function expectSensible(p: DriftProfile, tags: readonly string[]): void {
  const c = p.columns;
  expect(Object.keys(c).sort()).toEqual(
    DRIFT_FEATURES.filter((f) => f.inProfile)
      .map((f) => f.name)
      .sort(),
  );
  expect(p.rows).toBeGreaterThan(0);
  expect(new Set(c.lang).size).toBeGreaterThanOrEqual(2);
  for (const l of c.lang) expect(['ru', 'en', 'mixed']).toContain(l);
  for (const i of c.intent) expect(INTENTS).toContain(i);
  expect(new Set(c.parser)).toEqual(new Set(['model']));
  for (const t of c.slot_tags) expect(tags.filter((x) => x !== 'O')).toContain(t);
  expect(c.slot_tags.length).toBeGreaterThan(p.rows); // most messages have a trigger, a time and a text
  expect(Math.min(...c.text_chars)).toBeGreaterThanOrEqual(1);
  expect(Math.max(...c.text_chars)).toBeLessThanOrEqual(4096);
  for (const [chars, tokens] of c.text_chars.map((x, i) => [x, c.text_tokens[i]!] as const)) {
    expect(tokens).toBeGreaterThanOrEqual(1);
    expect(tokens).toBeLessThanOrEqual(chars);
  }
  for (const x of [...c.intent_confidence, ...c.slot_confidence]) expect(Math.abs(x * 1e4 - Math.round(x * 1e4))).toBeLessThan(1e-6); // 4 decimals
  // The model on its own training data: confident almost always.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  expect(median(c.intent_confidence)).toBeGreaterThan(0.95);
  expect(median(c.slot_confidence)).toBeGreaterThan(0.9);
}

describe('pnpm models:profile', () => {
  it('writes a valid profile of the current model to --out, with progress on stderr and a summary on stdout', () => {
    expect(run.stderr).toMatch(/\[parse\] \d+\/\d+/);
    expect(run.status, run.stderr).toBe(0);
    expect(small.modelVersion).toBe(current);
    expect(small.source).toEqual({ kind: 'synthetic-training', seed: trainingSeed, n: N, generator: 'inference/training/generate.py' });
    // The training split only: about 92% of the examples.
    expect(small.rows).toBeGreaterThan(N * 0.8);
    expect(small.rows).toBeLessThan(N);
    expectSensible(small, readCard(current).labels.tags);
    const summary = JSON.parse(run.stdout.trimEnd().split('\n').at(-1)!) as { rows: number; slots: number; file: string };
    expect(summary).toMatchObject({ rows: small.rows, slots: small.columns.slot_tags.length, file: path.join(tmp, 'profile.json') });
    expect(readdirSync(tmp)).toEqual(['profile.json']); // the temporary file was renamed, not left behind
  });

  // A profile reproduces only with the generator that trained its model: the newest registered
  // version is the one this commit's generator trained (the current one may be older, kept serving).
  it('reproduces the start of the newest model’s committed profile (same seed: the first examples of the same stream)', () => {
    const newest = readRegistry().versions.at(-1)!;
    const out = path.join(tmp, 'newest.json');
    const r = spawnSync(TSX, [CLI, '--version', newest, '--n', String(N), '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });
    expect(r.status, r.stderr).toBe(0);
    const mine = readProfile(out);
    const big = readProfile(path.join(MODELS_DIR, newest, 'profile.json'));
    expect(big.source.seed).toBe(mine.source.seed);
    for (const f of DRIFT_FEATURES) {
      if (!f.inProfile) continue;
      const col = mine.columns[f.name];
      expect(big.columns[f.name].slice(0, col.length), f.name).toEqual(col);
    }
  });

  it('fails clearly: 2 on bad usage, 1 on an unknown model or an unwritable file', async () => {
    const lines: string[] = [];
    const io: ProfileIo = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
    expect(await main(['--n', '0'], io)).toBe(2);
    expect(await main(['--seed', '-1'], io)).toBe(2);
    expect(await main(['--nope'], io)).toBe(2);
    expect(await main(['--version', 'no-such-model', '--out', path.join(tmp, 'x.json')], io)).toBe(1);
    expect(lines.join('\n')).toContain('unknown model version "no-such-model"');
    expect(await main(['--n', '20', '--out', path.join(tmp, 'missing-dir', 'x.json')], io)).toBe(1);
    expect(lines.at(-1)).toMatch(/cannot write to .*missing-dir: not a writable directory/);
    expect(await main(['--help'], io)).toBe(0);
    expect(lines.at(-1)).toMatch(/^Usage: pnpm models:profile/);
  });
});

describe('the committed profile', () => {
  it('exists for the current model, validates, and is small', () => {
    const p = readProfile(committedFile);
    expect(p.modelVersion).toBe(current);
    expect(p.source.kind).toBe('synthetic-training');
    expect(statSync(committedFile).size).toBeLessThan(2 * 1024 * 1024);
    expect(p.rows).toBeGreaterThanOrEqual(4000);
    expectSensible(p, readCard(current).labels.tags);
    expect(new Set(p.columns.intent)).toEqual(new Set(INTENTS));
    expect(p.columns.corrections.some((x) => x > 0)).toBe(true); // the generator's typos
  });
});
