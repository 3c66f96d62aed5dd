import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EventStore } from '@napominalka/core';
import { hasRegistry, promoteModel, readPromotions, readRegistry, rollbackTarget, type PromotionReason } from '@napominalka/core/model-registry';
import { checkModel } from '../model/check-model';

const errorBody = { content: { 'application/json': { schema: z.object({ error: z.string() }) } } };
const promotedBody = { content: { 'application/json': { schema: z.object({ version: z.string(), previous: z.string().nullable() }) } } };

/** Who asks and why (optional): the UI sends its user as `ui:<username>`; without it the actor is `api`. */
const actionBody = z
  .object({
    actor: z
      .string()
      .regex(/^[\w.:@-]{1,100}$/)
      .optional()
      .openapi({ example: 'ui:alice' }),
    note: z.string().max(500).optional().openapi({ example: 'better dev intent accuracy' }),
  })
  .strict();
const request = { body: { content: { 'application/json': { schema: actionBody } }, required: false } };

const promoteRoute = createRoute({
  method: 'post',
  path: '/v1/admin/models/{version}/promote',
  summary: 'Roll out a model version to every worker without downtime',
  security: [{ apiKey: [] }],
  request: {
    params: z.object({
      version: z
        .string()
        .regex(/^[\w.-]+$/)
        .openapi({ example: '2026-11-23.1' }),
    }),
    ...request,
  },
  responses: {
    202: { ...promotedBody, description: 'ModelPromoted appended; workers load, warm up and swap' },
    404: { ...errorBody, description: 'No such model version, or one that is refused: incompatible, invalid card, corrupt file' },
  },
});

const rollbackRoute = createRoute({
  method: 'post',
  path: '/v1/admin/models/rollback',
  summary: 'Go back to the version active before the current one (as `pnpm models rollback`)',
  security: [{ apiKey: [] }],
  request,
  responses: {
    202: { ...promotedBody, description: 'ModelPromoted (reason rollback) appended; workers swap back' },
    404: { ...errorBody, description: 'The version to go back to is refused: incompatible, invalid card, corrupt file' },
    409: { ...errorBody, description: 'Nothing to roll back: no earlier version on the promotion stack' },
  },
});

export interface PromoteExtras {
  reason?: PromotionReason;
  note?: string;
}

export interface ModelAdminDeps {
  /** The registry the versions are looked up in (default: the committed one). */
  dir?: string;
  current: () => string | null;
  /** Announces the promotion (reason manual unless told); returns the version it replaced when it knows it. */
  promote: (version: string, actor: string, extras?: PromoteExtras) => Promise<{ previous: string | null } | void>;
  /** Where a rollback goes now (core's rollbackTarget over the promotions); without it there is no rollback route. */
  rollbackTarget?: () => Promise<string | null>;
}

/** The authenticated model admin routes: check the version exists, fits and is intact, then announce it. */
export function modelAdmin(deps: ModelAdminDeps) {
  const announce = async (version: string, body: z.infer<typeof actionBody>, reason: PromotionReason) => {
    try {
      checkModel(version, deps.dir);
    } catch (err) {
      return { status: 404 as const, body: { error: `cannot ${reason === 'rollback' ? 'roll back to' : 'promote'} ${version}: ${(err as Error).message}` } };
    }
    const current = deps.current();
    const note = body.note?.replace(/\s+/g, ' ').trim() || undefined;
    const r = await deps.promote(version, body.actor ?? 'api', { reason, ...(note ? { note } : {}) });
    return { status: 202 as const, body: { version, previous: r ? r.previous : current } };
  };
  return (app: OpenAPIHono) => {
    app.openapi(promoteRoute, async (c) => {
      const r = await announce(c.req.valid('param').version, c.req.valid('json'), 'manual');
      return r.status === 202 ? c.json(r.body, 202) : c.json(r.body, 404);
    });
    const target = deps.rollbackTarget;
    if (!target) return;
    app.openapi(rollbackRoute, async (c) => {
      const version = await target();
      if (!version)
        return c.json({ error: `nothing to roll back: ${deps.current() ?? '(none)'} is active and no earlier version is on the promotion stack` }, 409);
      const r = await announce(version, c.req.valid('json'), 'rollback');
      return r.status === 202 ? c.json(r.body, 202) : c.json(r.body, 404);
    });
  };
}

/**
 * The admin deps of a service with an event store: promotions appended to the models stream
 * (`previous` from the registry's current before the first), rollback to core's rollbackTarget,
 * exactly as `pnpm models promote|rollback` does.
 */
export function storeModelAdmin(store: EventStore, dir: string, current: () => string | null): ModelAdminDeps {
  return {
    dir,
    current,
    promote: (version, actor, extras = {}) => {
      const reason = extras.reason ?? 'manual';
      return promoteModel(
        store,
        { version, actor, reason, ...(extras.note ? { note: extras.note } : {}) },
        { registryDir: dir, correlationId: `${reason === 'manual' ? 'promote' : reason}:${version}:${actor}` },
      );
    },
    rollbackTarget: async () => rollbackTarget(await readPromotions(store), hasRegistry(dir) ? readRegistry(dir).current : null),
  };
}
