import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { featurize } from '../text/featurize';

/**
 * `pnpm train` (inference/training/train.sh) end to end with a tiny configuration (3000
 * examples, 1 epoch, dim 16: ~25 s on 2 cores) into a copy of the committed registry; and the
 * staging guarantee: a crashing trainer or a run killed mid-training leaves the registry
 * byte-identical and no staging folder behind.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TRAIN = path.join(ROOT, 'inference/training/train.sh');
const COMMITTED = path.join(ROOT, 'inference/models');
const TINY = ['--n', '3000', '--epochs', '1', '--dim', '16', '--hidden', '16', '--batch', '64', '--profile-n', '200', '--threads', '1'];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs train.sh; `killWhen` sends SIGTERM once stdout matches it (a timeout of the ETL's kind). */
function train(args: readonly string[], o: { env?: Record<string, string>; killWhen?: RegExp; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [TRAIN, ...args], { cwd: ROOT, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const guard = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 100_000);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      if (o.killWhen && !killed && o.killWhen.test(stdout)) {
        killed = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Every file under dir (hidden ones too) -> sha256: "byte-identical" made checkable. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

const sha256File = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const registrySchema = z.object({ current: z.string(), versions: z.array(z.string()) }).passthrough();
const readRegistry = (dir: string) => registrySchema.parse(JSON.parse(readFileSync(path.join(dir, 'registry.json'), 'utf8')));

const corpusCount = z.object({ identical_texts: z.literal(0), feedback_dropped: z.number(), synthetic_dropped: z.number() });
const cardSchema = z.object({
  version: z.string(),
  featurisation: z.object({ version: z.number(), lexiconSha256: z.string().length(64), goldenSha256: z.string().length(64) }),
  labels: z.object({ intents: z.array(z.string()).length(6), tags: z.array(z.string()).length(6) }),
  model: z.object({ file: z.literal('model.onnx'), sha256: z.string().length(64), bytes: z.number() }),
  training: z
    .object({ params: z.object({ dim: z.literal(16), hidden: z.literal(16), epochs: z.literal(1), shuffle_labels: z.literal(false) }).passthrough() })
    .passthrough(),
  data: z.object({ generator: z.literal('inference/training/build_set.py'), sha256: z.string().length(64), n: z.number() }).passthrough(),
  trainingSet: z.object({
    sha256: z.string().length(64),
    sizes: z.object({ total: z.number(), by_source: z.record(z.number()), by_lang: z.record(z.number()), by_intent: z.record(z.number()) }).passthrough(),
    feedback: z
      .object({ rows_read: z.number(), rows_kept: z.number(), days: z.object({ min: z.string().nullable(), max: z.string().nullable() }) })
      .passthrough(),
    dropped: z.object({ feedback: z.record(z.number()) }).passthrough(),
    overlap: z.object({ 'parse-dev': corpusCount, 'parse-dev-v2': corpusCount, challenge: corpusCount }),
  }),
  metrics: z.object({ heldout_synthetic: z.object({ intent_accuracy: z.number() }).passthrough(), onnxruntime_node: z.object({}).passthrough() }).passthrough(),
});

let tmp: string;
let models: string;
let work: string;
let before: Record<string, string>;
let feedbackFile: string;
const devSentence = JSON.parse(readFileSync(path.join(ROOT, '../shared/eval/parse-dev.jsonl'), 'utf8').split('\n')[0]!) as { text: string };

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'train-sh-'));
  models = path.join(tmp, 'models');
  work = path.join(tmp, 'work');
  mkdirSync(models);
  const reg = readRegistry(COMMITTED);
  cpSync(path.join(COMMITTED, 'registry.json'), path.join(models, 'registry.json'));
  cpSync(path.join(COMMITTED, reg.current), path.join(models, reg.current), { recursive: true });
  before = snapshot(models);
  // One good correction and an evaluation sentence smuggled in as feedback, both tokenised by the
  // serving featurisation as the ETL does.
  feedbackFile = path.join(tmp, 'feedback.jsonl');
  const row = (id: string, text: string, tags: (n: number) => string[]) => {
    const tokens = featurize(text).tokens.map((t) => t.text);
    return JSON.stringify({
      id,
      source: 'correction',
      text,
      lang: 'ru',
      intent: 'create',
      tokens,
      tags: tags(tokens.length),
      event_ids: [`ev-${id}`],
      day: '2026-12-01',
    });
  };
  writeFileSync(
    feedbackFile,
    [
      row('fb-1', 'напомни завтра в 9 купить хлеб', () => ['TRIGGER', 'TIME', 'TIME', 'TIME', 'TEXT', 'TEXT']),
      row('fb-2', devSentence.text, (n) => Array<string>(n).fill('TEXT')),
    ].join('\n') + '\n',
  );
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const stagesLeft = () => (existsSync(work) ? readdirSync(work).filter((n) => n.startsWith('stage-')) : []);

describe('pnpm train (train.sh)', () => {
  it('registers a tiny model with a complete card, the last stdout line "registered <version>"', { timeout: 120_000 }, async () => {
    const started = Date.now();
    const r = await train([...TINY, '--feedback', feedbackFile, '--models', models, '--work', work, '--no-promote']);
    expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
    const version = /^registered (\S+)$/.exec(r.stdout.trimEnd().split('\n').at(-1)!)?.[1];
    expect(version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
    console.log(`tiny train.sh run: ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const reg = readRegistry(models);
    const old = readRegistry(COMMITTED).current;
    expect(reg.versions).toEqual([...readRegistry(COMMITTED).versions, version]);
    expect(reg.current).toBe(old); // --no-promote
    const vdir = path.join(models, version!);
    expect(readdirSync(vdir).sort()).toEqual(['card.json', 'model.onnx', 'profile.json']);
    const card = cardSchema.parse(JSON.parse(readFileSync(path.join(vdir, 'card.json'), 'utf8')));
    expect(card.version).toBe(version);
    expect(card.model.sha256).toBe(sha256File(path.join(vdir, 'model.onnx')));
    expect(card.featurisation.lexiconSha256).toBe(sha256File(path.join(ROOT, 'inference/featurisation/lexicon.json')));
    expect(card.data.sha256).toBe(card.trainingSet.sha256);
    expect(card.trainingSet.sizes.by_source).toMatchObject({ synthetic: expect.any(Number), correction: 1 });
    expect(card.trainingSet.overlap['parse-dev'].feedback_dropped).toBe(1);
    expect(card.trainingSet.feedback).toMatchObject({ rows_read: 2, rows_kept: 1, days: { min: '2026-12-01', max: '2026-12-01' } });
    expect(JSON.parse(readFileSync(path.join(vdir, 'profile.json'), 'utf8'))).toMatchObject({ modelVersion: version });
    // the version that was there is untouched, nothing else appeared
    const after = snapshot(models);
    for (const [file, sha] of Object.entries(before)) if (file !== 'registry.json') expect(after[file], file).toBe(sha);
    expect(Object.keys(after).filter((f) => !(f in before) && !f.startsWith(`${version}/`))).toEqual([]);
    expect(stagesLeft()).toEqual([]);
  });

  describe('failures leave the registry byte-identical', () => {
    let reference: Record<string, string>;
    beforeAll(() => {
      reference = snapshot(models);
    });

    it('a trainer that crashes: exit 1, no staging folder left', { timeout: 60_000 }, async () => {
      const r = await train([...TINY, '--shuffle-labels', '--models', models, '--work', work], { env: { NAPOMINALKA_TRAIN_FAIL: '1' } });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('labels shuffled across the');
      expect(r.stderr).toContain('failing on purpose');
      expect(r.stdout).not.toMatch(/^registered /m);
      expect(snapshot(models)).toEqual(reference);
      expect(stagesLeft()).toEqual([]);
    });

    it('bad training parameters (--epochs 0): non-zero, registry untouched', { timeout: 60_000 }, async () => {
      const r = await train([...TINY.slice(0, 2), '--epochs', '0', '--models', models, '--work', work]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('--epochs must be >= 1');
      expect(snapshot(models)).toEqual(reference);
      expect(stagesLeft()).toEqual([]);
    });

    it('a run killed by its timeout (SIGTERM mid-training): the trainer stops too, no staging folder left', { timeout: 60_000 }, async () => {
      const r = await train([...TINY, '--models', models, '--work', work], { killWhen: /epoch 1 step 0\// });
      expect(r.code).toBe(143);
      expect(r.stderr).toContain('stopped by SIGTERM');
      expect(snapshot(models)).toEqual(reference);
      expect(stagesLeft()).toEqual([]);
      // the trainer was stopped with the script, not left running
      await new Promise((res) => setTimeout(res, 500));
      const ps = await new Promise<string>((res) => {
        const p = spawn('ps', ['-eo', 'args'], { stdio: ['ignore', 'pipe', 'ignore'] });
        let out = '';
        p.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
        p.on('close', () => res(out));
      });
      expect(ps.split('\n').filter((l) => l.includes(work))).toEqual([]);
    });
  });
});
