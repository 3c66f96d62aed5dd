import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The registry on disk: <dir>/<version>/ holds model.onnx, card.json (metrics, data hash, the
 * featurisation it was trained with) and profile.json; <dir>/registry.json lists the registered
 * versions and the one the registry started with ("current"). Which version is active is decided
 * by ModelPromoted events (./promotions), not by this file.
 */
const VERSION = /^[\w.-]+$/;

export const cardSchema = z
  .object({
    version: z.string().regex(VERSION),
    created: z.string(),
    featurisation: z.object({ version: z.number().int(), lexiconSha256: z.string().optional() }).passthrough(),
    labels: z.object({ intents: z.array(z.string()).min(2), tags: z.array(z.string()).min(2) }),
    /** The ONNX file and its checksum: a loader refuses a file whose bytes differ. */
    model: z
      .object({ file: z.string().regex(VERSION).default('model.onnx'), bytes: z.number().int().optional(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })
      .passthrough()
      .optional(),
    metrics: z.record(z.unknown()).default({}),
  })
  .passthrough();
export type ModelCard = z.infer<typeof cardSchema>;

export const registrySchema = z.object({ current: z.string().regex(VERSION), versions: z.array(z.string().regex(VERSION)) }).passthrough();
export type Registry = z.infer<typeof registrySchema>;

/** Why a registry file could not be read: typed, so callers branch on it, not on messages. */
export type RegistryErrorReason = 'no-registry' | 'invalid-registry' | 'invalid-version' | 'missing-card' | 'invalid-card';

export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    readonly reason: RegistryErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export function registryPath(dir: string): string {
  return path.join(dir, 'registry.json');
}

export function hasRegistry(dir: string): boolean {
  return existsSync(registryPath(dir));
}

export function readRegistry(dir: string): Registry {
  const file = registryPath(dir);
  if (!existsSync(file)) throw new RegistryError('no-registry', `no model registry at ${file}`);
  const parsed = registrySchema.safeParse(safeJson(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new RegistryError('invalid-registry', `${file} does not read: ${issues(parsed.error)}`);
  return parsed.data;
}

/** The folder of one version; refuses names that could leave the registry ("..", "/"). */
export function versionDir(version: string, dir: string): string {
  if (!VERSION.test(version) || version.startsWith('.')) throw new RegistryError('invalid-version', `invalid model version "${version}"`);
  return path.join(dir, version);
}

/** The version's card, schema-checked (whether it fits this build is the loader's question). */
export function readCard(version: string, dir: string): ModelCard {
  const file = path.join(versionDir(version, dir), 'card.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new RegistryError('missing-card', `model ${version}: no card at ${file}`);
  }
  const parsed = cardSchema.safeParse(safeJson(text));
  if (!parsed.success) throw new RegistryError('invalid-card', `model ${version}: card.json does not read: ${issues(parsed.error)}`);
  if (parsed.data.version !== version) throw new RegistryError('invalid-card', `model ${version}: card.json names version "${parsed.data.version}"`);
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function issues(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
