import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The domain stays pure even if eslint.config.js loses its rule: every import of every file
// under domain/src is read here, static or dynamic, type-only or not.
const SRC = dirname(fileURLToPath(import.meta.url));
const FORBIDDEN = [
  /^pg($|\/|-)/,
  /^amqplib($|\/)/,
  /^@opentelemetry\//,
  /^hono($|\/)/,
  /^@hono\//,
  /^@clickhouse\//,
  /^chdb($|\/)/,
  /^pino($|\/)/,
  /^prom-client($|\/)/,
];
const WORKSPACE = /^@napominalka\/(?!domain($|\/))/;
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].map((m) => m[1] ?? '');
}

/** Why a specifier breaks the boundary, or null when it is allowed. */
function violation(file: string, specifier: string): string | null {
  if (specifier.startsWith('.')) {
    const target = relative(SRC, resolve(dirname(file), specifier));
    return target.startsWith('..') ? 'leaves domain/src' : null;
  }
  if (FORBIDDEN.some((re) => re.test(specifier))) return 'an I/O client';
  if (WORKSPACE.test(specifier)) return 'another workspace package';
  return null;
}

describe('domain boundary', () => {
  const files = sourceFiles(SRC);

  it('reads the files it checks', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(importsOf(join(SRC, 'zones', 'zone-at.ts'))).toContain('@photostructure/tz-lookup');
  });

  it('recognises what it forbids', () => {
    const here = join(SRC, 'reminders', 'x.ts');
    expect(
      ['pg', '@opentelemetry/api', 'hono/jsx', '@hono/node-server', 'amqplib', '@napominalka/core', '../../../core/src/store/event-store'].map((s) =>
        violation(here, s),
      ),
    ).not.toContain(null);
    expect(['zod', 'luxon', '../events/catalog', './state', '@napominalka/domain'].map((s) => violation(here, s))).toEqual([null, null, null, null, null]);
  });

  it('imports no I/O client, no runtime and nothing outside domain/src', () => {
    const broken = files.flatMap((file) =>
      importsOf(file).flatMap((s) => {
        const why = violation(file, s);
        return why ? [`${relative(SRC, file)}: '${s}' (${why})`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('declares no I/O client as a dependency', () => {
    const pkg = JSON.parse(readFileSync(join(SRC, '..', 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const deps = Object.keys(pkg.dependencies ?? {});
    expect(deps.filter((d) => FORBIDDEN.some((re) => re.test(d)) || WORKSPACE.test(d))).toEqual([]);
  });
});
