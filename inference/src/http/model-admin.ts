import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { checkModel } from '../model/check-model';

const promoteRoute = createRoute({
  method: 'post',
  path: '/v1/admin/models/{version}/promote',
  summary: 'Roll out a model version to every worker without downtime',
  security: [{ apiKey: [] }],
  request: { params: z.object({ version: z.string().regex(/^[\w.-]+$/).openapi({ example: '2026-11-23.1' }) }) },
  responses: {
    202: { content: { 'application/json': { schema: z.object({ version: z.string(), previous: z.string().nullable() }) } }, description: 'ModelPromoted appended; workers load, warm up and swap' },
    404: {
      content: { 'application/json': { schema: z.object({ error: z.string() }) } },
      description: 'No such model version, or one that is refused: incompatible, invalid card, corrupt file',
    },
  },
});

export interface ModelAdminDeps {
  /** The registry the versions are looked up in (default: the committed one). */
  dir?: string;
  current: () => string | null;
  /** Announces the promotion; returns the version it replaced when it knows it. */
  promote: (version: string, actor: string) => Promise<{ previous: string | null } | void>;
}

/** The authenticated model admin route: checks the version exists, fits and is intact, then announces it. */
export function modelAdmin(deps: ModelAdminDeps) {
  return (app: OpenAPIHono) => {
    app.openapi(promoteRoute, async (c) => {
      const { version } = c.req.valid('param');
      try {
        checkModel(version, deps.dir);
      } catch (err) {
        return c.json({ error: `cannot promote ${version}: ${(err as Error).message}` }, 404);
      }
      const current = deps.current();
      const r = await deps.promote(version, 'api');
      return c.json({ version, previous: r ? r.previous : current }, 202);
    });
  };
}
