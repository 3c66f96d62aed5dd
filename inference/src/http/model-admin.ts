import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { readCard } from '../model/registry';

const promoteRoute = createRoute({
  method: 'post',
  path: '/v1/admin/models/{version}/promote',
  summary: 'Roll out a model version to every worker without downtime',
  security: [{ apiKey: [] }],
  request: { params: z.object({ version: z.string().regex(/^[\w.-]+$/).openapi({ example: '2026-11-23.1' }) }) },
  responses: {
    202: { content: { 'application/json': { schema: z.object({ version: z.string(), previous: z.string().nullable() }) } }, description: 'ModelPromoted appended; workers load, warm up and swap' },
    404: { content: { 'application/json': { schema: z.object({ error: z.string() }) } }, description: 'No such model version, or incompatible' },
  },
});

/** The authenticated model admin route: checks the version exists and fits, then announces it. */
export function modelAdmin(deps: { current: () => string | null; promote: (version: string, actor: string) => Promise<void> }) {
  return (app: OpenAPIHono) => {
    app.openapi(promoteRoute, async (c) => {
      const { version } = c.req.valid('param');
      try {
        readCard(version);
      } catch (err) {
        return c.json({ error: `cannot promote ${version}: ${(err as Error).message}` }, 404);
      }
      const previous = deps.current();
      await deps.promote(version, 'api');
      return c.json({ version, previous }, 202);
    });
  };
}
