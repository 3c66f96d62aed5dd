/**
 * A model's training profile: the drift features of the production parser's answers over the
 * model's synthetic training data, the drift report's default reference. See USAGE.
 */
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { invokedDirectly, UsageError } from '@napominalka/core/cli';
import { driftFeaturesOf, driftProfileSchema, profileColumnsOf, type DriftFeatureRow, type DriftProfile } from '@napominalka/core/drift-features';
import type { OnnxModel } from '../model/onnx-model';
import { MODELS_DIR, readRegistry, versionDir } from '../model/registry';
import { ParsePipeline } from '../parse/pipeline';
import { loadModel } from './reparse';
import { formatProfile, generateTrainingTexts, GENERATOR, ProfileError, writeFileAtomic } from './profile-io';

export const USAGE = `Usage: pnpm models:profile [--version <v>] [--n <N>] [--seed <S>] [--out <file>]

Builds the training profile of a registered model: generates N synthetic examples with
${GENERATOR} (seeded; /usr/bin/python3, no torch needed), parses each text
of the training split with the production ParsePipeline and that model (no LLM; now
2026-06-10T10:00:00Z, zone Europe/Moscow), computes the drift features
(@napominalka/core/drift-features) and writes them to inference/models/<v>/profile.json
(atomically). The daily drift report compares production
with it. Progress on stderr; a summary, then one JSON line, on stdout.

Options:
      --version <v>       registry version (default: the registry's current one)
      --n <N>             examples to generate (default 5000; the profile holds the ~92% of them
                          in the training split)
      --seed <S>          generator seed (default: the seed of the model's training data, card.data.seed)
      --out <file>        write here instead of inference/models/<v>/profile.json
      --models-dir <dir>  the model registry (default inference/models)
  -h, --help              this text

Exit status: 0 written; 1 failed (unknown model, generator or parser failure, unwritable file);
2 bad usage.`;

export const PROFILE_NOW = '2026-06-10T10:00:00Z';
export const PROFILE_ZONE = 'Europe/Moscow';
const DEFAULT_N = 5000;
const PROGRESS_EVERY = 500;

export interface ProfileIo {
  out(line: string): void;
  err(line: string): void;
}

const processIo: ProfileIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

interface Options {
  version: string;
  n: number;
  /** null: the seed of the model's training data. */
  seed: number | null;
  modelsDir: string;
  out: string;
}

export async function main(argv: readonly string[], io: ProfileIo = processIo): Promise<number> {
  let model: OnnxModel | null = null;
  const work = mkdtempSync(path.join(os.tmpdir(), 'napominalka-profile-'));
  try {
    const o = options(argv);
    if (o === 'help') {
      io.out(USAGE);
      return 0;
    }
    const started = Date.now();
    assertWritableDir(path.dirname(o.out));
    model = await loadModel(o.version, o.modelsDir);
    const seed = o.seed ?? trainingSeed(model);
    io.err(`profile: model ${o.version}, ${o.n} examples, seed ${seed}`);
    const texts = await generateTrainingTexts({ seed, n: o.n, dir: work, log: io.err });
    if (texts.length === 0) throw new ProfileError(`${GENERATOR} produced no training examples`);
    const rows = await featureRows(model, texts, io);
    const profile = driftProfileSchema.parse({
      format: 1,
      modelVersion: o.version,
      createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      source: { kind: 'synthetic-training', seed, n: o.n, generator: GENERATOR },
      parse: { now: PROFILE_NOW, zone: PROFILE_ZONE },
      rows: rows.length,
      columns: profileColumnsOf(rows),
    } satisfies DriftProfile);
    writeFileAtomic(o.out, formatProfile(profile));
    for (const line of summary(profile, o.out, Date.now() - started)) io.out(line);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`models:profile: ${e.message}\nRun "pnpm models:profile --help" for usage.`);
      return 2;
    }
    io.err(`models:profile: ${(e as Error).message || String(e)}`);
    return 1;
  } finally {
    await model?.release().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

function options(argv: readonly string[]): Options | 'help' {
  let v;
  try {
    ({ values: v } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        version: { type: 'string' },
        n: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        'models-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (v.help) return 'help';
  const modelsDir = v['models-dir'] === undefined ? MODELS_DIR : path.resolve(v['models-dir']);
  const version = v.version?.trim() || currentVersion(modelsDir);
  const n = v.n === undefined ? DEFAULT_N : int('--n', v.n, 1);
  const seed = v.seed === undefined ? null : int('--seed', v.seed, 0);
  const out = v.out === undefined ? path.join(versionDir(version, modelsDir), 'profile.json') : path.resolve(v.out);
  return { version, n, seed, modelsDir, out };
}

/** Before minutes of work, not after. */
function assertWritableDir(dir: string): void {
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new ProfileError(`cannot write to ${dir}: not a writable directory`);
  }
}

function int(flag: string, s: string, min: number): number {
  const x = Number(s);
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(x) || x < min) throw new UsageError(`${flag} must be an integer ≥ ${min}, got "${s}"`);
  return x;
}

function currentVersion(dir: string): string {
  try {
    return readRegistry(dir).current;
  } catch (e) {
    throw new ProfileError(`no --version and no readable registry in ${dir}: ${(e as Error).message}`);
  }
}

const cardData = z.object({ data: z.object({ seed: z.number().int().min(0) }) });

/** The seed the model's training data was generated with, so the profile samples that very data. */
function trainingSeed(model: OnnxModel): number {
  const r = cardData.safeParse(model.card);
  if (!r.success) throw new UsageError(`the card of ${model.version} names no data.seed: pass --seed`);
  return r.data.data.seed;
}

/** The production pipeline without an LLM: the threshold then only decides clarifications, no feature. */
async function featureRows(model: OnnxModel, texts: readonly string[], io: ProfileIo): Promise<DriftFeatureRow[]> {
  const pipeline = new ParsePipeline({ model: () => model, llm: null, threshold: 0 });
  const occurredAt = new Date(PROFILE_NOW);
  const rows: DriftFeatureRow[] = [];
  const started = Date.now();
  for (const [i, text] of texts.entries()) {
    let parsed;
    try {
      parsed = await pipeline.parse({ text, timezone: PROFILE_ZONE, now: PROFILE_NOW });
    } catch (e) {
      throw new ProfileError(`the parser failed on training example ${i + 1} ${JSON.stringify(text.slice(0, 80))}: ${(e as Error).message}`);
    }
    rows.push(driftFeaturesOf({ text, parsed, occurredAt, zone: PROFILE_ZONE }));
    if ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === texts.length) {
      const rate = (i + 1) / Math.max(0.001, (Date.now() - started) / 1000);
      io.err(`[parse] ${i + 1}/${texts.length} (${rate.toFixed(0)} msg/s)`);
    }
  }
  return rows;
}

function summary(p: DriftProfile, file: string, ms: number): string[] {
  const shares = (xs: readonly string[]) => {
    const c = new Map<string, number>();
    for (const x of xs) c.set(x, (c.get(x) ?? 0) + 1);
    return Object.fromEntries([...c].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((v / Math.max(1, xs.length)) * 1000) / 1000]));
  };
  const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;
  const s = {
    file,
    bytes: statSync(file).size,
    modelVersion: p.modelVersion,
    rows: p.rows,
    slots: p.columns.slot_tags.length,
    lang: shares(p.columns.lang),
    intent: shares(p.columns.intent),
    slot_tags: shares(p.columns.slot_tags),
    median: {
      text_chars: median(p.columns.text_chars),
      text_tokens: median(p.columns.text_tokens),
      intent_confidence: median(p.columns.intent_confidence),
      slot_confidence: median(p.columns.slot_confidence),
    },
    seconds: Math.round(ms / 100) / 10,
  };
  return [
    `profile of ${s.modelVersion}: ${s.rows} messages, ${s.slots} slots -> ${file} (${(s.bytes / 1024).toFixed(0)} KiB, ${s.seconds} s)`,
    `  lang ${JSON.stringify(s.lang)}`,
    `  intent ${JSON.stringify(s.intent)}`,
    `  medians ${JSON.stringify(s.median)}`,
    JSON.stringify(s),
  ];
}

if (invokedDirectly(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
