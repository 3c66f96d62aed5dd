import { localTime, MAX_DRAWN_DEPTH, timelineJson, type TimelineEntry } from '@napominalka/core/cli';
import { fmt } from '../../../http/i18n/messages';
import type { EventsText } from '../messages';
import type { EventRow } from '../queries';

type Values = Partial<Record<'chat' | 'type' | 'stream' | 'from' | 'to', string>>;

export function EventsForm(props: { m: EventsText; values: Values }) {
  const { m, values: v } = props;
  const field = (name: keyof Values, size: number) => (
    <label>
      {m[name]} <input name={name} value={v[name] ?? ''} size={size} />
    </label>
  );
  return (
    <form method="get" action="/events" class="events-filters">
      {field('chat', 14)}
      {field('type', 18)}
      {field('stream', 18)}
      {field('from', 22)}
      {field('to', 22)}
      <button type="submit">{m.show}</button>
    </form>
  );
}

const Json = (props: { m: EventsText; value: unknown }) => (
  <details>
    <summary>{props.m.json}</summary>
    <pre>{JSON.stringify(props.value, null, 2)}</pre>
  </details>
);

/** One timeline entry: its segments as styled spans (escaped), its depth as indentation. */
function Entry(props: { m: EventsText; e: TimelineEntry }) {
  const { e, m } = props;
  const depth = Math.min(e.depth, MAX_DRAWN_DEPTH);
  return (
    <li class={`entry kind-${e.kind} depth-${depth}`} data-event-id={e.event.id}>
      <time datetime={e.event.occurredAt}>{localTime(e.event.occurredAt, e.timezone)}</time> <span class="icon">{e.icon}</span>{' '}
      {e.segments.map((s) => (
        <span class={s.style ? `seg-${s.style}` : 'seg'}>{s.text}</span>
      ))}
      <Json m={m} value={timelineJson(e)} />
    </li>
  );
}

export function Timeline(props: { m: EventsText; chat: string; entries: TimelineEntry[]; more: boolean; limit: number }) {
  const { m, chat, entries } = props;
  return (
    <section class="timeline">
      <h2>{fmt(m.timelineOf, { chat })}</h2>
      {entries.length === 0 ? (
        <p class="empty">{fmt(m.noTimeline, { chat })}</p>
      ) : (
        <>
          <p>{fmt(m.count, { n: entries.length })}</p>
          <ol class="timeline-entries">
            {entries.map((e) => (
              <Entry m={m} e={e} />
            ))}
          </ol>
          {props.more && <p class="notice">{fmt(m.more, { n: props.limit })}</p>}
        </>
      )}
    </section>
  );
}

export function EventList(props: { m: EventsText; rows: EventRow[]; next: string | null }) {
  const { m, rows } = props;
  if (rows.length === 0) return <p class="empty">{m.empty}</p>;
  return (
    <section>
      <ol class="event-list">
        {rows.map((r) => (
          <li data-event-id={r.id}>
            <time datetime={r.occurredAt.toISOString()}>{r.occurredAt.toISOString()}</time> <b>{r.type}</b>{' '}
            <a
              href={
                r.streamId.startsWith('chat-') ? `/events?chat=${encodeURIComponent(r.streamId.slice(5))}` : `/events?stream=${encodeURIComponent(r.streamId)}`
              }
            >
              {r.streamId}
            </a>{' '}
            <span class="seg-dim">
              #{r.streamPosition} · {m.position} {r.globalPosition}
            </span>
            <Json m={m} value={{ data: r.data, metadata: r.metadata }} />
          </li>
        ))}
      </ol>
      {props.next && (
        <p class="pager">
          <a href={props.next} rel="next">
            {m.next}
          </a>
        </p>
      )}
    </section>
  );
}
