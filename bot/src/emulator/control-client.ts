/**
 * A typed client of the Telegram emulator's control API (`/_emulator/...`), for tests, the local
 * web chat and the benchmark. Plain fetch; no server code imported.
 *
 *   const tg = new EmulatorControl(emulator.url);
 *   const { seq } = await tg.sendText(42, 'напомни завтра в 9 позвонить маме');
 *   const reply = await tg.nextBotMessage(42, { after: seq });
 *   await tg.press(42, reply.message_id, { callback_data: reply.reply_markup!.inline_keyboard[0]![0]!.callback_data });
 */
import type {
  BotAction,
  CallbackAnswer,
  Chat,
  EmulatorStats,
  Fault,
  FaultSpec,
  HandedOut,
  InjectCallback,
  InjectEdit,
  Injected,
  InjectFrom,
  InjectMessage,
  Message,
  StoredMessage,
  Update,
  User,
  WebhookDelivery,
} from './types';
import type { RateLimits, Violation } from './rate-limit';

export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

type TextExtra = { user?: Partial<User>; reply_to_message_id?: number; date?: number };

export class EmulatorControl {
  private readonly base: string;

  /** `baseUrl`: the emulator's root (http://127.0.0.1:8443); `token`: which bot (default: the emulator's default bot). */
  constructor(
    baseUrl: string,
    private readonly opts: { token?: string; timeoutMs?: number } = {},
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  /** The same emulator, another bot. */
  forBot(token: string): EmulatorControl {
    return new EmulatorControl(this.base, { ...this.opts, token });
  }

  private async req<T>(
    method: string,
    path: string,
    query: Record<string, string | number | undefined> = {},
    body?: unknown,
    okStatuses: number[] = [],
  ): Promise<{ status: number; data: T }> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...query, token: this.opts.token })) if (v !== undefined) q.set(k, String(v));
    const qs = q.toString();
    const res = await fetch(`${this.base}/_emulator${path}${qs ? `?${qs}` : ''}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 660_000),
    });
    const text = await res.text();
    const data = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok && !okStatuses.includes(res.status)) {
      const msg = (data as { error?: string } | undefined)?.error ?? res.statusText;
      throw new EmulatorControlError(res.status, `emulator ${method} ${path}: ${res.status} ${msg}`, data);
    }
    return { status: res.status, data: data as T };
  }

  private async get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
    return (await this.req<T>('GET', path, query)).data;
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    return (await this.req<T>('POST', path, {}, body)).data;
  }

  // ------------------------------------------------------------------------------------------
  // What users do

  /** A user's message of any kind (text, location, voice, sticker, photo). */
  send(spec: InjectMessage): Promise<Injected> {
    return this.post('/messages', spec);
  }

  /** A text message in the private chat of user `userId` (chat id = user id). */
  sendText(userId: number, text: string, extra: TextExtra = {}): Promise<Injected> {
    return this.send({ ...extra, user: { ...extra.user, id: userId }, text });
  }

  /** A text message in a group from a user; commands and @mentions get their entities. */
  sendGroupText(
    chatId: number,
    userId: number,
    text: string,
    extra: { title?: string; chat_type?: 'group' | 'supergroup'; user?: Partial<User> } = {},
  ): Promise<Injected> {
    return this.send({ chat_id: chatId, chat_type: extra.chat_type ?? 'group', title: extra.title, user: { ...extra.user, id: userId }, text });
  }

  sendLocation(userId: number, latitude: number, longitude: number): Promise<Injected> {
    return this.send({ kind: 'location', user: { id: userId }, latitude, longitude });
  }

  /** A user edits their message. */
  edit(spec: InjectEdit): Promise<Injected> {
    return this.post('/edits', spec);
  }

  /** A user presses a callback button of a bot message (by its callback_data or its label). */
  press(chatId: number, messageId: number, button: { callback_data?: string; button_text?: string; user?: InjectCallback['user'] }): Promise<Injected> {
    return this.post('/callbacks', { chat_id: chatId, message_id: messageId, ...button });
  }

  /** Any update as given; the emulator assigns its update_id. */
  injectUpdate(update: Omit<Update, 'update_id'>): Promise<Injected> {
    return this.post('/updates', update);
  }

  /** Create chats without a message (a bot can only write to chats that exist). */
  addChat(spec: InjectFrom): Promise<Chat> {
    return this.post('/chats', spec);
  }

  addChats(specs: InjectFrom[]): Promise<Chat[]> {
    return this.post('/chats', specs);
  }

  // ------------------------------------------------------------------------------------------
  // What the bot did

  chats(): Promise<Array<{ chat: Chat; user: User; messages: number }>> {
    return this.get('/chats');
  }

  /** The chat's messages in order, as they stand now (edits applied, deletions marked). */
  messages(chatId: number, from: 'bot' | 'user' | 'all' = 'all'): Promise<StoredMessage[]> {
    return this.get(`/chats/${chatId}/messages`, { from });
  }

  /** The bot's messages in a chat, in order. */
  async botMessages(chatId: number): Promise<Message[]> {
    return (await this.messages(chatId, 'bot')).map((m) => m.message);
  }

  /** The bot's actions (sendMessage, edits, deletes, callback answers, chat actions) after `after`. */
  actions(filter: { chat_id?: number; after?: number; methods?: string[]; limit?: number } = {}): Promise<BotAction[]> {
    return this.get('/actions', { chat_id: filter.chat_id, after: filter.after, methods: filter.methods?.join(','), limit: filter.limit });
  }

  /**
   * The first bot action after seq `after` (pass the `seq` an inject returned; default: from now)
   * in a chat, of the given methods (default sendMessage); null after `timeoutMs` (default 10 s).
   */
  async waitForAction(filter: { chat_id?: number; after?: number; methods?: string[]; timeoutMs?: number } = {}): Promise<BotAction | null> {
    const { status, data } = await this.req<BotAction>(
      'GET',
      '/wait',
      {
        chat_id: filter.chat_id,
        after: filter.after,
        methods: filter.methods?.join(','),
        timeout_ms: filter.timeoutMs,
      },
      undefined,
      [408],
    );
    return status === 408 ? null : data;
  }

  /** The next message the bot sends to `chatId` after seq `after`; throws when none comes in time. */
  async nextBotMessage(chatId: number, opts: { after?: number; timeoutMs?: number } = {}): Promise<Message> {
    const a = await this.waitForAction({ chat_id: chatId, after: opts.after, methods: ['sendMessage'], timeoutMs: opts.timeoutMs });
    if (!a?.message) throw new EmulatorControlError(408, `no bot message in chat ${chatId} within ${opts.timeoutMs ?? 10_000} ms`);
    return a.message;
  }

  /** Whether and how the bot answered a callback query. */
  callback(id: string): Promise<CallbackAnswer> {
    return this.get(`/callbacks/${encodeURIComponent(id)}`);
  }

  // ------------------------------------------------------------------------------------------
  // Faults, limits, observations

  fault(spec: FaultSpec): Promise<Fault> {
    return this.post('/faults', spec);
  }

  /** The user blocks the bot: every call for the chat answers 403 until `unblock`. */
  block(chatId: number): Promise<Fault> {
    return this.fault({ method: '*', chat_id: chatId, kind: '403' });
  }

  async unblock(chatId: number): Promise<number> {
    return this.clearFaults({ chat_id: chatId });
  }

  faults(): Promise<Fault[]> {
    return this.get('/faults');
  }

  async clearFaults(filter: { id?: number; chat_id?: number } = {}): Promise<number> {
    return (await this.req<{ cleared: number }>('DELETE', '/faults', { id: filter.id, chat_id: filter.chat_id })).data.cleared;
  }

  rateLimits(): Promise<RateLimits> {
    return this.get('/rate-limits');
  }

  async setRateLimits(limits: Partial<RateLimits>): Promise<RateLimits> {
    return (await this.req<RateLimits>('PUT', '/rate-limits', {}, limits)).data;
  }

  /** Every time a message went over a flood limit (refused with 429, or let through when not enforced). */
  violations(filter: { chat_id?: number } = {}): Promise<Violation[]> {
    return this.get('/violations', filter);
  }

  stats(): Promise<EmulatorStats> {
    return this.get('/stats');
  }

  state(): Promise<Record<string, unknown>> {
    return this.get('/state');
  }

  /** When each update was first handed to the bot (getUpdates answer or webhook POST); `after`: update ids above it. */
  handedOut(filter: { chat_id?: number; after?: number; limit?: number } = {}): Promise<HandedOut[]> {
    return this.get('/handed-out', filter);
  }

  webhookDeliveries(): Promise<WebhookDelivery[]> {
    return this.get('/webhook/deliveries');
  }

  /** Forget everything (chats, updates, faults, logs, webhook, limits back to the start-up ones). */
  async reset(): Promise<void> {
    await this.post('/reset', {});
  }
}
