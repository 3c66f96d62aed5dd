import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { activeVersion, RegistryError } from '@napominalka/core/model-registry';
import { driftProfileSchema } from '@napominalka/core/drift-features';
import type { EtlResources } from '../../resources';
import type { Reference } from './report';

const VERSION = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The model whose parses production sees now (the shared registry's active version: the last
 * ModelPromoted, else the registry's current); null when neither exists or the registry does not read.
 */
export async function activeModelVersion(r: Pick<EtlResources, 'store' | 'modelsDir'>): Promise<string | null> {
  try {
    return await activeVersion(r.store, r.modelsDir);
  } catch (err) {
    if (err instanceof RegistryError) return null;
    throw err;
  }
}

/**
 * The active model's training profile (`<models>/<version>/profile.json`, written by
 * `pnpm models:profile` when the model is trained) as a drift reference; null when the model has
 * none or it does not read (a broken profile is reported, not fatal: the report falls back).
 */
export async function trainingReference(r: Pick<EtlResources, 'pool' | 'store' | 'modelsDir' | 'log'>): Promise<Reference | null> {
  const version = await activeModelVersion(r);
  if (!version || !VERSION.test(version)) return null;
  let text: string;
  try {
    text = await readFile(path.join(r.modelsDir, version, 'profile.json'), 'utf8');
  } catch {
    return null;
  }
  const parsed = driftProfileSchema.safeParse(safeJson(text));
  if (!parsed.success) {
    r.log.warn(
      {
        version,
        err: parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; '),
      },
      'training profile does not read; not used',
    );
    return null;
  }
  const c = parsed.data.columns;
  return {
    kind: 'training',
    label: `the training profile of model ${version}`,
    window: {
      rows: parsed.data.rows,
      sampled: parsed.data.rows,
      numeric: {
        text_chars: c.text_chars,
        text_tokens: c.text_tokens,
        intent_confidence: c.intent_confidence,
        slot_confidence: c.slot_confidence,
        corrections: c.corrections,
        local_hour: [],
      },
      categorical: { lang: c.lang, intent: c.intent, slot_tags: c.slot_tags, parser: c.parser, zone: [] },
      texts: null,
    },
    missing: ['local_hour', 'zone'],
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
