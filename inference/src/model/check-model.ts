import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readCard, RegistryError, versionDir, type ModelCard } from '@napominalka/core/model-registry';
import { ModelLoadError } from './load-error';
import { incompatibility, MODELS_DIR } from './registry';

export interface CheckedModel {
  card: ModelCard;
  /** The ONNX file's bytes, already checked against the card's sha256. */
  bytes: Buffer;
}

/**
 * Everything about a version that can be checked without onnxruntime: its card reads, fits this
 * build (featurisation, lexicon), and names the sha256 of a model file that has exactly those
 * bytes. Throws a ModelLoadError naming the version and the cause.
 */
export function checkModel(version: string, dir = MODELS_DIR): CheckedModel {
  let card: ModelCard;
  try {
    card = readCard(version, dir);
  } catch (err) {
    if (err instanceof RegistryError) {
      const failure = err.reason === 'missing-card' ? 'missing-card' : err.reason === 'invalid-version' ? 'invalid-version' : 'invalid-card';
      throw new ModelLoadError(version, failure, err.message);
    }
    throw err;
  }
  const why = incompatibility(card);
  if (why) throw new ModelLoadError(version, 'incompatible', why);
  if (!card.model?.sha256) throw new ModelLoadError(version, 'invalid-card', 'card.json has no model.sha256 to check model.onnx against');
  const file = path.join(versionDir(version, dir), card.model.file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new ModelLoadError(version, 'missing-file', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== card.model.sha256) {
    throw new ModelLoadError(version, 'checksum', `${card.model.file} has sha256 ${sha.slice(0, 12)}…, its card says ${card.model.sha256.slice(0, 12)}… (corrupt or replaced)`);
  }
  return { card, bytes };
}
