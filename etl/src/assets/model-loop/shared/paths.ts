import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository the ETL runs from: the training scripts and the evaluation CLI are programs in it. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');

export const PATHS = {
  python: '/usr/bin/python3',
  tsx: path.join(REPO_ROOT, 'node_modules/.bin/tsx'),
  buildSet: path.join(REPO_ROOT, 'inference/training/build_set.py'),
  train: path.join(REPO_ROOT, 'inference/training/train.sh'),
  trainingRows: path.join(REPO_ROOT, 'inference/src/feedback/cli.ts'),
  evaluateModel: path.join(REPO_ROOT, 'inference/src/eval/evaluate-model.ts'),
  pairedLatency: path.join(REPO_ROOT, 'inference/src/eval/paired-latency.ts'),
} as const;

/** The fixed corpora every candidate is compared on (beside the recent feedback labels). */
export const EVALUATION_CORPORA = [
  { name: 'dev', file: path.resolve(REPO_ROOT, '../shared/eval/parse-dev.jsonl') },
  { name: 'dev_v2', file: path.resolve(REPO_ROOT, '../shared/eval/parse-dev-v2.jsonl') },
  { name: 'challenge', file: path.join(REPO_ROOT, 'inference/src/eval/corpora/challenge.jsonl') },
] as const;

/** Where the loop keeps what it makes inside the registry folder: training sets and evaluation files. */
export const trainingSetsDir = (modelsDir: string) => path.join(modelsDir, 'training-sets');
