/**
 * scripts/one-pager.ts run as a process with Debian's Chromium (CI installs it, .ci/run): the
 * one-pager prints on exactly one page, and a text that does not fit is refused.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { countPdfPages, markdownDigest } from './one-pager';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'one-pager-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/one-pager.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

describe('scripts/one-pager.ts', () => {
  it('prints docs/one-pager.md on one A4 page, titled with the text it was built from', () => {
    const out = join(work, 'one-pager.pdf');
    const r = run('--out', out, '--html', join(work, 'one-pager.html'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const pdf = readFileSync(out);
    expect(countPdfPages(pdf)).toBe(1);
    expect(pdf.toString('latin1')).toContain(`Napominalka one-pager ${markdownDigest(readFileSync(join(root, 'docs/one-pager.md'), 'utf8'))}`);
    const html = readFileSync(join(work, 'one-pager.html'), 'utf8');
    expect(html).toContain('<h2>Measured figures</h2>');
    expect(html).toMatch(/<table>[\s\S]*chrono-node[\s\S]*<\/table>/);
  }, 150_000);

  it('refuses a text that runs onto a second page', () => {
    const long = join(work, 'long.md');
    writeFileSync(long, readFileSync(join(root, 'docs/one-pager.md'), 'utf8').repeat(3));
    const r = run('--in', long, '--out', join(work, 'long.pdf'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/has [2-9] pages, not one/);
    expect(countPdfPages(readFileSync(join(work, 'long.pdf')))).toBeGreaterThan(1);
  }, 150_000);

  it('explains itself with --help and refuses an unknown option', () => {
    expect(run('--help').stdout).toMatch(/^Usage: tsx scripts\/one-pager\.ts/);
    const bad = run('--pages', '2');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown option --pages/);
  });
});
