import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { timingSafeEqual } from 'node:crypto';
import { parseRequestSchema, parseResultSchema, type ReminderParser } from '../parse/result';
import { parseExplainedSchema } from '../parse/explain';
import { docsPage } from './docs-page';
import { isValidZone } from '@napominalka/core/wall-clock';

/** Longest accepted message text, in UTF-8 bytes (a Telegram message is at most 4096 characters). */
export const MAX_TEXT_BYTES = 4096;

const errorSchema = z.object({ error: z.string(), details: z.array(z.string()).optional() }).openapi('Error');

const parseRoute = createRoute({
  method: 'post',
  path: '/v1/parse',
  summary: 'Understand one reminder request',
  security: [{ apiKey: [] }],
  request: {
    query: z.object({
      explain: z
        .enum(['0', '1'])
        .optional()
        .openapi({ description: "With 1: the parse plus `explain` (tokens with tags and confidences, the resolver's steps), for debugging", example: '1' }),
    }),
    body: { content: { 'application/json': { schema: parseRequestSchema } }, required: true },
  },
  responses: {
    200: {
      content: { 'application/json': { schema: z.union([parseResultSchema, parseExplainedSchema]) } },
      description: 'The parse (ParseExplained with ?explain=1)',
    },
    400: { content: { 'application/json': { schema: errorSchema } }, description: 'Malformed JSON' },
    401: { content: { 'application/json': { schema: errorSchema } }, description: 'Missing or wrong API key' },
    413: { content: { 'application/json': { schema: errorSchema } }, description: `Text over ${MAX_TEXT_BYTES} bytes` },
    422: { content: { 'application/json': { schema: errorSchema } }, description: 'Invalid request (e.g. unknown time zone)' },
  },
});

export interface AppOptions {
  parser: () => ReminderParser;
  apiKeys: readonly string[];
  /** Extra authenticated routes (model admin), mounted under /v1/admin. */
  admin?: (app: OpenAPIHono) => void;
}

/**
 * The inference HTTP API (Hono + zod-openapi): POST /v1/parse, /openapi.json and /docs. Every
 * route but the docs needs an API key (`Authorization: Bearer <key>` or `X-API-Key`).
 */
export function createApp(opts: AppOptions): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        return c.json({ error: 'invalid request', details: result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) }, 422);
      }
    },
  });
  const keys = opts.apiKeys.map((k) => Buffer.from(k));
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer' });

  app.onError((err, c) => {
    // Hono's JSON body parser reports malformed JSON as a 400 HTTPException.
    if ('status' in err && err.status === 400) return c.json({ error: 'malformed JSON body' }, 400);
    console.error(err);
    return c.json({ error: 'internal error' }, 500);
  });

  app.use('/v1/*', async (c, next) => {
    const given = c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? c.req.header('x-api-key') ?? '';
    const g = Buffer.from(given);
    if (!keys.some((k) => k.length === g.length && timingSafeEqual(k, g))) return c.json({ error: 'missing or wrong API key' }, 401);
    await next();
  });

  app.openapi(parseRoute, async (c) => {
    const req = c.req.valid('json');
    if (Buffer.byteLength(req.text) > MAX_TEXT_BYTES) return c.json({ error: `text exceeds ${MAX_TEXT_BYTES} bytes` }, 413);
    if (!isValidZone(req.timezone)) return c.json({ error: `unknown time zone "${req.timezone}"` }, 422);
    const parser = opts.parser();
    const input = { ...req, now: req.now ?? new Date().toISOString() };
    // A parser that cannot explain (another parser in a test) answers the plain parse.
    const result = c.req.valid('query').explain === '1' && parser.parseExplained ? await parser.parseExplained(input) : await parser.parse(input);
    return c.json(result, 200);
  });

  opts.admin?.(app);

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Napominalka inference API', version: '1.0.0', description: 'Parses reminder requests in Russian and English.' },
  });
  app.get('/docs', (c) => c.html(docsPage('/openapi.json')));
  return app;
}
