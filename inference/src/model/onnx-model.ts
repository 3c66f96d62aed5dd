import type { ModelCard } from '@napominalka/core/model-registry';
import { FEATURISATION } from '../text/featurize';
import { checkCard } from './check-model';
import { WorkerSession } from './session-client';
import { ModelLoadError } from './load-error';

export interface ModelOutput {
  /** Softmax over card.labels.intents. */
  intent: number[];
  /** Per token, softmax over card.labels.tags. */
  tags: number[][];
}

/** One loaded model version: an onnxruntime session and its card. */
export class OnnxModel {
  private constructor(
    readonly version: string,
    readonly card: ModelCard,
    private readonly session: WorkerSession,
  ) {}

  /** Checks the version (./check-model) and opens it in a session thread; a refusal is a ModelLoadError. */
  static async load(version: string, dir?: string): Promise<OnnxModel> {
    const { card, file } = checkCard(version, dir);
    const session = await WorkerSession.open(version, file, card.model.file, card.model.sha256, FEATURISATION.maxFeatures);
    const missing = [
      ...['features'].filter((n) => !session.inputNames.includes(n)).map((n) => `input "${n}"`),
      ...['intent_logits', 'tag_logits'].filter((n) => !session.outputNames.includes(n)).map((n) => `output "${n}"`),
    ];
    if (missing.length > 0) {
      await session.release().catch(() => undefined);
      throw new ModelLoadError(version, 'onnx', `the graph has no ${missing.join(', ')}`);
    }
    return new OnnxModel(version, card, session);
  }

  async run(ids: number[][]): Promise<ModelOutput> {
    const rows = ids.length > 0 ? ids : [new Array<number>(FEATURISATION.maxFeatures).fill(0)];
    const data = new BigInt64Array(rows.length * FEATURISATION.maxFeatures);
    rows.forEach((r, i) => r.forEach((v, j) => (data[i * FEATURISATION.maxFeatures + j] = BigInt(v))));
    const out = await this.session.run(data, rows.length);
    const intents = this.card.labels.intents.length;
    const tagCount = this.card.labels.tags.length;
    const intent = softmax(Array.from(out.intentLogits).slice(0, intents));
    const tags = ids.map((_, i) => softmax(Array.from(out.tagLogits.subarray(i * tagCount, (i + 1) * tagCount))));
    return { intent, tags };
  }

  /** Runs a few inputs so the first real request does not pay for lazy initialisation. */
  async warmUp(samples: number[][][]): Promise<void> {
    for (const s of samples) await this.run(s);
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

export function softmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}
