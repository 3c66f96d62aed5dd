import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRegistry, registerVersion, seedRegistry, type ModelCard } from '@napominalka/core/model-registry';
import { MODELS_DIR } from './registry';

/** The committed model version every test registry is made from. */
export const COMMITTED_VERSION = readRegistry(MODELS_DIR).current;

/** A registry in a temporary folder, seeded from the committed one, for tests (never the git tree). */
export function scratchRegistry(prefix = 'models-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  seedRegistry(MODELS_DIR, dir);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface VariantOptions {
  /** Changes the card (after its version is set to the new name). */
  card?: (card: ModelCard) => Record<string, unknown>;
  /**
   * Damages model.onnx: flip = 64 bytes inverted mid-file (same size), truncate = cut to a
   * quarter (onnxruntime cannot parse it). With `fixChecksum` the card names the damaged bytes'
   * sha256, so only onnxruntime can notice.
   */
  corrupt?: 'flip' | 'truncate';
  fixChecksum?: boolean;
  /** Leave it out of registry.json's list. */
  unregistered?: boolean;
}

/** Adds `name` to a scratch registry: a copy of the committed model under a new version name. */
export function addVersion(dir: string, name: string, opts: VariantOptions = {}): string {
  const vdir = path.join(dir, name);
  cpSync(path.join(dir, COMMITTED_VERSION), vdir, { recursive: true });
  const cardPath = path.join(vdir, 'card.json');
  let card = { ...(JSON.parse(readFileSync(cardPath, 'utf8')) as ModelCard), version: name };
  if (opts.corrupt) {
    const file = path.join(vdir, 'model.onnx');
    let bytes = readFileSync(file);
    if (opts.corrupt === 'flip') {
      const at = bytes.length >> 1;
      for (let i = at; i < at + 64; i++) bytes[i] = bytes[i]! ^ 0xff;
    } else bytes = bytes.subarray(0, bytes.length >> 2);
    writeFileSync(file, bytes);
    if (opts.fixChecksum) card = { ...card, model: { ...card.model!, sha256: createHash('sha256').update(bytes).digest('hex') } };
  }
  writeFileSync(cardPath, JSON.stringify(opts.card ? opts.card(card) : card));
  if (!opts.unregistered) registerVersion(name, dir);
  return vdir;
}
