import { OnnxModel } from './onnx-model';
import { featurize } from '../text/featurize';

const WARM_UP_TEXTS = ['напомни завтра в 9 позвонить маме', 'remind me in 45 minutes to check the oven', 'что у меня на завтра', 'hi'];

/**
 * Serves one model version at a time and swaps to another without stopping: the new version is
 * loaded and warmed up first, then the reference is replaced in one assignment, so every request
 * sees either the old or the new model, never a half-loaded one. The old session is released
 * after requests that already hold it have had time to finish.
 */
export class ModelHolder {
  private model: OnnxModel;
  private swapping: Promise<void> = Promise.resolve();

  private constructor(model: OnnxModel) {
    this.model = model;
  }

  static async load(version: string, dir?: string): Promise<ModelHolder> {
    const m = await OnnxModel.load(version, dir);
    await m.warmUp(WARM_UP_TEXTS.map((t) => featurize(t).ids));
    return new ModelHolder(m);
  }

  get current(): OnnxModel {
    return this.model;
  }

  /** Loads, warms up and swaps in `version`; concurrent promotions run one after another. */
  promote(version: string, dir?: string, graceMs = 5000): Promise<void> {
    const next = this.swapping.then(async () => {
      if (this.model.version === version) return;
      const m = await OnnxModel.load(version, dir);
      await m.warmUp(WARM_UP_TEXTS.map((t) => featurize(t).ids));
      const old = this.model;
      this.model = m;
      setTimeout(() => void old.release().catch(() => undefined), graceMs).unref();
    });
    this.swapping = next.catch(() => undefined);
    return next;
  }
}
