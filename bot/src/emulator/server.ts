import { serve, type HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { ControlError, TelegramEmulator, type EmulatorOptions } from './emulator';
import type { RateLimits } from './rate-limit';
import type { InjectEdit } from './types';

/**
 * The Telegram Bot API emulator on HTTP: `/bot<token>/<method>` as Telegram serves it (GET or
 * POST; query string, JSON, urlencoded or multipart parameters) and the control API under
 * `/_emulator/` (JSON) for tests, the local web chat and the benchmark.
 */
export interface RunningTelegramEmulator {
  /** e.g. http://127.0.0.1:8443 — pass as `apiRoot` to node-telegram-bot-api's Api/Bot. */
  url: string;
  port: number;
  /** The token the control API means by default. */
  token: string;
  emulator: TelegramEmulator;
  close(): Promise<void>;
}

export interface ServerOptions extends EmulatorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Origins allowed to call the control API from a browser (e.g. a web chat on another port). */
  corsOrigins?: string[];
}

type Env = { Bindings: HttpBindings };

const userSchema = z
  .object({
    id: z.number().int().optional(),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    username: z.string().optional(),
    language_code: z.string().optional(),
  })
  .strict();
const fromSchema = {
  chat_id: z.number().int().optional(),
  user: userSchema.optional(),
  chat_type: z.enum(['private', 'group', 'supergroup']).optional(),
  title: z.string().optional(),
};
const entitySchema = z.object({ type: z.string(), offset: z.number().int(), length: z.number().int() }).passthrough();
const common = { ...fromSchema, reply_to_message_id: z.number().int().optional(), date: z.number().int().optional() };
const messageSchema = z.preprocess(
  (v) => (typeof v === 'object' && v !== null && !('kind' in v) ? { ...v, kind: 'text' } : v),
  z.discriminatedUnion('kind', [
    z.object({ ...common, kind: z.literal('text'), text: z.string().min(1), entities: z.array(entitySchema).optional() }).strict(),
    z
      .object({
        ...common,
        kind: z.literal('location'),
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        live_period: z.number().int().optional(),
      })
      .strict(),
    z.object({ ...common, kind: z.literal('voice'), duration: z.number().int().optional() }).strict(),
    z.object({ ...common, kind: z.literal('sticker'), emoji: z.string().optional() }).strict(),
    z.object({ ...common, kind: z.literal('photo'), caption: z.string().optional() }).strict(),
  ]),
);
const editSchema = z
  .object({ chat_id: z.number().int(), message_id: z.number().int(), text: z.string().min(1), entities: z.array(entitySchema).optional() })
  .strict();
const callbackSchema = z
  .object({
    chat_id: z.number().int(),
    message_id: z.number().int(),
    callback_data: z.string().optional(),
    button_text: z.string().optional(),
    user: userSchema.optional(),
  })
  .strict()
  .refine((v) => v.callback_data !== undefined || v.button_text !== undefined, 'give callback_data or button_text');
const chatSchema = z.object(fromSchema).strict();
const faultSchema = z
  .object({
    method: z.string().min(1),
    chat_id: z.number().int().optional(),
    kind: z.enum(['429', '403', '500', '502', 'drop', 'drop-after', 'delay']),
    count: z.number().int().positive().optional(),
    retry_after: z.number().int().positive().optional(),
    delay_ms: z.number().int().nonnegative().optional(),
    description: z.string().optional(),
  })
  .strict();
const limitsSchema = z
  .object({
    enforce: z.boolean(),
    perChatPerSecond: z.number().nonnegative(),
    globalPerSecond: z.number().nonnegative(),
    groupPerMinute: z.number().nonnegative(),
    methods: z.array(z.string()),
  })
  .partial()
  .strict();

const optInt = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
const list = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

export function createEmulatorApp(emulator: TelegramEmulator, opts: { corsOrigins?: string[] } = {}): Hono<Env> {
  const app = new Hono<Env>();

  app.onError((err, c) => {
    if (err instanceof ControlError) return c.json({ error: err.message }, err.status as 400);
    if (err instanceof z.ZodError) return c.json({ error: 'invalid request', issues: err.issues }, 400);
    console.error('telegram emulator:', err);
    return c.json({ error: (err as Error).message }, 500);
  });

  // ------------------------------------------------------------------------------------------
  // Control API

  const ctl = new Hono<Env>();
  if (opts.corsOrigins?.length) {
    ctl.use('*', async (c, next) => {
      const origin = c.req.header('origin');
      const allowed = origin && (opts.corsOrigins!.includes('*') || opts.corsOrigins!.includes(origin));
      if (allowed) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
        c.header('Access-Control-Allow-Headers', 'content-type');
      }
      if (c.req.method === 'OPTIONS') return c.body(null, 204);
      await next();
    });
  }
  const tok = (c: Context<Env>) => c.req.query('token') || undefined;
  const body = async (c: Context<Env>) => {
    try {
      return (await c.req.json()) as unknown;
    } catch {
      throw new ControlError(400, 'the body must be JSON');
    }
  };

  ctl.get('/', (c) => c.json(emulator.state(tok(c))));
  ctl.get('/state', (c) => c.json(emulator.state(tok(c))));
  ctl.post('/messages', async (c) => c.json(emulator.injectMessage(messageSchema.parse(await body(c)) as never, tok(c))));
  ctl.post('/edits', async (c) => c.json(emulator.injectEdit(editSchema.parse(await body(c)) as InjectEdit, tok(c))));
  ctl.post('/callbacks', async (c) => c.json(emulator.injectCallback(callbackSchema.parse(await body(c)), tok(c))));
  ctl.post('/updates', async (c) => c.json(emulator.injectRaw(z.record(z.unknown()).parse(await body(c)) as never, tok(c))));
  ctl.post('/chats', async (c) => {
    const b = await body(c);
    const specs = Array.isArray(b) ? z.array(chatSchema).parse(b) : [chatSchema.parse(b)];
    const chats = specs.map((s) => emulator.addChat(s, tok(c)));
    return c.json(Array.isArray(b) ? chats : chats[0]);
  });
  ctl.get('/chats', (c) => c.json(emulator.chats(tok(c))));
  ctl.get('/chats/:chatId/messages', (c) => {
    const from = z
      .enum(['bot', 'user', 'all'])
      .default('all')
      .parse(c.req.query('from') || undefined);
    return c.json(emulator.messages(Number(c.req.param('chatId')), from, tok(c)));
  });
  ctl.get('/actions', (c) =>
    c.json(
      emulator.actions(
        {
          chat_id: optInt(c.req.query('chat_id')),
          after: optInt(c.req.query('after')),
          methods: list(c.req.query('methods')),
          limit: optInt(c.req.query('limit')),
        },
        tok(c),
      ),
    ),
  );
  ctl.get('/wait', async (c) => {
    const action = await emulator.waitForAction(
      {
        chat_id: optInt(c.req.query('chat_id')),
        after: optInt(c.req.query('after')),
        methods: list(c.req.query('methods')),
        timeoutMs: optInt(c.req.query('timeout_ms')),
      },
      tok(c),
    );
    return action ? c.json(action) : c.json({ error: 'timeout' }, 408);
  });
  ctl.get('/callbacks/:id', (c) => c.json(emulator.callback(c.req.param('id'), tok(c))));
  ctl.post('/faults', async (c) => c.json(emulator.addFault(faultSchema.parse(await body(c)), tok(c))));
  ctl.get('/faults', (c) => c.json(emulator.faults(tok(c))));
  ctl.delete('/faults', (c) => c.json({ cleared: emulator.clearFaults({ id: optInt(c.req.query('id')), chat_id: optInt(c.req.query('chat_id')) }, tok(c)) }));
  ctl.get('/rate-limits', (c) => c.json(emulator.rateLimits()));
  ctl.put('/rate-limits', async (c) => c.json(emulator.configureRateLimits(limitsSchema.parse(await body(c)) as Partial<RateLimits>)));
  ctl.get('/violations', (c) => c.json(emulator.violations({ chat_id: optInt(c.req.query('chat_id')) }, tok(c))));
  ctl.get('/stats', (c) => c.json(emulator.stats(tok(c))));
  ctl.get('/handed-out', (c) =>
    c.json(
      emulator.handedOut(
        {
          chat_id: optInt(c.req.query('chat_id')),
          after: optInt(c.req.query('after')),
          limit: optInt(c.req.query('limit')),
        },
        tok(c),
      ),
    ),
  );
  ctl.get('/webhook/deliveries', (c) => c.json(emulator.webhookDeliveries(tok(c))));
  ctl.post('/reset', (c) => {
    emulator.reset();
    return c.json({ ok: true });
  });
  ctl.all('*', (c) => c.json({ error: `no control endpoint ${c.req.method} ${c.req.path}` }, 404));
  app.route('/_emulator', ctl);

  // ------------------------------------------------------------------------------------------
  // Bot API

  app.all('/:bot{bot[^/]+}/:method', async (c) => {
    const token = c.req.param('bot').slice(3);
    let params: Record<string, unknown>;
    try {
      params = await readParams(c);
    } catch {
      return c.json({ ok: false, error_code: 400, description: "Bad Request: can't parse request body" }, 400);
    }
    const outcome = await emulator.call(token, c.req.param('method'), params, c.req.raw.signal);
    if (outcome.kind === 'drop') {
      c.env.incoming.socket.destroy();
      return new Response(null, { status: 500 });
    }
    if (outcome.kind === 'html') return c.html(outcome.body, outcome.status as 502);
    return c.json(outcome.body, outcome.status as 200);
  });

  app.get('/', (c) =>
    c.json({
      emulator: 'Telegram Bot API emulator',
      bot_api: '/bot<token>/<method>',
      control_api: '/_emulator/',
      default_token: emulator.defaultToken,
    }),
  );
  app.notFound((c) => c.json({ ok: false, error_code: 404, description: 'Not Found' }, 404));
  return app;
}

async function readParams(c: Context<Env>): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = { ...c.req.query() };
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return params;
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/json')) {
    const text = await c.req.text();
    if (text.trim()) Object.assign(params, JSON.parse(text) as Record<string, unknown>);
  } else if (type.includes('multipart/form-data') || type.includes('application/x-www-form-urlencoded')) {
    const form = await c.req.parseBody();
    for (const [k, v] of Object.entries(form)) if (typeof v === 'string') params[k] = v;
  }
  return params;
}

export async function startTelegramEmulator(opts: ServerOptions = {}): Promise<RunningTelegramEmulator> {
  const emulator = new TelegramEmulator(opts);
  const app = createEmulatorApp(emulator, { corsOrigins: opts.corsOrigins });
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((ok, fail) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: opts.port ?? 0 }, () => ok(s));
    s.once('error', fail);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    token: emulator.defaultToken,
    emulator,
    close: () =>
      new Promise<void>((ok) => {
        emulator.close();
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
