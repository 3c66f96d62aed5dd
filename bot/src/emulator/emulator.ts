/**
 * The state and behaviour of the Telegram Bot API emulator, without HTTP: bots (one per token),
 * chats, messages, the update queue (long polling or webhook), flood limits, injected faults and
 * the log of everything the bot did. `server.ts` puts it on HTTP.
 */
import { DEFAULT_RATE_LIMITS, FloodLimiter, SlidingWindow, type RateLimits, type Violation } from './rate-limit';
import { detectEntities, EntityParseError, formatText } from './format';
import type {
  ApiResponse,
  BotAction,
  BotActionMethod,
  BotCommand,
  CallbackAnswer,
  CallbackQuery,
  Chat,
  ChatType,
  EmulatorStats,
  Fault,
  FaultSpec,
  InjectCallback,
  InjectEdit,
  Injected,
  InjectFrom,
  InjectMessage,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  HandedOut,
  StoredMessage,
  Update,
  User,
  WebhookDelivery,
} from './types';

export const TOKEN_RE = /^(\d+):[\w-]{20,}$/;
export const DEFAULT_TOKEN = '1000000001:EMULATOR-napominalka-local-token';
const CHAT_ACTIONS = [
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
];

export interface EmulatorOptions {
  /** Only these tokens are accepted. Unset: any token matching TOKEN_RE is a bot of its own. */
  tokens?: string[];
  /** The bot the control API means when a request names no token; default tokens[0] or DEFAULT_TOKEN. */
  defaultToken?: string;
  rateLimits?: Partial<RateLimits>;
  /** First update_id handed out; default Date.now(), so ids keep growing across emulator restarts. */
  firstUpdateId?: number;
  /** sendMessage to a chat no user has written from creates it (default false: 400 chat not found). */
  autoCreateChats?: boolean;
  /** Longest getUpdates wait honoured, in seconds (default 50). */
  maxPollTimeoutSeconds?: number;
  /** Webhook: first retry delay (default 100 ms, doubling), its cap (default 5 s), request timeout (default 10 s). */
  webhookRetryMs?: number;
  webhookMaxRetryMs?: number;
  webhookTimeoutMs?: number;
  now?: () => number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number },
  ) {
    super(description);
  }
}
/** A mistake in a control API request (HTTP status and message). */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type CallOutcome =
  { kind: 'json'; status: number; body: ApiResponse & { description?: string } } | { kind: 'html'; status: number; body: string } | { kind: 'drop' };

type Params = Record<string, unknown>;

interface ChatState {
  chat: Chat;
  user: User;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
  order: number[];
}

interface WebhookState {
  url: string;
  secretToken: string | null;
  maxConnections: number;
  generation: number;
  busyChats: Set<string>;
  inFlight: Set<number>;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

interface Poller {
  resolve(o: CallOutcome): void;
  limit: number;
  timer: NodeJS.Timeout;
}

interface ActionWaiter {
  chatId?: number;
  after: number;
  methods: string[];
  resolve(a: BotAction | null): void;
  timer: NodeJS.Timeout;
}

class BotState {
  readonly id: number;
  readonly user: User;
  chats = new Map<number, ChatState>();
  pending: Update[] = [];
  allowedUpdates: string[] | null = null;
  webhook: WebhookState | null = null;
  webhookGeneration = 0;
  deliveries: WebhookDelivery[] = [];
  poller: Poller | null = null;
  actions: BotAction[] = [];
  seq = 0;
  waiters = new Set<ActionWaiter>();
  callbacks = new Map<string, CallbackAnswer>();
  commands = new Map<string, BotCommand[]>();
  faults: Fault[] = [];
  violations: Violation[] = [];
  limiter: FloodLimiter;
  calls: Record<string, number> = {};
  errors: Record<string, number> = {};
  messagesSent = 0;
  updatesInjected = 0;
  statChats = new Map<number, SlidingWindow>();
  statGlobal = new SlidingWindow(0, 1000);
  maxPerChat = 0;
  maxGlobal = 0;
  /** First hand-out of each update, oldest first (the last {@link HANDED_OUT_KEPT} are kept). */
  handedOut: HandedOut[] = [];
  handedOutUpdates = new WeakSet<Update>();

  constructor(
    readonly token: string,
    limits: RateLimits,
  ) {
    this.id = Number(TOKEN_RE.exec(token)?.[1] ?? 0);
    this.user = { id: this.id, is_bot: true, first_name: 'Napominalka (emulated)', username: `emulated_${this.id}_bot` };
    this.limiter = new FloodLimiter(limits);
  }
}

/** Hand-out records kept per bot (older ones are forgotten). */
export const HANDED_OUT_KEPT = 100_000;

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

function updateType(u: Update): string {
  return Object.keys(u).find((k) => k !== 'update_id') ?? 'message';
}

function updateChatId(u: Update): number | null {
  return (u.message ?? u.edited_message ?? u.callback_query?.message)?.chat.id ?? null;
}

function updateChatKey(u: Update): string {
  const m = u.message ?? u.edited_message ?? u.callback_query?.message;
  return m ? `c${m.chat.id}` : `u${u.callback_query?.from.id ?? 0}`;
}

export class TelegramEmulator {
  private readonly bots = new Map<string, BotState>();
  private nextUpdateId: number;
  private nextFaultId = 1;
  private nextCallbackId = 1;
  private limits: RateLimits;
  private readonly now: () => number;
  readonly defaultToken: string;
  private closed = false;

  constructor(private readonly opts: EmulatorOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.nextUpdateId = opts.firstUpdateId ?? Date.now();
    this.limits = { ...DEFAULT_RATE_LIMITS, ...opts.rateLimits };
    this.defaultToken = opts.defaultToken ?? opts.tokens?.[0] ?? DEFAULT_TOKEN;
    for (const t of opts.tokens ?? []) if (!TOKEN_RE.test(t)) throw new Error(`not a bot token: ${t}`);
  }

  /** The bot of a token, or null when the token is not accepted. */
  bot(token: string): BotState | null {
    let bot = this.bots.get(token);
    if (bot) return bot;
    const accepted = this.opts.tokens ? this.opts.tokens.includes(token) || token === this.defaultToken : TOKEN_RE.test(token);
    if (!accepted) return null;
    bot = new BotState(token, this.limits);
    this.bots.set(token, bot);
    return bot;
  }

  private controlBot(token?: string): BotState {
    const bot = this.bot(token || this.defaultToken);
    if (!bot) throw new ControlError(404, `unknown bot token ${token}`);
    return bot;
  }

  // =============================================================================================
  // Bot API

  async call(token: string, methodName: string, params: Params, signal?: AbortSignal): Promise<CallOutcome> {
    const bot = this.bot(token);
    if (!bot) return json(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = METHOD_NAMES.get(methodName.toLowerCase());
    if (!method) return json(404, { ok: false, error_code: 404, description: 'Not Found' });
    bot.calls[method] = (bot.calls[method] ?? 0) + 1;
    const fault = this.takeFault(bot, method, params);
    if (fault) {
      if (fault.kind === 'delay') await sleep(fault.delay_ms ?? 1000);
      else if (fault.kind === 'drop') return { kind: 'drop' };
      else if (fault.kind !== 'drop-after') return this.faultOutcome(bot, method, fault, params);
    }
    let outcome: CallOutcome;
    try {
      const result = await this.methods[method]!(bot, params, signal);
      outcome = isOutcome(result) ? result : json(200, { ok: true, result });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      outcome = json(err.code, { ok: false, error_code: err.code, description: err.description, ...(err.parameters ? { parameters: err.parameters } : {}) });
    }
    if (outcome.kind === 'json' && !outcome.body.ok) bot.errors[`${method} ${outcome.status}`] = (bot.errors[`${method} ${outcome.status}`] ?? 0) + 1;
    return fault?.kind === 'drop-after' ? { kind: 'drop' } : outcome;
  }

  private takeFault(bot: BotState, method: string, params: Params): Fault | null {
    const chatId = params.chat_id === undefined ? undefined : Number(params.chat_id);
    for (const f of bot.faults) {
      if (f.method === '*' ? method === 'getUpdates' : f.method !== method) continue;
      if (f.chat_id !== undefined && f.chat_id !== chatId) continue;
      f.hits++;
      if (f.remaining !== null) {
        f.remaining--;
        if (f.remaining <= 0) bot.faults = bot.faults.filter((x) => x !== f);
      }
      return f;
    }
    return null;
  }

  private faultOutcome(bot: BotState, method: string, f: Fault, params: Params): CallOutcome {
    bot.errors[`${method} ${f.kind}`] = (bot.errors[`${method} ${f.kind}`] ?? 0) + 1;
    switch (f.kind) {
      case '429': {
        const retryAfter = f.retry_after ?? 1;
        return json(429, {
          ok: false,
          error_code: 429,
          description: f.description ?? `Too Many Requests: retry after ${retryAfter}`,
          parameters: { retry_after: retryAfter },
        });
      }
      case '403': {
        const chat = params.chat_id === undefined ? undefined : bot.chats.get(Number(params.chat_id));
        const dflt = chat && chat.chat.type !== 'private' ? 'Forbidden: bot was kicked from the group chat' : 'Forbidden: bot was blocked by the user';
        return json(403, { ok: false, error_code: 403, description: f.description ?? dflt });
      }
      case '502':
        return {
          kind: 'html',
          status: 502,
          body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n',
        };
      default:
        return json(500, { ok: false, error_code: 500, description: f.description ?? 'Internal Server Error' });
    }
  }

  private readonly methods: Record<string, (bot: BotState, p: Params, signal?: AbortSignal) => unknown> = {
    getMe: (bot) => ({
      ...bot.user,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    }),
    getUpdates: (bot, p, signal) => this.getUpdates(bot, p, signal),
    setWebhook: (bot, p) => this.setWebhook(bot, p),
    deleteWebhook: (bot, p) => {
      this.dropWebhook(bot);
      if (bool(p.drop_pending_updates)) bot.pending = [];
      return true;
    },
    getWebhookInfo: (bot) => ({
      url: bot.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: bot.pending.length,
      ...(bot.webhook ? { max_connections: bot.webhook.maxConnections, ip_address: '127.0.0.1' } : {}),
      ...(bot.allowedUpdates ? { allowed_updates: bot.allowedUpdates } : {}),
      ...(bot.webhook?.lastErrorDate ? { last_error_date: bot.webhook.lastErrorDate, last_error_message: bot.webhook.lastErrorMessage } : {}),
    }),
    sendMessage: (bot, p) => this.sendMessage(bot, p),
    editMessageText: (bot, p) => this.editMessage(bot, p, 'editMessageText'),
    editMessageReplyMarkup: (bot, p) => this.editMessage(bot, p, 'editMessageReplyMarkup'),
    deleteMessage: (bot, p) => {
      const chat = this.chatOf(bot, p);
      const id = int(p, 'message_id', true)!;
      const stored = chat.messages.get(id);
      if (!stored || stored.deleted_at) throw bad('message to delete not found');
      stored.deleted_at = this.now();
      this.record(bot, { method: 'deleteMessage', chat_id: chat.chat.id, message_id: id, params: p });
      return true;
    },
    answerCallbackQuery: (bot, p) => {
      const id = str(p, 'callback_query_id');
      const cb = id ? bot.callbacks.get(id) : undefined;
      if (!cb || cb.answered) throw bad('query is too old and response timeout expired or query ID is invalid');
      const text = str(p, 'text');
      if (text && text.length > 200) throw bad('MESSAGE_TOO_LONG');
      Object.assign(cb, { answered: true, answered_at: this.now(), text, show_alert: bool(p.show_alert), url: str(p, 'url') });
      this.record(bot, { method: 'answerCallbackQuery', chat_id: cb.chat_id, message_id: cb.message_id, params: p });
      return true;
    },
    sendChatAction: (bot, p) => {
      const chat = this.chatOf(bot, p);
      const action = str(p, 'action');
      if (!action || !CHAT_ACTIONS.includes(action)) throw bad('wrong parameter action in request');
      this.record(bot, { method: 'sendChatAction', chat_id: chat.chat.id, params: p });
      return true;
    },
    setMyCommands: (bot, p) => {
      const commands = jsonParam(p, 'commands');
      if (!Array.isArray(commands)) throw bad('parameter "commands" is required');
      if (commands.length > 100) throw bad('too many commands');
      for (const c of commands as BotCommand[]) {
        if (typeof c?.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw bad('BOT_COMMAND_INVALID');
        if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) throw bad('BOT_COMMAND_DESCRIPTION_INVALID');
      }
      bot.commands.set(
        commandsKey(p),
        (commands as BotCommand[]).map((c) => ({ command: c.command, description: c.description })),
      );
      return true;
    },
    getMyCommands: (bot, p) => bot.commands.get(commandsKey(p)) ?? [],
    deleteMyCommands: (bot, p) => {
      bot.commands.delete(commandsKey(p));
      return true;
    },
    getChat: (bot, p) => ({ ...this.chatOf(bot, p).chat }),
  };

  // ---------------------------------------------------------------------------------------------
  // Updates: long polling

  private getUpdates(bot: BotState, p: Params, signal?: AbortSignal): CallOutcome | Update[] | Promise<CallOutcome> {
    if (bot.webhook) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = int(p, 'offset');
    if (offset !== undefined && offset > 0) bot.pending = bot.pending.filter((u) => u.update_id >= offset);
    else if (offset !== undefined && offset < 0) bot.pending = bot.pending.slice(offset);
    if (p.allowed_updates !== undefined) bot.allowedUpdates = allowedUpdates(p.allowed_updates);
    const limit = Math.min(100, Math.max(1, int(p, 'limit') ?? 100));
    const timeout = Math.min(this.opts.maxPollTimeoutSeconds ?? 50, Math.max(0, int(p, 'timeout') ?? 0));
    if (bot.poller) {
      const old = bot.poller;
      bot.poller = null;
      clearTimeout(old.timer);
      old.resolve(
        json(409, {
          ok: false,
          error_code: 409,
          description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
        }),
      );
    }
    if (bot.pending.length > 0 || timeout === 0) return this.handOut(bot, bot.pending.slice(0, limit), 'getUpdates');
    return new Promise<CallOutcome>((resolve) => {
      const poller: Poller = {
        limit,
        resolve: (o) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(o);
        },
        timer: setTimeout(() => {
          if (bot.poller === poller) bot.poller = null;
          poller.resolve(json(200, { ok: true, result: this.handOut(bot, bot.pending.slice(0, limit), 'getUpdates') }));
        }, timeout * 1000),
      };
      const onAbort = () => {
        if (bot.poller === poller) bot.poller = null;
        clearTimeout(poller.timer);
        resolve({ kind: 'drop' });
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      bot.poller = poller;
    });
  }

  private wakePoller(bot: BotState): void {
    const poller = bot.poller;
    if (!poller) return;
    // Let updates injected in the same tick go out in one answer.
    setImmediate(() => {
      if (bot.poller !== poller) return;
      bot.poller = null;
      clearTimeout(poller.timer);
      poller.resolve(json(200, { ok: true, result: this.handOut(bot, bot.pending.slice(0, poller.limit), 'getUpdates') }));
    });
  }

  /** Records the first hand-out of each of `updates` (see {@link HandedOut}); returns them. */
  private handOut(bot: BotState, updates: Update[], via: HandedOut['via'], at = this.now()): Update[] {
    for (const u of updates) {
      if (bot.handedOutUpdates.has(u)) continue;
      bot.handedOutUpdates.add(u);
      bot.handedOut.push({ update_id: u.update_id, chat_id: updateChatId(u), at, via });
    }
    if (bot.handedOut.length > HANDED_OUT_KEPT + 10_000) bot.handedOut.splice(0, bot.handedOut.length - HANDED_OUT_KEPT);
    return updates;
  }

  private enqueue(bot: BotState, update: Update): boolean {
    bot.updatesInjected++;
    const allowed = bot.allowedUpdates;
    if (allowed && !allowed.includes(updateType(update))) return false;
    bot.pending.push(update);
    if (bot.webhook) this.pumpWebhook(bot);
    else this.wakePoller(bot);
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Updates: webhook

  private setWebhook(bot: BotState, p: Params): CallOutcome {
    const url = str(p, 'url') ?? '';
    if (!url) {
      const had = !!bot.webhook;
      this.dropWebhook(bot);
      return json(200, { ok: true, result: true, description: had ? 'Webhook was deleted' : 'Webhook is already deleted' });
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw bad('bad webhook: Failed to resolve host: Name or service not known');
    }
    if (!/^https?:$/.test(parsed.protocol)) throw bad('bad webhook: An HTTPS URL must be provided for webhook');
    const secret = str(p, 'secret_token') ?? null;
    if (secret !== null && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw bad('secret token contains unallowed characters');
    const maxConnections = Math.min(100, Math.max(1, int(p, 'max_connections') ?? 40));
    if (p.allowed_updates !== undefined) bot.allowedUpdates = allowedUpdates(p.allowed_updates);
    if (bool(p.drop_pending_updates)) bot.pending = [];
    const same = bot.webhook && bot.webhook.url === url && bot.webhook.secretToken === secret && bot.webhook.maxConnections === maxConnections;
    if (!same) {
      this.dropWebhook(bot);
      bot.webhook = { url, secretToken: secret, maxConnections, generation: ++bot.webhookGeneration, busyChats: new Set(), inFlight: new Set() };
    }
    if (bot.poller) {
      const old = bot.poller;
      bot.poller = null;
      clearTimeout(old.timer);
      old.resolve(
        json(409, {
          ok: false,
          error_code: 409,
          description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        }),
      );
    }
    this.pumpWebhook(bot);
    return json(200, { ok: true, result: true, description: same ? 'Webhook is already set' : 'Webhook was set' });
  }

  private dropWebhook(bot: BotState): void {
    bot.webhook = null;
    bot.webhookGeneration++;
  }

  /** Start deliveries while connections are free, in update order, one update per chat at a time. */
  private pumpWebhook(bot: BotState): void {
    const hook = bot.webhook;
    if (!hook || this.closed) return;
    for (const update of bot.pending) {
      if (hook.inFlight.size >= hook.maxConnections) break;
      if (hook.inFlight.has(update.update_id)) continue;
      const key = updateChatKey(update);
      if (hook.busyChats.has(key)) continue;
      hook.inFlight.add(update.update_id);
      hook.busyChats.add(key);
      void this.deliver(bot, hook, update).finally(() => {
        hook.inFlight.delete(update.update_id);
        hook.busyChats.delete(key);
        if (bot.webhook === hook) this.pumpWebhook(bot);
      });
    }
  }

  private async deliver(bot: BotState, hook: WebhookState, update: Update): Promise<void> {
    let wait = this.opts.webhookRetryMs ?? 100;
    for (let attempt = 1; ; attempt++) {
      if (bot.webhook !== hook || this.closed || !bot.pending.includes(update)) return;
      const delivery: WebhookDelivery = { update_id: update.update_id, at: this.now(), status: null, attempt, secret_token_sent: hook.secretToken !== null };
      bot.deliveries.push(delivery);
      // The same instant as the delivery's: the update is handed out by that call.
      this.handOut(bot, [update], 'webhook', delivery.at);
      try {
        const res = await fetch(hook.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(hook.secretToken ? { 'X-Telegram-Bot-Api-Secret-Token': hook.secretToken } : {}) },
          body: JSON.stringify(update),
          signal: AbortSignal.timeout(this.opts.webhookTimeoutMs ?? 10_000),
        });
        delivery.status = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (res.status >= 200 && res.status < 300) {
          bot.pending = bot.pending.filter((u) => u !== update);
          return;
        }
        hook.lastErrorMessage = `Wrong response from the webhook: ${res.status} ${res.statusText}`.trim();
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        hook.lastErrorMessage =
          e.name === 'TimeoutError' ? 'Read timeout expired' : e.cause?.code === 'ECONNREFUSED' ? 'Connection refused' : `Connection failed: ${e.message}`;
        delivery.error = hook.lastErrorMessage;
      }
      hook.lastErrorDate = Math.floor(this.now() / 1000);
      await sleep(wait);
      wait = Math.min(wait * 2, this.opts.webhookMaxRetryMs ?? 5000);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Messages from the bot

  private chatOf(bot: BotState, p: Params, create = false): ChatState {
    const raw = p.chat_id;
    if (raw === undefined || raw === '') throw bad('chat_id is empty');
    if (typeof raw === 'string' && raw.startsWith('@')) {
      for (const c of bot.chats.values()) if (c.chat.username && `@${c.chat.username}` === raw) return c;
      throw bad('chat not found');
    }
    const id = Number(raw);
    if (!Number.isSafeInteger(id)) throw bad('chat not found');
    const chat = bot.chats.get(id);
    if (chat) return chat;
    if (create && this.opts.autoCreateChats) return this.ensureChat(bot, { chat_id: id, chat_type: id < 0 ? 'group' : 'private' }).chat;
    throw bad('chat not found');
  }

  private readText(p: Params): { text: string; entities: MessageEntity[] } {
    const raw = str(p, 'text') ?? '';
    let f;
    try {
      f = formatText(raw, str(p, 'parse_mode'), jsonParam(p, 'entities') as MessageEntity[] | undefined);
    } catch (err) {
      if (err instanceof EntityParseError) throw bad(`can't parse entities: ${err.message}`);
      throw err;
    }
    if (!f.text.trim()) throw bad('message text is empty');
    if (f.text.length > 4096) throw bad('message is too long');
    return f;
  }

  private readMarkup(p: Params): InlineKeyboardMarkup | undefined {
    const markup = jsonParam(p, 'reply_markup');
    if (markup === undefined) return undefined;
    if (typeof markup !== 'object' || markup === null) throw bad("can't parse reply keyboard markup JSON object");
    const m = markup as Record<string, unknown>;
    if (!('inline_keyboard' in m)) {
      if ('keyboard' in m || 'remove_keyboard' in m || 'force_reply' in m) return undefined; // accepted, not shown on the message
      throw bad('unsupported reply_markup');
    }
    if (!Array.isArray(m.inline_keyboard) || !m.inline_keyboard.every(Array.isArray))
      throw bad("can't parse inline keyboard button: InlineKeyboardButtons must be an Array");
    for (const row of m.inline_keyboard as unknown[][]) {
      for (const b of row as Array<Record<string, unknown>>) {
        if (typeof b?.text !== 'string' || !b.text) throw bad('BUTTON_TEXT_INVALID');
        const kinds = ['callback_data', 'url', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat', 'copy_text', 'pay'].filter(
          (k) => b[k] !== undefined,
        );
        if (kinds.length !== 1) throw bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        if (b.callback_data !== undefined) {
          if (typeof b.callback_data !== 'string' || Buffer.byteLength(b.callback_data) < 1 || Buffer.byteLength(b.callback_data) > 64)
            throw bad('BUTTON_DATA_INVALID');
        }
        if (b.url !== undefined && (typeof b.url !== 'string' || !/^(https?|tg):\/\//.test(b.url))) throw bad('BUTTON_URL_INVALID');
      }
    }
    if ((m.inline_keyboard as unknown[]).length === 0) return undefined;
    return { inline_keyboard: m.inline_keyboard as InlineKeyboardMarkup['inline_keyboard'] };
  }

  private limit(bot: BotState, method: string, chat: ChatState): void {
    if (!bot.limiter.counts(method)) return;
    const now = this.now();
    const decision = bot.limiter.take(now, method, chat.chat.id, chat.chat.type !== 'private');
    bot.violations.push(...decision.violations);
    if (!decision.ok) throw new ApiError(429, `Too Many Requests: retry after ${decision.retryAfter}`, { retry_after: decision.retryAfter });
    let w = bot.statChats.get(chat.chat.id);
    if (!w) bot.statChats.set(chat.chat.id, (w = new SlidingWindow(0, 1000)));
    w.add(now);
    bot.statGlobal.add(now);
    bot.maxPerChat = Math.max(bot.maxPerChat, w.count(now));
    bot.maxGlobal = Math.max(bot.maxGlobal, bot.statGlobal.count(now));
  }

  private sendMessage(bot: BotState, p: Params): Message {
    const chat = this.chatOf(bot, p, true);
    const { text, entities } = this.readText(p);
    const markup = this.readMarkup(p);
    const replyParams = jsonParam(p, 'reply_parameters') as { message_id?: number; allow_sending_without_reply?: boolean } | undefined;
    const replyTo = int(p, 'reply_to_message_id') ?? replyParams?.message_id;
    let reply: Message | undefined;
    if (replyTo !== undefined) {
      const target = chat.messages.get(Number(replyTo));
      if (target && !target.deleted_at) reply = target.message;
      else if (!(bool(p.allow_sending_without_reply) || replyParams?.allow_sending_without_reply)) throw bad('message to be replied not found');
    }
    this.limit(bot, 'sendMessage', chat);
    const message: Message = {
      message_id: chat.nextMessageId++,
      from: bot.user,
      chat: chat.chat,
      date: Math.floor(this.now() / 1000),
      text,
      ...(entities.length ? { entities } : {}),
      ...(reply ? { reply_to_message: withoutReply(reply) } : {}),
      ...(markup ? { reply_markup: markup } : {}),
    };
    this.store(chat, message, true);
    bot.messagesSent++;
    this.record(bot, { method: 'sendMessage', chat_id: chat.chat.id, message_id: message.message_id, message, params: p });
    return message;
  }

  private editMessage(bot: BotState, p: Params, method: 'editMessageText' | 'editMessageReplyMarkup'): Message {
    if (p.inline_message_id !== undefined) throw bad('inline messages are not emulated');
    const chat = this.chatOf(bot, p);
    const id = int(p, 'message_id', true)!;
    const stored = chat.messages.get(id);
    if (!stored || stored.deleted_at) throw bad('message to edit not found');
    if (!stored.from_bot) throw bad("message can't be edited");
    const current = stored.message;
    const markup = this.readMarkup(p);
    let text = current.text;
    let entities = current.entities ?? [];
    if (method === 'editMessageText') ({ text, entities } = this.readText(p));
    const same =
      text === current.text &&
      JSON.stringify(entities) === JSON.stringify(current.entities ?? []) &&
      JSON.stringify(markup) === JSON.stringify(current.reply_markup);
    if (same)
      throw bad(
        'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    this.limit(bot, method, chat);
    const now = this.now();
    const message: Message = { ...current, text, edit_date: Math.floor(now / 1000) };
    if (entities.length) message.entities = entities;
    else delete message.entities;
    if (markup) message.reply_markup = markup;
    else delete message.reply_markup;
    stored.message = message;
    stored.edited_at = now;
    stored.history.push({ at: now, text: message.text, reply_markup: message.reply_markup });
    this.record(bot, { method, chat_id: chat.chat.id, message_id: id, message, params: p });
    return message;
  }

  private store(chat: ChatState, message: Message, fromBot: boolean): StoredMessage {
    const stored: StoredMessage = {
      message,
      from_bot: fromBot,
      sent_at: this.now(),
      history: [{ at: this.now(), text: message.text ?? message.caption, reply_markup: message.reply_markup }],
    };
    chat.messages.set(message.message_id, stored);
    chat.order.push(message.message_id);
    return stored;
  }

  private record(bot: BotState, a: Omit<BotAction, 'seq' | 'at'>): void {
    const action: BotAction = { seq: ++bot.seq, at: this.now(), ...a, params: cleanParams(a.params) };
    bot.actions.push(action);
    for (const w of bot.waiters) {
      if (matches(action, w)) {
        bot.waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(action);
      }
    }
  }

  // =============================================================================================
  // Control API

  /** Create (or update) a chat without a message, e.g. for a benchmark's thousands of chats. */
  addChat(spec: InjectFrom, token?: string): Chat {
    return this.ensureChat(this.controlBot(token), spec).chat.chat;
  }

  private ensureChat(bot: BotState, spec: InjectFrom): { chat: ChatState; user: User } {
    const type: ChatType = spec.chat_type ?? 'private';
    const userId = spec.user?.id ?? (type === 'private' ? spec.chat_id : undefined);
    if (userId === undefined) throw new ControlError(400, 'give user.id (or chat_id of a private chat)');
    const chatId = type === 'private' ? userId : spec.chat_id;
    if (chatId === undefined) throw new ControlError(400, 'a group message needs chat_id');
    if (type === 'private' && spec.chat_id !== undefined && spec.chat_id !== userId) throw new ControlError(400, 'a private chat has the id of its user');
    let chat = bot.chats.get(chatId);
    const known = chat?.user.id === userId ? chat.user : undefined;
    const user: User = {
      id: userId,
      is_bot: false,
      first_name: spec.user?.first_name ?? known?.first_name ?? `User ${userId}`,
      ...((spec.user?.last_name ?? known?.last_name) ? { last_name: spec.user?.last_name ?? known?.last_name } : {}),
      ...((spec.user?.username ?? known?.username) ? { username: spec.user?.username ?? known?.username } : {}),
      ...((spec.user?.language_code ?? known?.language_code) ? { language_code: spec.user?.language_code ?? known?.language_code } : {}),
    };
    if (!chat) {
      const c: Chat =
        type === 'private'
          ? {
              id: chatId,
              type,
              first_name: user.first_name,
              ...(user.last_name ? { last_name: user.last_name } : {}),
              ...(user.username ? { username: user.username } : {}),
            }
          : { id: chatId, type, title: spec.title ?? `Group ${chatId}` };
      chat = { chat: c, user, nextMessageId: 1, messages: new Map(), order: [] };
      bot.chats.set(chatId, chat);
    } else if (chat.chat.type !== type && spec.chat_type !== undefined) {
      throw new ControlError(400, `chat ${chatId} is a ${chat.chat.type} chat`);
    }
    if (type === 'private') chat.user = user;
    return { chat, user };
  }

  injectMessage(spec: InjectMessage, token?: string): Injected {
    const bot = this.controlBot(token);
    const { chat, user } = this.ensureChat(bot, spec);
    const message: Message = { message_id: chat.nextMessageId++, from: user, chat: chat.chat, date: spec.date ?? Math.floor(this.now() / 1000) };
    if (spec.reply_to_message_id !== undefined) {
      const target = chat.messages.get(spec.reply_to_message_id);
      if (!target) throw new ControlError(404, `no message ${spec.reply_to_message_id} in chat ${chat.chat.id}`);
      message.reply_to_message = withoutReply(target.message);
    }
    const n = bot.updatesInjected + this.nextUpdateId;
    switch (spec.kind) {
      case undefined:
      case 'text': {
        if (!spec.text) throw new ControlError(400, 'text is empty');
        message.text = spec.text;
        const entities = spec.entities ?? detectEntities(spec.text);
        if (entities.length) message.entities = entities;
        break;
      }
      case 'location':
        message.location = { latitude: spec.latitude, longitude: spec.longitude, ...(spec.live_period ? { live_period: spec.live_period } : {}) };
        break;
      case 'voice':
        message.voice = { file_id: `voice-${n}`, file_unique_id: `uvoice-${n}`, duration: spec.duration ?? 3, mime_type: 'audio/ogg', file_size: 12_000 };
        break;
      case 'sticker':
        message.sticker = {
          file_id: `sticker-${n}`,
          file_unique_id: `usticker-${n}`,
          type: 'regular',
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
          emoji: spec.emoji ?? '👍',
        };
        break;
      case 'photo':
        message.photo = [90, 320, 800].map((w) => ({
          file_id: `photo-${n}-${w}`,
          file_unique_id: `uphoto-${n}-${w}`,
          width: w,
          height: Math.round((w * 3) / 4),
          file_size: w * 60,
        }));
        if (spec.caption) message.caption = spec.caption;
        break;
    }
    this.store(chat, message, false);
    const update: Update = { update_id: this.nextUpdateId++, message };
    return { update_id: update.update_id, seq: bot.seq, queued: this.enqueue(bot, update), message };
  }

  injectEdit(spec: InjectEdit, token?: string): Injected {
    const bot = this.controlBot(token);
    const chat = bot.chats.get(spec.chat_id);
    const stored = chat?.messages.get(spec.message_id);
    if (!chat || !stored || stored.deleted_at) throw new ControlError(404, `no message ${spec.message_id} in chat ${spec.chat_id}`);
    if (stored.from_bot) throw new ControlError(400, 'a user can edit only their own messages');
    if (stored.message.text === undefined) throw new ControlError(400, 'only text messages can be edited');
    const now = this.now();
    const entities = spec.entities ?? detectEntities(spec.text);
    const message: Message = { ...stored.message, text: spec.text, edit_date: Math.floor(now / 1000) };
    if (entities.length) message.entities = entities;
    else delete message.entities;
    stored.message = message;
    stored.edited_at = now;
    stored.history.push({ at: now, text: spec.text });
    const update: Update = { update_id: this.nextUpdateId++, edited_message: message };
    return { update_id: update.update_id, seq: bot.seq, queued: this.enqueue(bot, update), message };
  }

  injectCallback(spec: InjectCallback, token?: string): Injected {
    const bot = this.controlBot(token);
    const chat = bot.chats.get(spec.chat_id);
    const stored = chat?.messages.get(spec.message_id);
    if (!chat || !stored || stored.deleted_at) throw new ControlError(404, `no message ${spec.message_id} in chat ${spec.chat_id}`);
    if (!stored.from_bot) throw new ControlError(400, `message ${spec.message_id} is not the bot's`);
    const buttons = (stored.message.reply_markup?.inline_keyboard ?? []).flat();
    const button = buttons.find((b) => (spec.callback_data !== undefined ? b.callback_data === spec.callback_data : b.text === spec.button_text));
    if (!button || button.callback_data === undefined) {
      throw new ControlError(
        400,
        `message ${spec.message_id} has no callback button ${JSON.stringify(spec.callback_data ?? spec.button_text)}; it has ${JSON.stringify(buttons.map((b) => b.callback_data ?? b.text))}`,
      );
    }
    const user = spec.user?.id !== undefined ? this.ensureChat(bot, { chat_id: chat.chat.id, chat_type: chat.chat.type, user: spec.user }).user : chat.user;
    const id = `${bot.id}${String(this.nextCallbackId++).padStart(9, '0')}`;
    const query: CallbackQuery = {
      id,
      from: user,
      message: stored.message,
      chat_instance: String(Math.abs(chat.chat.id * 7919 + bot.id)),
      data: button.callback_data,
    };
    bot.callbacks.set(id, { id, chat_id: chat.chat.id, message_id: spec.message_id, data: button.callback_data, pressed_at: this.now(), answered: false });
    const update: Update = { update_id: this.nextUpdateId++, callback_query: query };
    return { update_id: update.update_id, seq: bot.seq, queued: this.enqueue(bot, update), callback_query: query };
  }

  /** Queue any update as given (its update_id is replaced by the next one). */
  injectRaw(update: Omit<Update, 'update_id'>, token?: string): Injected {
    const bot = this.controlBot(token);
    const u = { ...update, update_id: this.nextUpdateId++ } as Update;
    return { update_id: u.update_id, seq: bot.seq, queued: this.enqueue(bot, u) };
  }

  chats(token?: string): Array<{ chat: Chat; user: User; messages: number }> {
    return [...this.controlBot(token).chats.values()].map((c) => ({ chat: c.chat, user: c.user, messages: c.order.length }));
  }

  messages(chatId: number, from: 'bot' | 'user' | 'all' = 'all', token?: string): StoredMessage[] {
    const chat = this.controlBot(token).chats.get(chatId);
    if (!chat) throw new ControlError(404, `no chat ${chatId}`);
    return chat.order.map((id) => chat.messages.get(id)!).filter((m) => from === 'all' || m.from_bot === (from === 'bot'));
  }

  actions(filter: { chat_id?: number; after?: number; methods?: string[]; limit?: number }, token?: string): BotAction[] {
    const bot = this.controlBot(token);
    const w = { chatId: filter.chat_id, after: filter.after ?? 0, methods: filter.methods ?? [] };
    const start = Math.max(
      0,
      bot.actions.findIndex((a) => a.seq > w.after),
    );
    const out: BotAction[] = [];
    if (bot.actions.length === 0 || bot.actions[bot.actions.length - 1]!.seq <= w.after) return out;
    for (let i = start; i < bot.actions.length && out.length < (filter.limit ?? 10_000); i++) if (matches(bot.actions[i]!, w)) out.push(bot.actions[i]!);
    return out;
  }

  /**
   * The first bot action after `after` (default: the last one so far) for the chat and methods
   * (default sendMessage), waiting up to `timeoutMs`; null when none came.
   */
  waitForAction(filter: { chat_id?: number; after?: number; methods?: string[]; timeoutMs?: number }, token?: string): Promise<BotAction | null> {
    const bot = this.controlBot(token);
    const methods = filter.methods?.length ? filter.methods : ['sendMessage'];
    const after = filter.after ?? bot.seq;
    const found = this.actions({ chat_id: filter.chat_id, after, methods, limit: 1 }, token)[0];
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const waiter: ActionWaiter = {
        chatId: filter.chat_id,
        after,
        methods,
        resolve,
        timer: setTimeout(
          () => {
            bot.waiters.delete(waiter);
            resolve(null);
          },
          Math.min(filter.timeoutMs ?? 10_000, 600_000),
        ),
      };
      bot.waiters.add(waiter);
    });
  }

  callback(id: string, token?: string): CallbackAnswer {
    const cb = this.controlBot(token).callbacks.get(id);
    if (!cb) throw new ControlError(404, `no callback query ${id}`);
    return cb;
  }

  addFault(spec: FaultSpec, token?: string): Fault {
    const bot = this.controlBot(token);
    const permanent = spec.kind === '403' && spec.chat_id !== undefined && spec.count === undefined;
    const fault: Fault = { ...spec, id: this.nextFaultId++, remaining: permanent ? null : Math.max(1, spec.count ?? 1), hits: 0 };
    bot.faults.push(fault);
    return fault;
  }

  faults(token?: string): Fault[] {
    return this.controlBot(token).faults;
  }

  /** Clear faults: all, one by id, or those of one chat (e.g. unblock it). */
  clearFaults(filter: { id?: number; chat_id?: number } = {}, token?: string): number {
    const bot = this.controlBot(token);
    const before = bot.faults.length;
    bot.faults = bot.faults.filter((f) => (filter.id !== undefined && f.id !== filter.id) || (filter.chat_id !== undefined && f.chat_id !== filter.chat_id));
    return before - bot.faults.length;
  }

  rateLimits(): RateLimits {
    return this.limits;
  }

  configureRateLimits(limits: Partial<RateLimits>): RateLimits {
    this.limits = { ...this.limits, ...limits };
    for (const bot of this.bots.values()) bot.limiter.configure(this.limits);
    return this.limits;
  }

  violations(filter: { chat_id?: number } = {}, token?: string): Violation[] {
    const v = this.controlBot(token).violations;
    return filter.chat_id === undefined ? v : v.filter((x) => x.chatId === filter.chat_id);
  }

  stats(token?: string): EmulatorStats {
    const bot = this.controlBot(token);
    const count = (k: string) => bot.violations.filter((v) => v.kind === k).length;
    return {
      calls: { ...bot.calls },
      errors: { ...bot.errors },
      messages_sent: bot.messagesSent,
      updates_injected: bot.updatesInjected,
      pending_updates: bot.pending.length,
      violations: { chat: count('chat'), global: count('global'), group: count('group') },
      max_per_chat_in_window: bot.maxPerChat,
      max_global_in_window: bot.maxGlobal,
      webhook_deliveries: bot.deliveries.length,
      webhook_failures: bot.deliveries.filter((d) => d.status === null || d.status < 200 || d.status >= 300).length,
    };
  }

  state(token?: string) {
    const bot = this.controlBot(token);
    return {
      token: bot.token,
      bot: bot.user,
      default_token: this.defaultToken,
      mode: bot.webhook ? 'webhook' : 'polling',
      webhook: bot.webhook
        ? {
            url: bot.webhook.url,
            secret_token_set: bot.webhook.secretToken !== null,
            max_connections: bot.webhook.maxConnections,
            last_error_message: bot.webhook.lastErrorMessage,
          }
        : null,
      polling: bot.poller !== null,
      allowed_updates: bot.allowedUpdates,
      pending_updates: bot.pending,
      commands: Object.fromEntries(bot.commands),
      rate_limits: bot.limiter.config,
      chats: bot.chats.size,
    };
  }

  /** When updates were first handed to the bot, oldest first; `after`: update ids above it only. */
  handedOut(filter: { chat_id?: number; after?: number; limit?: number } = {}, token?: string): HandedOut[] {
    const all = this.controlBot(token).handedOut;
    const out: HandedOut[] = [];
    for (const h of all) {
      if (out.length >= (filter.limit ?? Number.POSITIVE_INFINITY)) break;
      if (filter.after !== undefined && h.update_id <= filter.after) continue;
      if (filter.chat_id !== undefined && h.chat_id !== filter.chat_id) continue;
      out.push(h);
    }
    return out;
  }

  webhookDeliveries(token?: string): WebhookDelivery[] {
    return this.controlBot(token).deliveries;
  }

  /** Forget every bot, chat, update, fault and log; update ids keep growing. */
  reset(): void {
    for (const bot of this.bots.values()) this.stopBot(bot);
    this.bots.clear();
    this.limits = { ...DEFAULT_RATE_LIMITS, ...this.opts.rateLimits };
  }

  close(): void {
    this.closed = true;
    this.reset();
  }

  private stopBot(bot: BotState): void {
    this.dropWebhook(bot);
    if (bot.poller) {
      clearTimeout(bot.poller.timer);
      bot.poller.resolve(json(200, { ok: true, result: [] }));
      bot.poller = null;
    }
    for (const w of bot.waiters) {
      clearTimeout(w.timer);
      w.resolve(null);
    }
    bot.waiters.clear();
  }
}

// -----------------------------------------------------------------------------------------------
// Helpers

const METHOD_NAMES = new Map(
  [
    'getMe',
    'getUpdates',
    'setWebhook',
    'deleteWebhook',
    'getWebhookInfo',
    'sendMessage',
    'editMessageText',
    'editMessageReplyMarkup',
    'deleteMessage',
    'answerCallbackQuery',
    'sendChatAction',
    'setMyCommands',
    'getMyCommands',
    'deleteMyCommands',
    'getChat',
  ].map((m) => [m.toLowerCase(), m]),
);

function json(status: number, body: ApiResponse & { description?: string }): CallOutcome {
  return { kind: 'json', status, body };
}

function isOutcome(x: unknown): x is CallOutcome {
  return (
    typeof x === 'object' &&
    x !== null &&
    'kind' in x &&
    ((x as CallOutcome).kind === 'json' || (x as CallOutcome).kind === 'drop' || (x as CallOutcome).kind === 'html')
  );
}

function bad(description: string): ApiError {
  return new ApiError(400, `Bad Request: ${description}`);
}

function str(p: Params, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function int(p: Params, key: string, required = false): number | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw bad(`${key} is empty`);
    return undefined;
  }
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw bad(`invalid ${key} specified`);
  return n;
}

function bool(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

/** A structured parameter: an object in a JSON body, a JSON string in a form or query. */
function jsonParam(p: Params, key: string): unknown {
  const v = p[key];
  if (typeof v !== 'string') return v ?? undefined;
  try {
    return JSON.parse(v);
  } catch {
    throw bad(`can't parse ${key} JSON object`);
  }
}

/** An empty list means the default: every type we make (Telegram: all but chat_member and reactions). */
function allowedUpdates(raw: unknown): string[] | null {
  let list: unknown = raw;
  if (typeof raw === 'string') {
    try {
      list = JSON.parse(raw);
    } catch {
      throw bad("can't parse allowed_updates");
    }
  }
  if (!Array.isArray(list) || !list.every((t) => typeof t === 'string')) throw bad("can't parse allowed_updates");
  return list.length === 0 ? null : list;
}

function commandsKey(p: Params): string {
  const scope = jsonParam(p, 'scope') as { type?: string; chat_id?: number; user_id?: number } | undefined;
  return `${scope?.type ?? 'default'}:${scope?.chat_id ?? ''}:${scope?.user_id ?? ''}:${str(p, 'language_code') ?? ''}`;
}

function withoutReply(m: Message): Message {
  const { reply_to_message: _r, ...rest } = m;
  return rest;
}

function matches(a: BotAction, w: { chatId?: number; after: number; methods: string[] }): boolean {
  return a.seq > w.after && (w.chatId === undefined || a.chat_id === w.chatId) && (w.methods.length === 0 || w.methods.includes(a.method as BotActionMethod));
}

function cleanParams(p: Params): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (typeof v === 'string' && (k === 'reply_markup' || k === 'entities' || k === 'reply_parameters')) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* kept as given */
      }
    }
    out[k] = v;
  }
  return out;
}
