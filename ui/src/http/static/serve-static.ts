import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The libraries the pages use, served from node_modules (offline: no CDN). */
const VENDOR: Record<string, string> = {
  'htmx.min.js': require.resolve('htmx.org/dist/htmx.min.js'),
  'uPlot.iife.min.js': require.resolve('uplot/dist/uPlot.iife.min.js'),
  'uPlot.min.css': require.resolve('uplot/dist/uPlot.min.css'),
};

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * /static/<file>: the files of this folder (the UI's own style sheet and scripts) and
 * /static/vendor/<file>: the libraries. Read once at start; anything else is 404. Cacheable for
 * an hour (they change only with a deployment).
 */
export function staticRoutes() {
  const files = new Map<string, { body: string; type: string }>();
  const add = (name: string, file: string) => {
    const type = TYPES[path.extname(file)];
    if (type) files.set(name, { body: readFileSync(file, 'utf8'), type });
  };
  for (const f of readdirSync(HERE)) if (!f.endsWith('.ts')) add(f, path.join(HERE, f));
  for (const [name, file] of Object.entries(VENDOR)) add(`vendor/${name}`, file);
  const app = new Hono();
  app.get('/static/*', (c) => {
    const f = files.get(c.req.path.slice('/static/'.length));
    if (!f) return c.text('not found', 404);
    return c.body(f.body, 200, { 'content-type': f.type, 'cache-control': 'private, max-age=3600' });
  });
  return app;
}
