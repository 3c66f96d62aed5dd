import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for an OpenAI-compatible chat-completions server (llama.cpp's API), so tests
 * and demos run the production LLM client over real HTTP. `reply` decides each answer.
 */
export interface EmulatedRequest {
  apiKey: string | null;
  body: { model?: string; messages?: Array<{ role: string; content: string }>; response_format?: unknown };
}

export type EmulatorReply = { content: string; delayMs?: number } | { status: number; body?: string; delayMs?: number };

export interface LlmEmulator {
  url: string;
  requests: EmulatedRequest[];
  close(): Promise<void>;
}

export async function startLlmEmulator(opts: { apiKey: string; reply: (req: EmulatedRequest) => EmulatorReply }): Promise<LlmEmulator> {
  const requests: EmulatedRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    };
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(404, '{"error":{"message":"not found"}}');
    const auth = req.headers.authorization ?? null;
    const apiKey = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
    let body: EmulatedRequest['body'];
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return send(400, '{"error":{"message":"invalid JSON"}}');
    }
    if (apiKey !== opts.apiKey) return send(401, '{"error":{"message":"invalid api key"}}');
    const r: EmulatedRequest = { apiKey, body };
    requests.push(r);
    const reply = opts.reply(r);
    if (reply.delayMs) await new Promise((ok) => setTimeout(ok, reply.delayMs));
    if (res.destroyed) return;
    if ('status' in reply) return send(reply.status, reply.body ?? '{"error":{"message":"emulated failure"}}');
    send(
      200,
      JSON.stringify({
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model ?? 'emulated',
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply.content } }],
      }),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
