import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The Python side of the featurisation contract (inference/training/featurize.py, used to make
 * the training data) must reproduce the same golden vectors as featurize.ts. Runs the stdlib-only
 * unittest suite (test_*.py; the torch-dependent checks are named check_*.py and not run here).
 */
const PYTHON = '/usr/bin/python3';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('featurisation contract, Python side', () => {
  it('featurize.py reproduces golden.json', () => {
    if (!existsSync(PYTHON)) {
      throw new Error(`${PYTHON} is missing: the Python featurisation (inference/training) cannot be checked; install python3`);
    }
    const r = spawnSync(PYTHON, ['-m', 'unittest', 'discover', '-s', 'inference/training', '-p', 'test_*.py'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.error) throw r.error;
    expect(r.status, `python unittest failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stderr).toMatch(/\nOK/);
  });
});
