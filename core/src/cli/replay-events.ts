import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { catalog } from '@napominalka/domain';
import type { EventFilter } from '../store/event-store';
import {
  checkStore,
  decodeOrError,
  failure,
  invokedDirectly,
  isoInstant,
  openStore,
  positiveInt,
  processIo,
  UsageError,
  type Decoded,
  type ReplayIo,
} from './replay-cli';
import { eventSummary } from './replay-timeline-format';

export const USAGE = `Usage: pnpm replay events [--type T[,T...]] [--from <iso>] [--to <iso>] [--stream S]
                          [--after <position>] [--limit N] [--json]

Stored events matching every filter given, in global position order: position, recorded time,
stream@position, type and a short summary of the data. One parameterised query per page.

Options:
      --type <T,...>     only these event types (comma-separated, e.g. MessageParsed,ParseFailed)
      --from <iso>       recorded at or after this instant or date (UTC unless an offset is given)
      --to <iso>         recorded before this instant or date
      --stream <S>       only this stream (e.g. chat-42, models)
      --after <pos>      only events after this global position (to page on: the last one printed)
      --limit <n>        at most n events (default 100)
      --json             one JSON object per line: globalPosition, recordedAt, occurredAt, streamId,
                         streamPosition, type, schemaVersion, id, correlationId, causationId,
                         summary, data, error
  -h, --help             this text

Settings come from the environment: DATABASE_URL, PG_SCHEMA.
Exit status: 0 done (also when nothing matches), 1 failed, 2 bad usage.`;

const PAGE = 500;

export async function main(argv: readonly string[], io: ReplayIo = processIo()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        type: { type: 'string', multiple: true },
        from: { type: 'string' },
        to: { type: 'string' },
        stream: { type: 'string' },
        after: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`replay events: ${(err as Error).message}\nRun "pnpm replay events --help" for usage.`);
    return 2;
  }
  const { values: v } = parsed;
  if (v.help) {
    io.out(USAGE);
    return 0;
  }
  let opened: ReturnType<typeof openStore> | null = null;
  try {
    const filter = filterOf(v);
    const limit = v.limit === undefined ? 100 : positiveInt('--limit', v.limit);
    const after = v.after === undefined ? 0 : positiveInt('--after', v.after);
    for (const t of filter.types ?? []) {
      if (!Object.hasOwn(catalog, t))
        io.err(`replay events: warning: "${t}" is not an event type this build knows (known: ${Object.keys(catalog).join(', ')})`);
    }
    const config = loadConfig(io.env);
    opened = openStore(config);
    const { store } = opened;
    await checkStore(store, config);

    const rows: Decoded[] = [];
    let more = false;
    for (let pos = after; rows.length < limit;) {
      const want = Math.min(PAGE, limit - rows.length);
      const page = await store.readFilteredRaw(filter, { afterPosition: pos, limit: want + 1 });
      rows.push(...page.slice(0, want).map((r) => decodeOrError(store, r)));
      if (page.length <= want) break;
      if (rows.length >= limit) more = true;
      pos = page[want - 1]!.globalPosition;
    }
    if (v.json) {
      for (const e of rows) io.out(JSON.stringify(eventJson(e)));
    } else if (rows.length === 0) {
      io.out('no matching events');
    } else {
      io.out(formatEventsTable(rows));
    }
    if (more) io.err(`replay events: showing ${rows.length} event(s); more match: add --after ${rows.at(-1)!.globalPosition}`);
    return 0;
  } catch (err) {
    return failure(io, 'events', err);
  } finally {
    await opened?.close().catch(() => undefined);
  }
}

function filterOf(v: { type?: string[] | undefined; from?: string | undefined; to?: string | undefined; stream?: string | undefined }): EventFilter {
  const types = (v.type ?? [])
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of types) if (!/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/.test(t)) throw new UsageError(`--type: "${t}" is not an event type name`);
  if (v.type !== undefined && types.length === 0) throw new UsageError('--type needs at least one type');
  const from = v.from === undefined ? undefined : isoInstant('--from', v.from);
  const to = v.to === undefined ? undefined : isoInstant('--to', v.to);
  if (from && to && from >= to) throw new UsageError('--from must be before --to');
  if (v.stream !== undefined && !v.stream.trim()) throw new UsageError('--stream must not be empty');
  return {
    ...(types.length ? { types } : {}),
    ...(from ? { recordedFrom: from } : {}),
    ...(to ? { recordedTo: to } : {}),
    ...(v.stream !== undefined ? { streamId: v.stream.trim() } : {}),
  };
}

export function eventJson(e: Decoded): Record<string, unknown> {
  return {
    globalPosition: e.globalPosition,
    recordedAt: e.recordedAt,
    occurredAt: e.occurredAt,
    streamId: e.streamId,
    streamPosition: e.streamPosition,
    type: e.type,
    schemaVersion: e.schemaVersion,
    id: e.id,
    correlationId: e.metadata.correlationId,
    causationId: e.metadata.causationId,
    summary: eventSummary(e),
    data: e.data,
    error: e.error,
  };
}

/** Aligned columns: POSITION, RECORDED AT (UTC), STREAM@POS, TYPE, SUMMARY. */
export function formatEventsTable(rows: readonly Decoded[], opts: { summaryWidth?: number } = {}): string {
  const width = opts.summaryWidth ?? 140;
  const header = ['POSITION', 'RECORDED AT (UTC)', 'STREAM@POS', 'TYPE', 'SUMMARY'];
  const cells = rows.map((e) => {
    const s = eventSummary(e);
    return [
      String(e.globalPosition),
      e.recordedAt.replace('T', ' ').replace(/Z$/, ''),
      `${e.streamId}@${e.streamPosition}`,
      e.error === null ? e.type : `${e.type} v${e.schemaVersion} ⚠️`,
      s.length > width ? `${s.slice(0, width - 1)}…` : s,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  return [header, ...cells].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

if (invokedDirectly(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
