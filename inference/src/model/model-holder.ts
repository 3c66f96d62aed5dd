import { modelServingMetrics, setServedVersion } from '@napominalka/core/model-registry';
import { OnnxModel } from './onnx-model';
import { ModelLoadError } from './load-error';
import { featurize } from '../text/featurize';

const WARM_UP_TEXTS = ['напомни завтра в 9 позвонить маме', 'remind me in 45 minutes to check the oven', 'что у меня на завтра', 'hi'];

export type SwapResult = 'swapped' | 'unchanged';

/**
 * Serves one model version at a time and swaps to another without stopping: the new version is
 * checked, loaded and warmed up first, then the reference is replaced in one assignment, so every
 * request sees either the old or the new model, never a half-loaded one. A version that is refused
 * (corrupt, incompatible, missing) never replaces the served one. The old session is released
 * after requests that already hold it have had time to finish.
 */
export class ModelHolder {
  private model: OnnxModel;
  private swapping: Promise<unknown> = Promise.resolve();

  private constructor(model: OnnxModel) {
    this.model = model;
    setServedVersion(model.version);
  }

  static async load(version: string, dir?: string): Promise<ModelHolder> {
    return new ModelHolder(await loadWarm(version, dir));
  }

  get current(): OnnxModel {
    return this.model;
  }

  /**
   * Loads, warms up and swaps in `version`; concurrent promotions run one after another. The old
   * session is released `graceMs` later: a parse holds the model it started with for a few
   * milliseconds, and each session thread left alive costs its memory.
   */
  promote(version: string, dir?: string, graceMs = 1000): Promise<SwapResult> {
    const next = this.swapping.then(async (): Promise<SwapResult> => {
      if (this.model.version === version) {
        modelServingMetrics.swaps.inc({ result: 'unchanged' });
        return 'unchanged';
      }
      const m = await loadWarm(version, dir);
      const old = this.model;
      this.model = m;
      setServedVersion(version);
      modelServingMetrics.swaps.inc({ result: 'swapped' });
      setTimeout(() => void old.release().catch(() => undefined), graceMs).unref();
      return 'swapped';
    });
    this.swapping = next.catch(() => undefined);
    return next;
  }
}

/** Loads and warms up a version, counting a refusal by its cause. */
async function loadWarm(version: string, dir: string | undefined): Promise<OnnxModel> {
  try {
    const m = await OnnxModel.load(version, dir);
    try {
      await m.warmUp(WARM_UP_TEXTS.map((t) => featurize(t).ids));
    } catch (err) {
      await m.release().catch(() => undefined);
      throw new ModelLoadError(version, 'onnx', `warm-up failed: ${(err as Error).message}`);
    }
    return m;
  } catch (err) {
    modelServingMetrics.swaps.inc({ result: 'refused' });
    modelServingMetrics.refusals.inc({ failure: err instanceof ModelLoadError ? err.failure : 'onnx' });
    throw err;
  }
}
