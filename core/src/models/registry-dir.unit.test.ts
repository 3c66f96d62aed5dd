import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';

describe('MODEL_REGISTRY_DIR', () => {
  it('defaults to the committed registry as an absolute path, and resolves relative paths under the repository root', () => {
    const def = loadConfig({}).MODEL_REGISTRY_DIR;
    expect(path.isAbsolute(def)).toBe(true);
    expect(existsSync(path.join(def, 'registry.json'))).toBe(true);
    const root = path.resolve(def, '../..');
    expect(loadConfig({ MODEL_REGISTRY_DIR: '.data/models' }).MODEL_REGISTRY_DIR).toBe(path.join(root, '.data/models'));
    expect(loadConfig({ MODEL_REGISTRY_DIR: '/srv/models' }).MODEL_REGISTRY_DIR).toBe('/srv/models');
  });
});
