import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasRegistry, readRegistry, registryPath, versionDir, type Registry } from './files';

export interface SeedResult {
  /** Versions copied into toDir by this call (those already there are left as they are). */
  copied: string[];
  /** What happened to toDir/registry.json: made from fromDir's, or kept (missing versions added). */
  registry: 'copied' | 'kept';
}

/**
 * Makes `toDir` a registry holding `fromDir`'s versions, so a local run or a test writes its
 * candidates there and never into the git tree. Files are copied (a reflink where the file system
 * has them), not hard-linked: a hard link would let a write into the copy change the committed
 * model. A version already in toDir is never overwritten; registry.json is copied only when toDir
 * has none, else fromDir's versions it lacks are added to its list (its current stays).
 */
export function seedRegistry(fromDir: string, toDir: string): SeedResult {
  const from = readRegistry(fromDir);
  mkdirSync(toDir, { recursive: true });
  const copied: string[] = [];
  for (const version of from.versions) {
    const src = versionDir(version, fromDir);
    const dst = versionDir(version, toDir);
    if (existsSync(dst) || !existsSync(src)) continue;
    // Staged next to it and renamed: a reader never sees a half-copied version.
    const staging = path.join(toDir, `.seed-${version}-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    copyTree(src, staging);
    renameSync(staging, dst);
    copied.push(version);
  }
  if (!hasRegistry(toDir)) {
    writeRegistry(toDir, { ...from, versions: from.versions.filter((v) => existsSync(versionDir(v, toDir))) });
    return { copied, registry: 'copied' };
  }
  const to = readRegistry(toDir);
  const missing = from.versions.filter((v) => !to.versions.includes(v) && existsSync(versionDir(v, toDir)));
  if (missing.length > 0) writeRegistry(toDir, { ...to, versions: [...to.versions, ...missing] });
  return { copied, registry: 'kept' };
}

/**
 * Adds a complete version folder to registry.json's list (the first one registered also becomes
 * `current`). Written to a temporary file and renamed, so readers see the old or the new list.
 */
export function registerVersion(version: string, dir: string): Registry {
  if (!existsSync(path.join(versionDir(version, dir), 'card.json')))
    throw new Error(`cannot register ${version}: ${versionDir(version, dir)} has no card.json`);
  const reg: Registry = hasRegistry(dir) ? readRegistry(dir) : { current: version, versions: [] };
  if (reg.versions.includes(version)) return reg;
  const next = { ...reg, versions: [...reg.versions, version] };
  writeRegistry(dir, next);
  return next;
}

export function writeRegistry(dir: string, registry: Registry): void {
  const tmp = `${registryPath(dir)}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(registry, null, 1)}\n`);
  renameSync(tmp, registryPath(dir));
}

function copyTree(src: string, dst: string): void {
  mkdirSync(dst, { recursive: true });
  for (const name of readdirSync(src)) {
    const s = path.join(src, name);
    const d = path.join(dst, name);
    if (statSync(s).isDirectory()) copyTree(s, d);
    else copyFileSync(s, d, constants.COPYFILE_FICLONE);
  }
}

/** The versions the build ships: inference/models, in the repository and in every image. */
export const BUNDLED_MODELS_DIR = fileURLToPath(new URL('../../../inference/models/', import.meta.url));

/**
 * A service starting on a registry elsewhere (compose's shared `models` volume) adds the versions
 * its build ships that the registry lacks; the registry's own versions and current stay. Null when
 * the registry is the bundled folder itself.
 */
export function ensureBundledModels(dir: string): SeedResult | null {
  if (path.resolve(dir) === path.resolve(BUNDLED_MODELS_DIR) || !hasRegistry(BUNDLED_MODELS_DIR)) return null;
  return seedRegistry(BUNDLED_MODELS_DIR, dir);
}
