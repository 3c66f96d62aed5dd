import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { quoteIdent } from '@napominalka/core';
import { driftProfileSchema } from '@napominalka/core/drift-features';
import type { EtlResources } from '../../resources';
import type { Reference } from './report';

const registrySchema = z.object({ current: z.string().min(1) });
const VERSION = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The model whose parses production sees now: the last ModelPromoted in the store, else the
 * registry's current version.
 */
export async function activeModelVersion(r: Pick<EtlResources, 'pool' | 'store' | 'modelsDir'>): Promise<string | null> {
  const res = await r.pool.query<{ v: string }>(
    `select data->>'version' as v from ${quoteIdent(r.store.schema)}.events where type = 'ModelPromoted' order by global_position desc limit 1`,
  );
  if (res.rows[0]?.v) return res.rows[0].v;
  try {
    return registrySchema.parse(JSON.parse(await readFile(path.join(r.modelsDir, 'registry.json'), 'utf8'))).current;
  } catch {
    return null;
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
    r.log.warn({ version, err: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, 'training profile does not read; not used');
    return null;
  }
  const c = parsed.data.columns;
  return {
    kind: 'training',
    label: `the training profile of model ${version}`,
    window: {
      rows: parsed.data.rows,
      sampled: parsed.data.rows,
      numeric: { text_chars: c.text_chars, text_tokens: c.text_tokens, intent_confidence: c.intent_confidence, slot_confidence: c.slot_confidence, corrections: c.corrections, local_hour: [] },
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
