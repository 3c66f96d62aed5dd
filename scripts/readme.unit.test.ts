/**
 * The README is what a newcomer runs and an operator follows: every repository path it names must
 * exist, every `pnpm <script>` it shows must be a script, its first commands are the ones CI relies
 * on, and the figures it quotes come from runs recorded in docs/benchmarks.md. The one-pager PDF
 * checked in is one page, built from the current docs/one-pager.md.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countPdfPages, markdownDigest } from './one-pager';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const readme = read('README.md');

/** Fenced blocks with their info string, and the text outside them. */
function splitFences(md: string): { fences: { info: string; body: string }[]; prose: string } {
  const fences: { info: string; body: string }[] = [];
  const prose = md.replace(/^ *```([^\n]*)\n([\s\S]*?)^ *```$/gm, (_all, info: string, body: string) => {
    fences.push({ info: info.trim(), body });
    return '';
  });
  return { fences, prose };
}

const { fences, prose } = splitFences(readme);
// A span may wrap onto the next line of its paragraph.
const inlineSpans = [...prose.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((s) => !s.includes('\n\n'));
const shellLines = fences.filter((f) => f.info === 'sh').flatMap((f) => f.body.split('\n'));

// Paths are recognised by their first segment: a top-level entry of the repository that is part
// of it (not generated at run time). Paths relative to a service folder ("src/text/") or outside
// the repository ("../shared/…") are not checked here.
const GENERATED = new Set(['.data', 'node_modules', 'dist', 'coverage', '.git']);
const topLevel = new Set(readdirSync(root).filter((e) => !GENERATED.has(e)));

function pathTokens(text: string): string[] {
  return text
    .split(/[\s,;()"'=]+/)
    .map((t) => t.replace(/[.:]+$/, '').replace(/^\[|\]$/g, ''))
    .filter((t) => !t.includes('://') && topLevel.has(t.split('/')[0]!) && (t.includes('/') || /\.\w+$/.test(t)));
}

/** Does a path, with `<placeholder>`, `*` and `{a,b}` segments, match at least one entry? */
function pathExists(pattern: string): boolean {
  const brace = /\{([^}]+)\}/.exec(pattern);
  if (brace) return brace[1]!.split(',').every((alt) => pathExists(pattern.replace(brace[0], alt)));
  const segments = pattern.split('/').filter((s) => s !== '');
  const walk = (dir: string, i: number): boolean => {
    if (i === segments.length) return true;
    const seg = segments[i]!;
    if (!/[<*]/.test(seg)) return existsSync(join(dir, seg)) && walk(join(dir, seg), i + 1);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return false;
    const re = new RegExp(
      `^${seg
        .replace(/[.+^$()|[\]\\]/g, '\\$&')
        .replace(/<[^>]+>/g, '.+')
        .replace(/\*/g, '.*')}$`,
    );
    return readdirSync(dir).some((e) => re.test(e) && walk(join(dir, e), i + 1));
  };
  return walk(root, 0);
}

describe('README', () => {
  it('starts with the business case and the architecture, then quick start, operations and configuration', () => {
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    const at = (h: string) => headings.indexOf(h);
    expect(headings[0]).toBe('The business case');
    for (const h of ['Architecture', 'Quick start', 'Operations', 'Configuration']) expect(at(h), h).toBeGreaterThan(-1);
    expect(at('The business case')).toBeLessThan(at('Architecture'));
    expect(at('Architecture')).toBeLessThan(at('Quick start'));
    expect(at('Quick start')).toBeLessThan(at('Operations'));
    expect(at('Operations')).toBeLessThan(at('Configuration'));
    expect(fences.some((f) => f.info === 'mermaid' && /flowchart/.test(f.body))).toBe(true);
  });

  it('keeps its first commands: install and run the system, then the test command CI runs', () => {
    const first = fences.find((f) => f.info === 'sh');
    expect(first?.body.trim().split('\n')).toEqual(['npm i -g pnpm@9 && pnpm install && pnpm start', 'pnpm test']);
    expect(read('.ci/run')).toMatch(/^pnpm test$/m);
  });

  it('names only repository paths that exist (code spans, shell examples, links, the layout)', () => {
    const layout = fences.find((f) => f.info === '' && /^domain\/ /m.test(f.body));
    expect(layout, 'the layout block').toBeDefined();
    const layoutPaths = layout!.body
      .split('\n')
      .flatMap((l) => (/^\S+\/ /.test(l) ? [l.split(/\s+/)[0]!] : l.split(/\s+/)))
      .filter((p) => p !== '');
    const links = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!.split('#')[0]!).filter((p) => p !== '' && !p.includes('://'));
    const candidates = new Set([...layoutPaths, ...links, ...inlineSpans.flatMap(pathTokens), ...shellLines.flatMap(pathTokens)]);
    expect(candidates.size).toBeGreaterThan(50);
    expect([...candidates].filter((p) => !pathExists(p))).toEqual([]);
  });

  it('places the scheduler and the replay CLI where they are', () => {
    const layout = fences.find((f) => f.info === '' && /^domain\/ /m.test(f.body))!.body;
    const line = (dir: string) => layout.split('\n').find((l) => l.startsWith(`${dir} `)) ?? '';
    expect(line('bot/')).not.toMatch(/scheduler/);
    expect(line('projector/')).toMatch(/scheduler/);
    expect(existsSync(join(root, 'projector/src/scheduler/scheduler.ts'))).toBe(true);
    expect(line('scripts/')).toMatch(/replay/);
    expect(existsSync(join(root, 'scripts/replay.ts'))).toBe(true);
  });

  it('shows only pnpm scripts that package.json defines (or pnpm commands, or binaries of the dependencies)', () => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    const builtins = new Set(['install', 'i', 'add', 'exec', 'dlx', 'deploy', 'run', '--filter']);
    const used = [...inlineSpans, ...shellLines].flatMap((t) => [...t.matchAll(/(?:^|[\s&;(])pnpm (?:run )?([a-z][\w:-]*)/g)].map((m) => m[1]!));
    expect(used.length).toBeGreaterThan(20);
    // pnpm runs a dependency's binary for a name that is neither a command nor a script (`pnpm tsx …`).
    const isBin = (s: string) => existsSync(join(root, 'node_modules/.bin', s));
    expect([...new Set(used)].filter((s) => !builtins.has(s) && !scripts.includes(s) && !isBin(s))).toEqual([]);
  });

  it('quotes figures only from runs recorded in docs/benchmarks.md (date and commit)', () => {
    const bench = read('docs/benchmarks.md');
    const cited = [...readme.matchAll(/`((?:bench|eval):[\w-]+)`[^|\n]*?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)Z, ([0-9a-f]{7}(?:\+dirty)?)/g)];
    expect(cited.length).toBeGreaterThanOrEqual(6);
    for (const [, name, when, commit] of cited) {
      const section = bench.split(/^## /m).find((s) => s.split('\n')[0]!.includes(when!));
      expect(section, `${name} run of ${when}`).toBeDefined();
      expect(section, `${name} ${when}`).toContain(name!);
      expect(section, `${name} ${when} commit`).toContain(commit!);
    }
  });
});

describe('docs/one-pager.pdf', () => {
  it('is one page, built from the current docs/one-pager.md', () => {
    const pdf = readFileSync(join(root, 'docs/one-pager.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(countPdfPages(pdf)).toBe(1);
    // The title holds the digest of the markdown it was printed from (scripts/one-pager.ts).
    expect(pdf.toString('latin1')).toContain(`Napominalka one-pager ${markdownDigest(read('docs/one-pager.md'))}`);
  });
});
