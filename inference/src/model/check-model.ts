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
/** The card side of {@link checkModel}: the card reads, fits this build and names the file's sha256. */
export function checkCard(version: string, dir = MODELS_DIR): { card: ModelCard & { model: { file: string; sha256: string } }; file: string } {
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
  const model = card.model;
  if (!model?.sha256) throw new ModelLoadError(version, 'invalid-card', 'card.json has no model.sha256 to check model.onnx against');
  return { card: { ...card, model: { ...model, file: model.file, sha256: model.sha256 } }, file: path.join(versionDir(version, dir), model.file) };
}

/** A file's bytes whose sha256 differs from the card's: corrupt or replaced. */
export const checksumDetail = (fileName: string, sha: string, expected: string) =>
  `${fileName} has sha256 ${sha.slice(0, 12)}…, its card says ${expected.slice(0, 12)}… (corrupt or replaced)`;

export function checkModel(version: string, dir = MODELS_DIR): CheckedModel {
  const { card, file } = checkCard(version, dir);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new ModelLoadError(version, 'missing-file', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== card.model.sha256) throw new ModelLoadError(version, 'checksum', checksumDetail(card.model.file, sha, card.model.sha256));
  return { card, bytes };
}
