import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const scripts = Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
/** `pnpm test --help` would lint and typecheck the repo before vitest printed its help; `pnpm lint --help` would run eslint over it before prettier's help. */
const SKIP = new Set(['test', 'lint']);
/** The toolchain's own commands print their tool's help, not a Usage line of ours. */
const TOOLS = new Set(['test:unit', 'typecheck']);

/** Every `pnpm <script>` starts and answers --help: a crash at start (an import that throws) fails here. */
describe('pnpm scripts', () => {
  it('lists the scripts this test knows how to ask', () => {
    expect(scripts.length).toBeGreaterThan(15);
  });

  for (const name of scripts.filter((s) => !SKIP.has(s))) {
    it(`pnpm ${name} --help exits 0 and prints its usage`, async () => {
      const { stdout, stderr } = await run('pnpm', ['-s', 'run', name, '--help'], { cwd: ROOT, env: { ...process.env, CI: 'true' }, timeout: 90_000 }).catch(
        (e: Error & { stdout?: string; stderr?: string }) => {
          throw new Error(`pnpm ${name} --help failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
        },
      );
      const out = `${stdout}\n${stderr}`;
      if (TOOLS.has(name)) expect(out.length, name).toBeGreaterThan(100);
      else expect(out, name).toMatch(/^Usage: /m);
    });
  }
});
