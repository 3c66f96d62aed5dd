import { activeStack, activeVersion, hasRegistry, readPromotions, readRegistry } from '@napominalka/core/model-registry';
import type { EventStore, Logger } from '@napominalka/core';
import { ModelHolder } from './model-holder';
import { ModelLoadError } from './load-error';
import type { OnnxModel } from './onnx-model';

/**
 * The model this process serves, kept equal to the store's active version (the last ModelPromoted,
 * else the registry's current). A version that cannot be loaded is refused with the served model
 * kept; at start-up the versions active before it are tried newest first (the promotion stack), so a corrupt promotion
 * never leaves a new worker without a model while an older good one exists.
 */
export class ActiveModel {
  private holder: ModelHolder | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** The version the store says is active, as of the last sync. */
  wanted: string | null = null;

  constructor(private readonly deps: { store: EventStore; dir: string; log: Logger }) {}

  get current(): OnnxModel | null {
    return this.holder?.current ?? null;
  }

  /** Brings the served model to the active version; calls run one after another. */
  sync(trigger: 'start' | 'promoted'): Promise<void> {
    const next = this.chain.then(() => this.syncNow(trigger));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async syncNow(trigger: 'start' | 'promoted'): Promise<void> {
    const { store, dir, log } = this.deps;
    const version = await activeVersion(store, dir);
    this.wanted = version;
    if (!version) {
      if (trigger === 'start') log.warn({ dir }, 'no model registry and no promotion: parsing with rules only');
      return;
    }
    if (!this.holder) {
      this.holder = await this.loadFirst(version);
      return;
    }
    const from = this.holder.current.version;
    if (from !== version) log.info({ version, from }, 'promoting model');
    try {
      const result = await this.holder.promote(version, dir);
      if (result === 'swapped') log.info({ version, from }, 'model promoted');
    } catch (err) {
      log.error({ version, serving: from, failure: failureOf(err), err: (err as Error).message }, 'model promotion refused: the served model stays');
    }
  }

  private registryCurrent(): string | null {
    try {
      return hasRegistry(this.deps.dir) ? readRegistry(this.deps.dir).current : null;
    } catch (err) {
      this.deps.log.error({ err: (err as Error).message }, 'model registry does not read');
      return null;
    }
  }

  /** The active version, else the ones active before it (newest first), else the registry's current. */
  private async loadFirst(version: string): Promise<ModelHolder | null> {
    const { store, dir, log } = this.deps;
    const registryCurrent = this.registryCurrent();
    const earlier = activeStack(await readPromotions(store), registryCurrent).reverse();
    for (const v of new Set([version, ...earlier, ...(registryCurrent ? [registryCurrent] : [])])) {
      try {
        const holder = await ModelHolder.load(v, dir);
        if (v === version) log.info({ version }, 'model loaded');
        else log.warn({ version: v, active: version }, 'serving an earlier model: the active one was refused');
        return holder;
      } catch (err) {
        log.error({ version: v, failure: failureOf(err), err: (err as Error).message }, 'model refused at load');
      }
    }
    log.error({ version }, 'no model version could be loaded: parsing with rules only');
    return null;
  }
}

function failureOf(err: unknown): string {
  return err instanceof ModelLoadError ? err.failure : 'error';
}
