import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Api } from 'node-telegram-bot-api';
import { countedAs, type Logger } from '@napominalka/core';
import type { UpdateRecorder } from './record-update';
import { ALLOWED_UPDATES } from './poller';
import { updateEnvelopeSchema } from './update-schema';

export interface WebhookOptions {
  api: Pick<Api, 'setWebhook'>;
  recorder: UpdateRecorder;
  log: Logger;
  /** The public URL Telegram posts to (BOT_WEBHOOK_URL); the server answers on its path. */
  url: string;
  /** Sent by Telegram as X-Telegram-Bot-Api-Secret-Token (BOT_WEBHOOK_SECRET). */
  secret: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Largest body accepted, bytes. */
  maxBodyBytes?: number;
}

/** Telegram's updates are a few KB; a megabyte is far beyond any real one. */
export const MAX_BODY_BYTES = 1024 * 1024;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** Compares in constant time (hashes first, so the length leaks nothing either). */
export function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/**
 * Webhook mode: Telegram POSTs each update to BOT_WEBHOOK_URL and redelivers it until it gets a
 * 2xx, so the answer is the acknowledgement — 200 only once the update's event is committed,
 * 503 when it could not be (database down: Telegram retries, and the key `tg:<update_id>` makes a
 * retry of something that did commit a no-op).
 *
 * What can never succeed is not left for Telegram to retry forever (it would also hold back the
 * chat's later updates): an update that is valid JSON with an update_id but not a shape we can
 * read is logged and answered 200. Bodies that are not an update at all — wrong content type,
 * over 1 MB, not JSON, no update_id — cannot come from Telegram and get a 4xx. A request without
 * the right secret gets 401 and records nothing. GET /healthz answers 200 without the secret.
 *
 * stop() closes the server and leaves the webhook set: Telegram keeps the updates that arrive in
 * the meantime and delivers them when the bot is back.
 */
export class WebhookIngress {
  private server: Server | null = null;
  private readonly path: string;
  readonly stats = { ok: 0, unauthorized: 0, refused: 0, failed: 0 };

  constructor(private readonly o: WebhookOptions) {
    this.path = new URL(o.url).pathname;
  }

  /** Listens, then tells Telegram where to post; resolves with the port listened on. */
  async start(): Promise<number> {
    const server = createServer((req, res) => {
      countedAs('ingress', () => this.handle(req, res)).catch((err: Error) => {
        this.o.log.error({ err: err.message }, 'webhook request failed');
        if (!res.headersSent) reply(res, 500, 'internal error');
        else res.destroy();
      });
    });
    // A slow or stuck client is cut off; Telegram itself gives up on a webhook call far sooner.
    server.requestTimeout = 30_000;
    server.headersTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port, this.o.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const port = (server.address() as AddressInfo).port;
    await this.o.api.setWebhook({ url: this.o.url, secret_token: this.o.secret, allowed_updates: ALLOWED_UPDATES });
    this.o.log.info({ host: this.o.host, port, path: this.path }, 'webhook set; listening for updates');
    return port;
  }

  /** Stops accepting, lets requests in progress finish (their commits included), closes. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 10_000);
    await closed;
    clearTimeout(force);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { log } = this.o;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz' && req.method === 'GET') return reply(res, 200, 'ok');
    if (path !== this.path) return reply(res, 404, 'not found');
    if (req.method !== 'POST') return reply(res, 405, 'POST only', { allow: 'POST' });
    if (!secretMatches(req.headers[SECRET_HEADER], this.o.secret)) {
      this.stats.unauthorized++;
      log.warn({ remote: req.socket.remoteAddress }, 'webhook call without the right secret token; refused');
      return refuse(req, res, 401, 'unauthorized');
    }
    const refused = (status: number, message: string, detail?: string) => {
      this.stats.refused++;
      log.warn({ status, detail }, `webhook body refused: ${message}`);
      return refuse(req, res, status, message);
    };
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return refused(415, 'application/json expected', req.headers['content-type']);
    const max = this.o.maxBodyBytes ?? MAX_BODY_BYTES;
    if (Number(req.headers['content-length'] ?? 0) > max) return refused(413, 'body too large');
    const raw = await readBody(req, max).catch(() => undefined);
    if (raw === undefined) return refused(413, 'body too large');
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      return refused(400, 'not JSON', (err as Error).message);
    }
    if (!updateEnvelopeSchema.safeParse(body).success) return refused(400, 'not a Telegram update (no update_id)', raw.subarray(0, 200).toString('utf8'));
    try {
      await this.o.recorder.record(body); // 'unreadable' is logged there and acknowledged here
    } catch (err) {
      this.stats.failed++;
      log.warn({ updateId: (body as { update_id: number }).update_id, err: (err as Error).message }, 'update not recorded; answering 503 so Telegram retries');
      return reply(res, 503, 'not recorded, retry', { 'retry-after': '1' });
    }
    this.stats.ok++;
    reply(res, 200, 'ok');
  }
}

/** The body, or a rejection once it grows past `max` bytes (the rest is not kept). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) reject(new Error('too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// A plain-text body: a JSON answer with a "method" field would be run by Telegram as a Bot API call.
function reply(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

/**
 * Answers a refused request. The rest of its body is read and thrown away (closing a socket with
 * unread data resets it, and the client may never see the answer), but only up to a limit.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  reply(res, status, text, status === 413 ? { connection: 'close' } : {});
  if (req.complete) return;
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_BODY_BYTES) req.destroy();
  });
  req.resume();
}
