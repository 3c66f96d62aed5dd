import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { FEATURISATION } from '../text/featurize';
import { readCard, versionDir, type ModelCard } from './registry';

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
    private readonly session: ort.InferenceSession,
  ) {}

  static async load(version: string, dir?: string): Promise<OnnxModel> {
    const card = readCard(version, dir);
    const session = await ort.InferenceSession.create(path.join(versionDir(version, dir), 'model.onnx'), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    for (const name of ['features']) if (!session.inputNames.includes(name)) throw new Error(`model ${version} has no input "${name}"`);
    for (const name of ['intent_logits', 'tag_logits']) if (!session.outputNames.includes(name)) throw new Error(`model ${version} has no output "${name}"`);
    return new OnnxModel(version, card, session);
  }

  async run(ids: number[][]): Promise<ModelOutput> {
    const rows = ids.length > 0 ? ids : [new Array<number>(FEATURISATION.maxFeatures).fill(0)];
    const data = new BigInt64Array(rows.length * FEATURISATION.maxFeatures);
    rows.forEach((r, i) => r.forEach((v, j) => (data[i * FEATURISATION.maxFeatures + j] = BigInt(v))));
    const out = await this.session.run({ features: new ort.Tensor('int64', data, [1, rows.length, FEATURISATION.maxFeatures]) });
    const intents = this.card.labels.intents.length;
    const tagCount = this.card.labels.tags.length;
    const intent = softmax(Array.from(out.intent_logits!.data as Float32Array).slice(0, intents));
    const tagData = out.tag_logits!.data as Float32Array;
    const tags = ids.map((_, i) => softmax(Array.from(tagData.subarray(i * tagCount, (i + 1) * tagCount))));
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
