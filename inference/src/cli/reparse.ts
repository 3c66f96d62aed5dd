import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ZodError } from 'zod';
import { catalog, chatStream, ConfigError, EventStore, loadConfig, type EventData, type EventEnvelope, type RawEvent } from '@napominalka/core';
import { OnnxModel } from '../model/onnx-model';
import { MODELS_DIR, readCard, readRegistry, versionDir } from '../model/registry';
import { ParsePipeline } from '../parse/pipeline';
import { foldChatSettings } from '../worker/chat-settings';
import { chatIdOf, checkStore, invokedDirectly, isoInstant, positiveInt, UsageError } from '@napominalka/core/cli';
import {
  compareOutcomes,
  countCompared,
  emptySummary,
  formatDiffTable,
  formatSummary,
  type ChangedMessage,
  type Outcome,
  type ReparseSummary,
} from './reparse-diff';

export const USAGE = `Usage: pnpm replay reparse --model <version> [--since <iso>] [--chat <id>] [--limit N] [--json]

Parses past messages (MessageReceived) again with a model version from the registry, exactly as
the worker did — the chat's zone and language as of the message, the message's sentAt as "now" —
and compares each with the MessageParsed (or ParseFailed) recorded for it (its causation id):
prints the parses that would change (message, field, recorded → new) and a summary (compared,
changed by field: intent, due, rrule, text, outcome). Writes nothing; never asks the LLM.

Options:
      --model <version>   registry version to parse with (inference/models/<version>, required)
      --since <iso>       only messages that occurred at or after this instant or date (UTC unless
                          an offset is given)
      --chat <id>         only this chat (stream chat-<id>)
      --limit <n>         at most n messages (default: all)
      --json              one JSON object per line: {"kind":"change",...} per message that would
                          change, then {"kind":"summary",...}
      --models-dir <dir>  the model registry (default inference/models)
  -h, --help              this text

Progress goes to stderr. Settings come from the environment: DATABASE_URL, PG_SCHEMA,
DEFAULT_TIMEZONE, PARSE_CONFIDENCE_THRESHOLD.
Exit status: 0 done (also when parses would change), 1 failed (unknown or incompatible model,
database unreachable, ...), 2 bad usage.`;

export interface ReparseIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

const processIo: ReparseIo = { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env };

class FailError extends Error {}

const PAGE = 500;
const PROGRESS_EVERY = 500;
const STREAM_CACHE = 256;

export async function main(argv: readonly string[], io: ReparseIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        model: { type: 'string' },
        since: { type: 'string' },
        chat: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        'models-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`replay reparse: ${(err as Error).message}\nRun "pnpm replay reparse --help" for usage.`);
    return 2;
  }
  const { values: v } = parsed;
  if (v.help) {
    io.out(USAGE);
    return 0;
  }
  let pool: pg.Pool | null = null;
  let model: OnnxModel | null = null;
  try {
    const version = v.model?.trim();
    if (!version) throw new UsageError('--model <version> is required');
    const since = v.since === undefined ? undefined : isoInstant('--since', v.since);
    const chatId = v.chat === undefined ? undefined : chatIdOf(v.chat);
    const limit = v.limit === undefined ? Number.MAX_SAFE_INTEGER : positiveInt('--limit', v.limit);
    const dir = v['models-dir'] === undefined ? MODELS_DIR : path.resolve(v['models-dir']);
    const config = loadConfig(io.env);

    model = await loadModel(version, dir);
    pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2, application_name: 'pnpm replay reparse' });
    pool.on('error', () => undefined);
    const store = new EventStore(pool, catalog, config.PG_SCHEMA);
    await checkStore(store, config).catch((err: Error) => {
      throw new FailError(err.message);
    });
    const loaded = model;
    const pipeline = new ParsePipeline({ model: () => loaded, llm: null, threshold: config.PARSE_CONFIDENCE_THRESHOLD });

    const streams = new StreamCache(store);
    let summary: ReparseSummary = emptySummary(version);
    const changed: ChangedMessage[] = [];
    const started = Date.now();
    for (let after = 0; summary.read < limit;) {
      const want = Math.min(PAGE, limit - summary.read);
      const page = await store.readFilteredRaw(
        { types: ['MessageReceived'], ...(chatId !== undefined ? { streamId: chatStream(chatId) } : {}), ...(since ? { occurredFrom: since } : {}) },
        { afterPosition: after, limit: want },
      );
      for (const raw of page) {
        summary = { ...summary, read: summary.read + 1 };
        const msgEvent = decode(store, raw);
        const context = msgEvent && (await streams.get(raw.streamId));
        if (!msgEvent || !context) {
          summary = { ...summary, unreadable: summary.unreadable + 1 };
          continue;
        }
        const recordedEvent = context.parseOf.get(raw.id);
        if (!recordedEvent) {
          summary = { ...summary, withoutRecordedParse: summary.withoutRecordedParse + 1 };
          continue;
        }
        const msg = msgEvent.data as EventData<'MessageReceived'>;
        // The worker's rule: the chat's settings as of the message's position, sentAt as now.
        const settings = foldChatSettings(
          context.settings.filter((e) => e.streamPosition < raw.streamPosition),
          config.DEFAULT_TIMEZONE,
        );
        let fresh: Outcome;
        try {
          const r = await pipeline.parse({ text: msg.text, timezone: settings.timezone, now: msg.sentAt, ...(settings.lang ? { lang: settings.lang } : {}) });
          fresh = { ok: true, intent: r.intent, due: r.due, rrule: r.rrule, text: r.text };
        } catch (err) {
          fresh = { ok: false, reason: (err as Error).message.slice(0, 500) };
        }
        const rec = recordedOf(recordedEvent);
        const changes = compareOutcomes(rec.outcome, fresh);
        summary = countCompared(summary, rec, changes);
        if (changes.length > 0) {
          const row: ChangedMessage = {
            messageEventId: raw.id,
            globalPosition: raw.globalPosition,
            streamId: raw.streamId,
            streamPosition: raw.streamPosition,
            text: msg.text,
            sentAt: msg.sentAt,
            timezone: settings.timezone,
            recordedEventId: recordedEvent.id,
            recordedModelVersion: rec.modelVersion,
            recordedParser: rec.parser,
            changes,
          };
          if (v.json) io.out(JSON.stringify({ kind: 'change', ...row }));
          else changed.push(row);
        }
        if (summary.read % PROGRESS_EVERY === 0) {
          const rate = summary.read / Math.max(0.001, (Date.now() - started) / 1000);
          io.err(`reparse: ${summary.read} message(s) read, ${summary.compared} compared, ${summary.changed} would change (${rate.toFixed(0)} msg/s)`);
        }
      }
      if (page.length < want) break;
      after = page.at(-1)!.globalPosition;
    }
    if (v.json) {
      io.out(JSON.stringify({ kind: 'summary', ...summary }));
    } else {
      if (changed.length > 0) io.out(formatDiffTable(changed));
      else if (summary.compared > 0) io.out('no recorded parse would change');
      for (const line of formatSummary(summary)) io.out(line);
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`replay reparse: ${err.message}\nRun "pnpm replay reparse --help" for usage.`);
      return 2;
    }
    io.err(`replay reparse: ${err instanceof ConfigError || err instanceof FailError ? err.message : (err as Error).message || String(err)}`);
    return 1;
  } finally {
    await model?.release().catch(() => undefined);
    await pool?.end().catch(() => undefined);
  }
}

/** Loads a registry version, refusing clearly one that does not exist or does not fit this build. */
export async function loadModel(version: string, dir = MODELS_DIR): Promise<OnnxModel> {
  let vdir: string;
  try {
    vdir = versionDir(version, dir);
  } catch (err) {
    throw new FailError(`${(err as Error).message}`);
  }
  if (!existsSync(path.join(vdir, 'card.json'))) {
    let known = '';
    try {
      const reg = readRegistry(dir);
      known = ` (the registry has: ${reg.versions.join(', ')}; current ${reg.current})`;
    } catch {
      known = ` (no registry at ${dir})`;
    }
    throw new FailError(`unknown model version "${version}"${known}`);
  }
  try {
    readCard(version, dir);
  } catch (err) {
    const why =
      err instanceof ZodError
        ? `its card.json is not valid (${err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`
        : (err as Error).message;
    throw new FailError(`model ${version} is not compatible with this build: ${why}`);
  }
  try {
    return await OnnxModel.load(version, dir);
  } catch (err) {
    throw new FailError(`model ${version} cannot be loaded: ${(err as Error).message}`);
  }
}

interface StreamContext {
  settings: EventEnvelope[];
  /** The first MessageParsed / ParseFailed caused by each message, by the message's event id. */
  parseOf: Map<string, EventEnvelope>;
}

/** Per chat stream: its settings changes and its recorded parses, read once (a bounded cache). */
class StreamCache {
  private readonly cache = new Map<string, StreamContext | null>();
  constructor(private readonly store: EventStore) {}

  async get(streamId: string): Promise<StreamContext | null> {
    const hit = this.cache.get(streamId);
    if (hit !== undefined) return hit;
    const ctx: StreamContext = { settings: [], parseOf: new Map() };
    for (let after = 0; ;) {
      const page = await this.store.readFilteredRaw(
        { streamId, types: ['ChatSettingsChanged', 'MessageParsed', 'ParseFailed'] },
        { afterPosition: after, limit: 5000 },
      );
      for (const raw of page) {
        const e = decode(this.store, raw);
        if (!e) continue;
        if (e.type === 'ChatSettingsChanged') ctx.settings.push(e);
        else if (e.metadata.causationId && !ctx.parseOf.has(e.metadata.causationId)) ctx.parseOf.set(e.metadata.causationId, e);
      }
      if (page.length < 5000) break;
      after = page.at(-1)!.globalPosition;
    }
    if (this.cache.size >= STREAM_CACHE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(streamId, ctx);
    return ctx;
  }
}

function recordedOf(e: EventEnvelope): { outcome: Outcome; modelVersion: string | null; parser: string | null } {
  if (e.type === 'ParseFailed') {
    const d = e.data as EventData<'ParseFailed'>;
    return { outcome: { ok: false, reason: d.reason }, modelVersion: d.modelVersion ?? null, parser: null };
  }
  const d = e.data as EventData<'MessageParsed'>;
  return { outcome: { ok: true, intent: d.intent, due: d.due, rrule: d.rrule, text: d.text }, modelVersion: d.modelVersion, parser: d.parser };
}

function decode(store: EventStore, raw: RawEvent): EventEnvelope | null {
  try {
    return store.decodeRaw(raw);
  } catch {
    return null;
  }
}

if (invokedDirectly(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
