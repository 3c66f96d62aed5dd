import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCard as readSchemaCard, readRegistry as readRegistryAt, versionDir as versionDirAt, type ModelCard } from '@napominalka/core/model-registry';
import { FEATURISATION } from '../text/featurize';
import { LEXICON_PATH } from '../text/lexicon';

export { cardSchema, registrySchema, type ModelCard } from '@napominalka/core/model-registry';

/**
 * The committed registry (inference/models): what tests and tools read when given no other. The
 * service reads config.MODEL_REGISTRY_DIR (pnpm start points it at a seeded copy in .data/models).
 */
export const MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));

export function readRegistry(dir = MODELS_DIR): ReturnType<typeof readRegistryAt> {
  return readRegistryAt(dir);
}

export function versionDir(version: string, dir = MODELS_DIR): string {
  return versionDirAt(version, dir);
}

/** The card, schema-checked and checked to fit this build's featurisation and lexicon. */
export function readCard(version: string, dir = MODELS_DIR): ModelCard {
  const card = readSchemaCard(version, dir);
  assertCompatible(card);
  return card;
}

/** A model trained on other features would answer confidently and wrongly: refuse it. */
export function assertCompatible(card: ModelCard): void {
  const why = incompatibility(card);
  if (why) throw new Error(why);
}

/** Why the card does not fit this build, or null when it does. */
export function incompatibility(card: ModelCard): string | null {
  if (card.featurisation.version !== FEATURISATION.version) {
    return `model ${card.version} uses featurisation v${card.featurisation.version}, this build v${FEATURISATION.version}`;
  }
  if (card.featurisation.lexiconSha256 && card.featurisation.lexiconSha256 !== lexiconSha256()) {
    return `model ${card.version} was trained with another lexicon (sha256 ${card.featurisation.lexiconSha256.slice(0, 12)}…)`;
  }
  return null;
}

let lexiconHash: string | undefined;
function lexiconSha256(): string {
  lexiconHash ??= createHash('sha256').update(readFileSync(LEXICON_PATH)).digest('hex');
  return lexiconHash;
}
