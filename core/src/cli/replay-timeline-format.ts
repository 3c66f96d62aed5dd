import { DateTime } from 'luxon';
import { type CallbackAction, decodeCallbackData, type EventData } from '@napominalka/domain';

/**
 * The pure half of `pnpm replay timeline`: events of one chat stream (decoded, or with the error
 * that kept them from being decoded) → entries with a causation depth and a one-line summary →
 * text lines (ANSI colour optional) or JSON lines. No I/O.
 */

/** One stored event as the timeline gets it: `data` decoded to the current version unless `error` says why not. */
export interface TimelineEvent {
  id: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamPosition: number;
  globalPosition: number;
  occurredAt: string;
  recordedAt: string;
  metadata: { correlationId: string; causationId: string | null };
  data: unknown;
  error: string | null;
}

export type Style = 'dim' | 'bold' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan';
export interface Segment {
  text: string;
  style?: Style;
}

export type EntryKind =
  | 'message'
  | 'parse'
  | 'parse-failed'
  | 'clarification'
  | 'decision'
  | 'due'
  | 'delivered'
  | 'delivery-failed'
  | 'button'
  | 'settings'
  | 'feedback'
  | 'model'
  | 'error'
  | 'other';

export interface TimelineEntry {
  event: TimelineEvent;
  /** 0 for an event whose cause is not in the timeline; else its cause's depth + 1. */
  depth: number;
  /** The chat's zone as of this event (after it, for a ChatSettingsChanged). */
  timezone: string;
  kind: EntryKind;
  icon: string;
  segments: Segment[];
}

/** Lines deeper than this are drawn at this depth (JSON keeps the real one). */
export const MAX_DRAWN_DEPTH = 6;

interface ReminderInfo {
  text: string;
  due: string;
}

/** Walks the events in stream order: causation depth, the chat's zone, what each reminder is. */
export function buildTimeline(events: readonly TimelineEvent[], opts: { defaultTimezone: string }): TimelineEntry[] {
  const depthOf = new Map<string, number>();
  const reminders = new Map<string, ReminderInfo>();
  let zone = opts.defaultTimezone;
  return events.map((e) => {
    const cause = e.metadata.causationId;
    const depth = cause !== null && depthOf.has(cause) ? depthOf.get(cause)! + 1 : 0;
    depthOf.set(e.id, depth);
    if (e.error !== null) {
      return {
        event: e,
        depth,
        timezone: zone,
        kind: 'error',
        icon: '⚠️',
        segments: [
          { text: `${e.type} v${e.schemaVersion} not readable: `, style: 'red' },
          { text: e.error, style: 'red' },
        ],
      };
    }
    if (e.type === 'ChatSettingsChanged') {
      const d = e.data as EventData<'ChatSettingsChanged'>;
      if (d.timezone && validZone(d.timezone)) zone = d.timezone;
    }
    const { kind, icon, segments } = describe(e, zone, reminders);
    return { event: e, depth, timezone: zone, kind, icon, segments };
  });
}

const validZone = (z: string) => DateTime.now().setZone(z).isValid;

/** "2026-11-24 09:00 Tue" in `zone` (seconds shown when not zero). */
export function localTime(iso: string, zone: string): string {
  const t = DateTime.fromISO(iso, { setZone: true }).setZone(zone).setLocale('en');
  if (!t.isValid) return iso;
  return t.toFormat(t.second !== 0 || t.millisecond !== 0 ? 'yyyy-MM-dd HH:mm:ss ccc' : 'yyyy-MM-dd HH:mm ccc');
}

/** 350 ms, 1.2 s, 3 min 5 s, 2 h 10 min; negative values get a minus sign. */
export function duration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  if (a < 1000) return `${sign}${Math.round(a)} ms`;
  if (a < 60_000) return `${sign}${(a / 1000).toFixed(1).replace(/\.0$/, '')} s`;
  if (a < 3_600_000) return `${sign}${Math.floor(a / 60_000)} min${Math.round((a % 60_000) / 1000) ? ` ${Math.round((a % 60_000) / 1000)} s` : ''}`;
  return `${sign}${Math.floor(a / 3_600_000)} h${Math.round((a % 3_600_000) / 60_000) ? ` ${Math.round((a % 3_600_000) / 60_000)} min` : ''}`;
}

const quote = (s: string, max = 120): string => {
  const one = s.replace(/\s+/g, ' ').trim();
  return JSON.stringify(one.length > max ? `${one.slice(0, max - 1)}…` : one);
};

const sep: Segment = { text: ' · ', style: 'dim' };
function join(parts: Array<Segment | Segment[] | null | false | undefined>): Segment[] {
  const out: Segment[] = [];
  for (const p of parts) {
    if (!p) continue;
    if (out.length > 0) out.push(sep);
    out.push(...(Array.isArray(p) ? p : [p]));
  }
  return out;
}
const label = (name: string, value: string, style?: Style): Segment[] => [{ text: `${name} `, style: 'dim' }, style ? { text: value, style } : { text: value }];

function reminderRef(id: string, reminders: Map<string, ReminderInfo>, zone: string, withDue = true): Segment[] {
  const r = reminders.get(id);
  return [
    { text: id, style: 'dim' },
    ...(r ? [{ text: ` ${quote(r.text, 60)}`, style: 'bold' as const }, ...(withDue ? [{ text: ` due ${localTime(r.due, zone)}` }] : [])] : []),
  ];
}

function describe(e: TimelineEvent, zone: string, reminders: Map<string, ReminderInfo>): Pick<TimelineEntry, 'kind' | 'icon' | 'segments'> {
  switch (e.type) {
    case 'MessageReceived': {
      const d = e.data as EventData<'MessageReceived'>;
      return {
        kind: 'message',
        icon: '💬',
        segments: [{ text: quote(d.text, 200), style: 'cyan' }, ...(d.edited ? [{ text: ' (edited)', style: 'dim' as const }] : [])],
      };
    }
    case 'MessageParsed': {
      const d = e.data as EventData<'MessageParsed'>;
      return {
        kind: 'parse',
        icon: '🧠',
        segments: join([
          { text: d.intent, style: 'magenta' },
          d.due !== null ? label('due', localTime(d.due, zone), 'bold') : d.intent === 'create' ? label('due', 'none', 'yellow') : null,
          d.rrule !== null && label('rrule', d.rrule),
          d.text !== null && label('text', quote(d.text)),
          d.timezone ? label('zone', d.timezone) : null,
          [
            ...label('confidence intent', d.confidence.intent.toFixed(2), d.confidence.intent < 0.6 ? 'yellow' : undefined),
            ...label(' slots', d.confidence.slots.toFixed(2)),
          ],
          label(d.parser, d.modelVersion),
          { text: `${+d.latencyMs.toFixed(1)} ms`, style: 'dim' },
          d.corrections.length > 0 && label('corrected', d.corrections.map((c) => `${c.from}→${c.to}`).join(', ')),
        ]),
      };
    }
    case 'ParseFailed': {
      const d = e.data as EventData<'ParseFailed'>;
      return {
        kind: 'parse-failed',
        icon: '🧠',
        segments: join([{ text: 'parse failed', style: 'red' }, { text: d.reason }, d.modelVersion !== undefined && label('model', d.modelVersion)]),
      };
    }
    case 'ClarificationRequested': {
      const d = e.data as EventData<'ClarificationRequested'>;
      return {
        kind: 'clarification',
        icon: '❓',
        segments: join([
          { text: d.kind ?? 'question', style: 'yellow' },
          { text: quote(d.question) },
          d.candidates.length > 0 && label('candidates', d.candidates.map((c) => `${c.reminderId} ${quote(c.text, 40)} ${localTime(c.due, zone)}`).join(' | ')),
          d.options.length > 0 && label('options', d.options.join(' / ')),
        ]),
      };
    }
    case 'ReminderScheduled': {
      const d = e.data as EventData<'ReminderScheduled'>;
      reminders.set(d.reminderId, { text: d.text, due: d.due });
      return {
        kind: 'decision',
        icon: '⏰',
        segments: join([
          { text: 'scheduled', style: 'green' },
          [
            { text: d.reminderId, style: 'dim' },
            { text: ` ${quote(d.text, 60)}`, style: 'bold' },
          ],
          label('due', localTime(d.due, zone), 'bold'),
          d.rrule !== null && label('rrule', d.rrule),
          d.timezone !== zone && label('zone', d.timezone),
        ]),
      };
    }
    case 'ReminderRescheduled': {
      const d = e.data as EventData<'ReminderRescheduled'>;
      const before = reminders.get(d.reminderId);
      reminders.set(d.reminderId, { text: d.text ?? before?.text ?? '', due: d.due });
      return {
        kind: 'decision',
        icon: '⏰',
        segments: join([
          [{ text: 'rescheduled', style: 'blue' }, { text: ` (${d.reason})` }],
          reminderRef(d.reminderId, reminders, zone, false),
          label('due', `${before ? `${localTime(before.due, zone)} → ` : ''}${localTime(d.due, zone)}`, 'bold'),
          d.text !== undefined && before && before.text !== d.text && label('text', `${quote(before.text, 40)} → ${quote(d.text, 40)}`),
          d.rrule !== undefined && label('rrule', d.rrule ?? 'none'),
          d.occurrence !== undefined && label('occurrence', `#${d.occurrence}`),
          d.timezone !== undefined && label('zone', d.timezone),
        ]),
      };
    }
    case 'ReminderCancelled': {
      const d = e.data as EventData<'ReminderCancelled'>;
      return {
        kind: 'decision',
        icon: '⏰',
        segments: join([{ text: 'cancelled', style: 'red' }, reminderRef(d.reminderId, reminders, zone), d.reason !== undefined && label('reason', d.reason)]),
      };
    }
    case 'ReminderCompleted': {
      const d = e.data as EventData<'ReminderCompleted'>;
      return {
        kind: 'decision',
        icon: '⏰',
        segments: join([
          { text: d.scope === 'occurrence' ? 'completed occurrence' : 'completed', style: 'green' },
          reminderRef(d.reminderId, reminders, zone),
          d.occurrence !== undefined && label('occurrence', `#${d.occurrence}`),
        ]),
      };
    }
    case 'ReminderDue': {
      const d = e.data as EventData<'ReminderDue'>;
      const late = Date.parse(d.firedAt) - Date.parse(d.due);
      return {
        kind: 'due',
        icon: '🔔',
        segments: join([
          { text: 'due fired', style: 'yellow' },
          reminderRef(d.reminderId, reminders, zone, false),
          label('occurrence', `#${d.occurrence}`),
          label('due', localTime(d.due, zone)),
          label('late', Number.isFinite(late) ? duration(late) : '?', late > 60_000 ? 'red' : undefined),
        ]),
      };
    }
    case 'ReminderDelivered': {
      const d = e.data as EventData<'ReminderDelivered'>;
      return {
        kind: 'delivered',
        icon: '✅',
        segments: join([
          { text: 'delivered', style: 'green' },
          reminderRef(d.reminderId, reminders, zone, false),
          label('occurrence', `#${d.occurrence}`),
          label('late', duration(d.latenessMs), d.latenessMs > 60_000 ? 'red' : undefined),
          d.messageId !== undefined && label('message', String(d.messageId)),
        ]),
      };
    }
    case 'ReminderDeliveryFailed': {
      const d = e.data as EventData<'ReminderDeliveryFailed'>;
      return {
        kind: 'delivery-failed',
        icon: '❌',
        segments: join([
          { text: d.permanent ? 'delivery failed (permanent)' : 'delivery failed', style: 'red' },
          reminderRef(d.reminderId, reminders, zone, false),
          label('occurrence', `#${d.occurrence}`),
          { text: quote(d.error) },
        ]),
      };
    }
    case 'CallbackReceived': {
      const d = e.data as EventData<'CallbackReceived'>;
      const decoded = decodeCallbackData(d.data);
      return {
        kind: 'button',
        icon: '🔘',
        segments: decoded.ok
          ? join([
              { text: buttonName(decoded.value), style: 'cyan' },
              'reminderId' in decoded.value && reminderRef(decoded.value.reminderId, reminders, zone, false),
              { text: d.data, style: 'dim' },
            ])
          : join([{ text: 'unreadable button', style: 'red' }, { text: quote(d.data) }, { text: decoded.error.message, style: 'dim' }]),
      };
    }
    case 'ChatSettingsChanged': {
      const d = e.data as EventData<'ChatSettingsChanged'>;
      return {
        kind: 'settings',
        icon: '⚙️',
        segments: join([
          { text: 'settings', style: 'blue' },
          d.timezone !== undefined && label('zone', d.timezone, 'bold'),
          d.lang !== undefined && label('lang', d.lang, 'bold'),
          d.active !== undefined && label('active', String(d.active), d.active ? 'green' : 'red'),
        ]),
      };
    }
    case 'FeedbackGiven': {
      const d = e.data as EventData<'FeedbackGiven'>;
      return {
        kind: 'feedback',
        icon: '📝',
        segments: join([
          { text: `feedback ${d.kind}`, style: 'yellow' },
          d.reminderId !== undefined && reminderRef(d.reminderId, reminders, zone, false),
          d.comment !== undefined && { text: quote(d.comment) },
        ]),
      };
    }
    case 'ModelPromoted': {
      const d = e.data as EventData<'ModelPromoted'>;
      return {
        kind: 'model',
        icon: '🚀',
        segments: join([{ text: 'model promoted', style: 'magenta' }, { text: d.version, style: 'bold' }, d.previous !== null && label('was', d.previous)]),
      };
    }
    default:
      return { kind: 'other', icon: '•', segments: [{ text: e.type, style: 'dim' }, { text: ` ${JSON.stringify(e.data).slice(0, 200)}` }] };
  }
}

function buttonName(a: CallbackAction): string {
  switch (a.action) {
    case 'done':
      return `✅ done${a.occurrence !== undefined ? ` #${a.occurrence}` : ''}`;
    case 'snooze':
      return `💤 snooze ${a.by}${a.occurrence !== undefined ? ` #${a.occurrence}` : ''}`;
    case 'cancel':
      return '❌ cancel';
    case 'wrong':
      return '✏️ wrong';
    case 'pick':
      return 'pick';
    case 'timezone':
      return `zone ${a.timezone}`;
    case 'lang':
      return `language ${a.lang}`;
  }
}

const ANSI: Record<Style, [number, number]> = {
  dim: [2, 22],
  bold: [1, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
};

export function paint(segments: readonly Segment[], color: boolean): string {
  return segments.map((s) => (color && s.style && s.text ? `\u001b[${ANSI[s.style][0]}m${s.text}\u001b[${ANSI[s.style][1]}m` : s.text)).join('');
}

/** The summary of an entry without colour (the JSON `summary`). */
export const plainSummary = (entry: TimelineEntry): string => paint(entry.segments, false);

/**
 * Text lines: a heading when the local day changes (the chat's zone), then per event its local
 * time, the indentation of its causation depth, its icon and summary.
 */
export function formatTimeline(entries: readonly TimelineEntry[], opts: { color: boolean }): string[] {
  const lines: string[] = [];
  let day = '';
  for (const entry of entries) {
    const t = DateTime.fromISO(entry.event.occurredAt, { setZone: true }).setZone(entry.timezone).setLocale('en');
    const thisDay = t.isValid ? `${t.toFormat('yyyy-MM-dd ccc')} (${entry.timezone})` : entry.event.occurredAt;
    if (thisDay !== day) {
      day = thisDay;
      lines.push(paint([{ text: `── ${thisDay} ──`, style: 'bold' }], opts.color));
    }
    lines.push(formatTimelineLine(entry, opts));
  }
  return lines;
}

export function formatTimelineLine(entry: TimelineEntry, opts: { color: boolean }): string {
  const t = DateTime.fromISO(entry.event.occurredAt, { setZone: true }).setZone(entry.timezone);
  const time = t.isValid ? t.toFormat('HH:mm:ss') : entry.event.occurredAt;
  const depth = Math.min(entry.depth, MAX_DRAWN_DEPTH);
  const indent = depth === 0 ? '' : `${'   '.repeat(depth - 1)}└─ `;
  return `${paint([{ text: time, style: 'dim' }], opts.color)}  ${paint([{ text: indent, style: 'dim' }], opts.color)}${entry.icon} ${paint(entry.segments, opts.color)}`;
}

/** One JSON object per event, stable field names. */
export function timelineJson(entry: TimelineEntry): Record<string, unknown> {
  const e = entry.event;
  return {
    globalPosition: e.globalPosition,
    streamId: e.streamId,
    streamPosition: e.streamPosition,
    id: e.id,
    type: e.type,
    schemaVersion: e.schemaVersion,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    correlationId: e.metadata.correlationId,
    causationId: e.metadata.causationId,
    depth: entry.depth,
    timezone: entry.timezone,
    kind: entry.kind,
    summary: plainSummary(entry),
    /** Decoded to the current version; as stored when `error` says it could not be. */
    data: e.data,
    error: e.error,
  };
}

/** A short summary of one event on its own (no stream context; times in `zone`, UTC by default). */
export function eventSummary(e: TimelineEvent, zone = 'UTC'): string {
  if (e.error !== null) return `not readable: ${e.error}`;
  const { icon, segments } = describe(e, zone, new Map());
  return `${icon} ${paint(segments, false)}`;
}
