import { Hono } from 'hono';
import type { UiEnv } from '../../http/env';
import { fmt, pick } from '../../http/i18n/messages';
import { page } from '../../http/pages/page';
import { parseEventsQuery, searchQuery, type EventsQuery } from './filters';
import { eventsMessages, type EventsText } from './messages';
import { loadTimeline, searchEvents, TIMELINE_LIMIT } from './queries';
import { EventList, EventsForm, Timeline } from './views/events-page';

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 300);

async function content(deps: UiEnv['Variables']['deps'], m: EventsText, q: EventsQuery) {
  if (q.chat !== undefined) {
    const t = await loadTimeline(deps.pool, deps.schema, q.chat, deps.defaultTimezone);
    return <Timeline m={m} chat={q.chat} entries={t.entries} more={t.more} limit={TIMELINE_LIMIT} />;
  }
  const r = await searchEvents(deps.pool, deps.schema, q);
  const last = r.rows.at(-1);
  const next = r.more && last ? `/events?${searchQuery(q, last.globalPosition)}` : null;
  return <EventList m={m} rows={r.rows} next={next} />;
}

/** GET /events: a chat's timeline (`chat`), else a search of the event store by type, stream prefix and time. */
export function eventsRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/events', async (c) => {
    const deps = c.get('deps');
    const m = pick(eventsMessages, c.get('lang'));
    const query = Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v[0] ?? '']));
    const opts = { title: m.title, active: 'events' as const, styles: ['events.css'] };
    const frame = (inner: unknown, status: 200 | 400 | 502 = 200) =>
      page(
        c,
        opts,
        <div class="events-page">
          <h1>{m.title}</h1>
          <EventsForm m={m} values={query} />
          {inner}
        </div>,
        status,
      );
    const parsed = parseEventsQuery(query);
    if (!parsed.ok) {
      return frame(
        <p class="error" role="alert">
          {fmt(m.badInput, { field: parsed.field })}
        </p>,
        400,
      );
    }
    try {
      return frame(await content(deps, m, parsed.q));
    } catch (e) {
      return frame(
        <p class="error" role="alert">
          {fmt(m.unreachable, { reason: reason(e) })}
        </p>,
        502,
      );
    }
  });
  return app;
}
