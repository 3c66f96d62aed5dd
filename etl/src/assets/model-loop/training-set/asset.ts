import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { allPartitions, defineAsset, type PartitionsDefinition } from '../../../framework';
import type { EtlResources } from '../../../resources';
import { PATHS, REPO_ROOT, trainingSetsDir } from '../shared/paths';
import { runSubprocess, throttledLog } from '../shared/subprocess';
import { flatten } from '../shared/flatten';
import { labelsUpTo } from './export-labels';
import { setReportSchema } from './report';

/**
 * `training_set` (daily, the day it is cut): the seeded synthetic generator's data plus every
 * feedback label so far, deduplicated, with zero sentence overlap with the evaluation corpora
 * (inference/training/build_set.py checks and counts it), in the registry folder
 * (`training-sets/<day>-<hash>/`: train.jsonl, heldout.jsonl, report.json with the data card).
 * The labels become token-tagged rows with the serving tokeniser first (inference/src/feedback).
 */
export function trainingSetAsset(partitions: PartitionsDefinition) {
  return defineAsset<EtlResources>({
    key: 'training_set',
    description: 'synthetic data + feedback labels, deduplicated, no evaluation sentence (registry folder training-sets/)',
    partitions,
    deps: [{ asset: 'feedback_labels', mapping: allPartitions(), optional: true }],
    codeVersion: '1',
    retry: { maxAttempts: 2, backoffMs: 30_000 },
    timeoutMs: 20 * 60_000,
    materialize: async (ctx) => {
      const { config, ch, modelsDir } = ctx.resources;
      // The evaluation quarter of the labels is never trained on (shared/feedback-split.ts).
      const labels = await labelsUpTo(ch, ctx.partition!, { side: 'training' });
      const seed = config.MODEL_LOOP_SEED;
      const n = config.MODEL_LOOP_SYNTHETIC_N;
      const hash = createHash('sha256').update(JSON.stringify({ seed, n, labels })).digest('hex').slice(0, 12);
      const root = trainingSetsDir(modelsDir);
      const dir = path.join(root, `${ctx.partition}-${hash}`);
      if (!existsSync(path.join(dir, 'report.json'))) {
        const stage = path.join(root, `.staging-${randomBytes(4).toString('hex')}`);
        await mkdir(stage, { recursive: true });
        try {
          await writeFile(path.join(stage, 'labels.jsonl'), labels.map((l) => `${l}\n`).join(''));
          const log = throttledLog((line) => ctx.log('info', line));
          const rows = await runSubprocess(
            PATHS.tsx,
            [PATHS.trainingRows, '--in', path.join(stage, 'labels.jsonl'), '--out', path.join(stage, 'feedback.jsonl')],
            { cwd: REPO_ROOT, signal: ctx.signal },
          );
          ctx.log('info', `feedback rows: ${rows.lastStdout}`);
          await runSubprocess(
            PATHS.python,
            [PATHS.buildSet, '--seed', String(seed), '--n', String(n), '--feedback', path.join(stage, 'feedback.jsonl'), '--out', stage],
            { cwd: REPO_ROOT, signal: ctx.signal, onLine: log },
          );
          await rm(path.join(stage, 'labels.jsonl'));
          await rename(stage, dir).catch(async (err: NodeJS.ErrnoException) => {
            // Another attempt made the same set meanwhile: it is the same content.
            if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
          });
        } finally {
          await rm(stage, { recursive: true, force: true });
        }
      }
      const report = setReportSchema.parse(JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')));
      ctx.log(
        'info',
        `training set ${path.basename(dir)}: ${String(report.train)} train, ${String(report.heldout)} held out, ${labels.length} feedback labels`,
      );
      return {
        metadata: {
          path: path.relative(modelsDir, dir),
          sha256: report.sha256,
          feedback_labels: labels.length,
          train: report.train,
          heldout: report.heldout,
          ...flatten('card', { by_source: report.card.sizes?.by_source, by_lang: report.card.sizes?.by_lang, days: report.card.feedback?.days }),
        },
      };
    },
    checks: [
      {
        name: 'no_evaluation_sentences',
        severity: 'error',
        description: 'no sentence of an evaluation corpus (dev, dev v2, challenge) is in the training set',
        evaluate: async (ctx, m) => {
          const report = setReportSchema.parse(JSON.parse(await readFile(path.join(ctx.resources.modelsDir, String(m.metadata.path), 'report.json'), 'utf8')));
          const overlapping = Object.entries(report.card.overlap).filter(([, o]) => o.identical_texts > 0);
          const dropped = Object.values(report.card.overlap).reduce((n, o) => n + o.feedback_dropped, 0);
          return {
            passed: overlapping.length === 0,
            description:
              overlapping.length === 0
                ? `zero overlap with ${Object.keys(report.card.overlap).join(', ')}; ${dropped} feedback texts dropped as evaluation sentences`
                : `overlap: ${overlapping.map(([k, o]) => `${k} ${o.identical_texts}`).join(', ')}`,
            metadata: { feedback_dropped_as_evaluation: dropped },
          };
        },
      },
    ],
  });
}
