import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from '../../../core/src/testing/context';
import { promoteModel, readRegistry, writeRegistry } from '../../../core/src/models/index';
import { MODELS_DIR } from '../../../inference/src/model/registry';

/** The scratch model registry of a bench:models run and the promotions between its two versions. */
export interface ScratchRegistry {
  dir: string;
  /** The committed model both versions are copies of. */
  source: string;
  versions: [string, string];
}

/** The committed model copied under two versions (only card.json's "version" differs), in a scratch registry. */
export function scratchRegistry(): ScratchRegistry {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-models-'));
  const source = readRegistry(MODELS_DIR).current;
  const versions: [string, string] = [`${source}-a`, `${source}-b`];
  for (const v of versions) {
    cpSync(path.join(MODELS_DIR, source), path.join(dir, v), { recursive: true });
    const card = path.join(dir, v, 'card.json');
    writeFileSync(card, JSON.stringify({ ...JSON.parse(readFileSync(card, 'utf8')), version: v }, null, 1));
  }
  writeRegistry(dir, { current: versions[0], versions });
  return { dir, source, versions };
}

export const removeRegistry = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** Through the registry's own path (ModelPromoted to stream `models`, previous = the active version). */
export async function promote(t: TestContext, version: string, registryDir: string, n: number): Promise<void> {
  await promoteModel(
    t.store,
    { version, actor: 'cli:bench-models', reason: 'manual', note: `bench:models swap ${n}` },
    { registryDir, correlationId: `bench-models:${n}:${version}` },
  );
}
