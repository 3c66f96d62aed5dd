import { Hono, type Context } from 'hono';
import { DateTime } from 'luxon';
import { parseText, type ParseInput } from '../../clients/inference-client';
import type { UiEnv } from '../../http/env';
import { fmt, pick } from '../../http/i18n/messages';
import { page } from '../../http/pages/page';
import { playgroundMessages } from './messages';
import { ParseResultView, PlaygroundFormView, type PlaygroundForm } from './playground-page';

const MAX_TEXT_BYTES = 4096;

async function readForm(c: Context<UiEnv>): Promise<PlaygroundForm> {
  const src = c.req.method === 'POST' ? ((await c.req.parseBody()) as Record<string, unknown>) : c.req.query();
  const s = (k: string) => (typeof src[k] === 'string' ? (src[k] as string) : '');
  return { text: s('text'), zone: s('zone') || c.get('deps').defaultTimezone, now: s('now'), lang: s('lang') };
}

/** A datetime-local value (wall clock, no zone) or a full ISO instant → what the API takes, read in the zone. */
function toInstant(now: string): string | undefined {
  if (!now) return undefined;
  return /[zZ]|[+-]\d\d:\d\d$/.test(now) ? now : undefined;
}

/** The playground: a shareable GET form (and POST), the inference API's parse shown in full. */
export function playgroundRoutes() {
  const app = new Hono<UiEnv>();
  const handler = async (c: Context<UiEnv>) => {
    const m = pick(playgroundMessages, c.get('lang'));
    const form = await readForm(c);
    const shell = (extra: unknown, status: 200 | 422 | 502 = 200) =>
      page(
        c,
        { title: m.title, active: 'playground', styles: ['playground.css'] },
        <>
          <h1>{m.title}</h1>
          <PlaygroundFormView form={form} m={m} />
          {extra}
        </>,
        status,
      );
    if (!form.text) return shell(null);
    if (Buffer.byteLength(form.text) > MAX_TEXT_BYTES) return shell(<p class="error">{fmt(m.tooLong, { max: MAX_TEXT_BYTES })}</p>, 422);
    const input: ParseInput = { text: form.text, timezone: form.zone };
    const now = toInstant(form.now) ?? (form.now ? zonedNow(form.now, form.zone) : undefined);
    if (now) input.now = now;
    if (form.lang === 'en' || form.lang === 'ru') input.lang = form.lang;
    const r = await parseText(c.get('deps').inference, input, { explain: true });
    if (!r.ok && r.reason === 'http-error') return shell(<p class="error">{fmt(m.refused, { status: r.status, message: r.message })}</p>, 422);
    if (!r.ok) return shell(<p class="error">{fmt(m.unreachable, { reason: r.message })}</p>, 502);
    return shell(<ParseResultView r={r.body} text={form.text} zone={form.zone} m={m} />);
  };
  app.get('/playground', handler);
  app.post('/playground', handler);
  return app;
}

function zonedNow(local: string, zone: string): string | undefined {
  const d = DateTime.fromISO(local, { zone });
  return d.isValid ? (d.toISO() ?? undefined) : undefined;
}
