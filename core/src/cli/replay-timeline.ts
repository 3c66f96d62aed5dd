import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { chatStream } from '@napominalka/domain';
import {
  chatIdOf,
  checkStore,
  colorWanted,
  failure,
  invokedDirectly,
  isoInstant,
  openStore,
  positiveInt,
  processIo,
  UsageError,
  type ReplayIo,
} from './replay-cli';
import { buildTimeline, formatTimeline, timelineJson } from './replay-timeline-format';
import { readTimelineEvents } from './replay-timeline-read';

export const USAGE = `Usage: pnpm replay timeline --chat <id> [--since <iso>] [--limit N] [--json] [--color | --no-color]

The conversation of one chat (stream chat-<id>) in stream order, one line per event, each
follow-up indented under the event that caused it (causation id):

  💬 message   🧠 parse (intent, due in the chat's zone, rrule, text, confidence intent/slots,
  parser and model version, latency, corrections)   ❓ clarification (question, candidates)
  ⏰ decision (scheduled, rescheduled and why, cancelled, completed: the reminder's text, due)
  🔔 due fired (lateness)   ✅ delivered / ❌ failed   🔘 button (decoded)   ⚙️ settings
  📝 feedback   ⚠️ an event this build cannot read (reported, the rest still shown)

Times are the chat's own zone as of each event (its ChatSettingsChanged, else DEFAULT_TIMEZONE).

Options:
      --chat <id>      the Telegram chat id (required)
      --since <iso>    only events that occurred at or after this instant or date (UTC unless
                       an offset is given), e.g. 2026-11-23 or 2026-11-23T10:00:00+03:00
      --limit <n>      at most n events (default 1000; the first n from --since)
      --json           one JSON object per line: globalPosition, streamId, streamPosition, id,
                       type, schemaVersion, occurredAt, recordedAt, correlationId, causationId,
                       depth, timezone, kind, summary, data, error
      --color          colour even when stdout is not a terminal
      --no-color       no colour (also: NO_COLOR set); default: colour on a terminal only
  -h, --help           this text

Settings come from the environment: DATABASE_URL, PG_SCHEMA, DEFAULT_TIMEZONE.
Exit status: 0 done, 1 failed (no such chat, database unreachable, ...), 2 bad usage.`;

export async function main(argv: readonly string[], io: ReplayIo = processIo()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      tokens: true,
      options: {
        chat: { type: 'string' },
        since: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`replay timeline: ${(err as Error).message}\nRun "pnpm replay timeline --help" for usage.`);
    return 2;
  }
  const { values: v, tokens } = parsed;
  if (v.help) {
    io.out(USAGE);
    return 0;
  }
  let opened: ReturnType<typeof openStore> | null = null;
  try {
    if (v.chat === undefined) throw new UsageError('--chat <id> is required');
    const chatId = chatIdOf(v.chat);
    const since = v.since === undefined ? undefined : isoInstant('--since', v.since);
    const limit = v.limit === undefined ? 1000 : positiveInt('--limit', v.limit);
    const color = colorWanted(tokens, io);

    const config = loadConfig(io.env);
    opened = openStore(config);
    const { store } = opened;
    await checkStore(store, config);
    const streamId = chatStream(chatId);
    const { events, more } = await readTimelineEvents(store, streamId, { limit, since });
    if (events.length === 0) {
      if ((await store.streamVersion(streamId)) === 0) {
        io.err(`replay timeline: no events in stream ${streamId} (schema ${config.PG_SCHEMA})`);
        return 1;
      }
      if (!v.json) io.out(`${streamId}: no events since ${since!.toISOString()}`);
      return 0;
    }
    const entries = buildTimeline(events, { defaultTimezone: config.DEFAULT_TIMEZONE });
    if (v.json) {
      for (const e of entries) io.out(JSON.stringify(timelineJson(e)));
    } else {
      const unreadable = events.filter((e) => e.error !== null).length;
      io.out(
        `${streamId}: ${entries.length} event(s), positions ${events[0]!.streamPosition}–${events.at(-1)!.streamPosition}${unreadable ? `, ${unreadable} unreadable` : ''}`,
      );
      for (const line of formatTimeline(entries, { color })) io.out(line);
    }
    if (more) io.err(`replay timeline: showing the first ${limit} event(s); more follow (use --since or --limit)`);
    return 0;
  } catch (err) {
    return failure(io, 'timeline', err);
  } finally {
    await opened?.close().catch(() => undefined);
  }
}

if (invokedDirectly(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
