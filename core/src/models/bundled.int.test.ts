import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRegistry } from './files';
import { BUNDLED_MODELS_DIR, ensureBundledModels, writeRegistry } from './seed';

const dir = mkdtempSync(path.join(tmpdir(), 'bundled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a shared registry gets the versions an image ships', () => {
  it('an empty one becomes a copy; a later start adds only what is missing and keeps its current', () => {
    const bundled = readRegistry(BUNDLED_MODELS_DIR);
    expect(ensureBundledModels(dir)).toEqual({ copied: bundled.versions, registry: 'copied' });
    writeRegistry(dir, { current: 'trained-here', versions: [...bundled.versions, 'trained-here'] });
    expect(ensureBundledModels(dir)).toEqual({ copied: [], registry: 'kept' });
    expect(readRegistry(dir).current).toBe('trained-here');
  });

  it('leaves the bundled folder itself alone', () => {
    expect(ensureBundledModels(BUNDLED_MODELS_DIR)).toBeNull();
  });
});
