import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { FEATURISATION } from '../text/featurize';
import { LEXICON_PATH } from '../text/lexicon';

/**
 * The model registry: inference/models/<version>/ holds model.onnx and its card (metrics, data
 * hash, featurisation it was trained with); registry.json names the current version.
 */
export const MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));

export const cardSchema = z
  .object({
    version: z.string().regex(/^[\w.-]+$/),
    created: z.string(),
    featurisation: z.object({ version: z.number().int(), lexiconSha256: z.string().optional() }).passthrough(),
    labels: z.object({ intents: z.array(z.string()).min(2), tags: z.array(z.string()).min(2) }),
    metrics: z.record(z.unknown()).default({}),
  })
  .passthrough();
export type ModelCard = z.infer<typeof cardSchema>;

export const registrySchema = z.object({ current: z.string(), versions: z.array(z.string()) }).passthrough();

export function readRegistry(dir = MODELS_DIR): z.infer<typeof registrySchema> {
  return registrySchema.parse(JSON.parse(readFileSync(path.join(dir, 'registry.json'), 'utf8')));
}

export function versionDir(version: string, dir = MODELS_DIR): string {
  if (!/^[\w.-]+$/.test(version) || version.startsWith('.')) throw new Error(`invalid model version "${version}"`);
  return path.join(dir, version);
}

export function readCard(version: string, dir = MODELS_DIR): ModelCard {
  const card = cardSchema.parse(JSON.parse(readFileSync(path.join(versionDir(version, dir), 'card.json'), 'utf8')));
  assertCompatible(card);
  return card;
}

/** A model trained on other features would answer confidently and wrongly: refuse it. */
export function assertCompatible(card: ModelCard): void {
  if (card.featurisation.version !== FEATURISATION.version) {
    throw new Error(`model ${card.version} uses featurisation v${card.featurisation.version}, this build v${FEATURISATION.version}`);
  }
  const sha = createHash('sha256').update(readFileSync(LEXICON_PATH)).digest('hex');
  if (card.featurisation.lexiconSha256 && card.featurisation.lexiconSha256 !== sha) {
    throw new Error(`model ${card.version} was trained with another lexicon (sha256 ${card.featurisation.lexiconSha256.slice(0, 12)}…)`);
  }
}
