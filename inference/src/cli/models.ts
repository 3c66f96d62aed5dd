import { userInfo } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, createLogger, loadConfig, openEventStore, type EventStore } from '@napominalka/core';
import { invokedDirectly, UsageError } from '@napominalka/core/cli';
import {
  hasRegistry,
  modelStatuses,
  promoteModel,
  readCard,
  readPromotions,
  readRegistry,
  rollbackTarget,
  type ModelCard,
  type Promotion,
  type PromotionReason,
  type Registry,
} from '@napominalka/core/model-registry';
import { OnnxModel } from '../model/onnx-model';
import { formatList, formatShow, keyMetrics, type ListRow } from './models-format';

const COMMON = `Options:
      --models-dir <dir>  the model registry (default MODEL_REGISTRY_DIR: inference/models,
                          .data/models under pnpm start)
      --json              machine-readable output
  -h, --help              this text

Settings come from the environment: DATABASE_URL, PG_SCHEMA, MODEL_REGISTRY_DIR, USER.
Exit status: 0 done, 1 failed (unknown version, refused model, nothing to roll back, database
unreachable, ...), 2 bad usage.`;

const HELP: Record<Command | 'top', string> = {
  top: `Usage: pnpm models <command> [options]

The model registry: its versions, their cards and metrics, which one is active and who promoted
each and why. Promotions are ModelPromoted events (stream "models"): every inference instance
loads, warms up and swaps to the promoted version without downtime.

Commands:
  list                     every version: status (active, candidate = never active, retired = was
                           active), created, dev intent/due accuracy, last promotion (when, who, why)
  show <version>           a version's card and every promotion to or from it
  promote <version> [--note "why"]
                           checks the version (card, featurisation and lexicon, checksum,
                           onnxruntime), then promotes it (actor cli:$USER, reason manual)
  rollback [--note "why"]  promotes the version active before the current one (reason rollback);
                           a second rollback goes one further back

${COMMON}`,
  list: `Usage: pnpm models list [--json] [--models-dir <dir>]\n\nEvery registered version with its status, card figures and last promotion.\n\n${COMMON}`,
  show: `Usage: pnpm models show <version> [--json] [--models-dir <dir>]\n\nThe version's card and every promotion to or from it.\n\n${COMMON}`,
  promote: `Usage: pnpm models promote <version> [--note "why"] [--models-dir <dir>]\n\nChecks the version loads (card, featurisation and lexicon, checksum, onnxruntime) and appends\nModelPromoted (actor cli:$USER, reason manual). Nothing is appended when it is already active.\n\n${COMMON}`,
  rollback: `Usage: pnpm models rollback [--note "why"] [--models-dir <dir>]\n\nPromotes the version that was active before the current one (reason rollback), after the same\nchecks as promote. Promotions form a stack: each rollback goes one step further back.\n\n${COMMON}`,
};

/** The top-level help text. */
export const USAGE_TEXT = HELP.top;

const COMMANDS = ['list', 'show', 'promote', 'rollback'] as const;
type Command = (typeof COMMANDS)[number];

export interface ModelsIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

const processIo: ModelsIo = { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env };

/** A failure the user can act on: printed as it is, exit status 1. */
class FailError extends Error {}

interface Ctx {
  io: ModelsIo;
  store: EventStore;
  dir: string;
  json: boolean;
  note: string | undefined;
}

/** Runs one command line; resolves to the process exit status. */
export async function main(argv: readonly string[], io: ModelsIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { note: { type: 'string' }, json: { type: 'boolean' }, 'models-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    return usage(io, (err as Error).message);
  }
  const { values: v, positionals } = parsed;
  const [cmd, ...args] = positionals;
  if (cmd !== undefined && !(COMMANDS as readonly string[]).includes(cmd))
    return usage(io, `unknown command "${cmd}" (expected one of: ${COMMANDS.join(', ')})`);
  const command = cmd as Command | undefined;
  if (v.help) {
    io.out(HELP[command ?? 'top']);
    return 0;
  }
  if (!command) {
    io.err(HELP.top);
    return 2;
  }
  let close: (() => Promise<void>) | null = null;
  try {
    const version = positionalsFor(command, args);
    if (v.note !== undefined && command !== 'promote' && command !== 'rollback') throw new UsageError(`${command} takes no --note`);
    const note = v.note?.replace(/\s+/g, ' ').trim() || undefined;
    const config = loadConfig(io.env);
    const dir = v['models-dir'] === undefined ? config.MODEL_REGISTRY_DIR : path.resolve(v['models-dir']);
    const log = createLogger({ service: 'pnpm models', level: 'warn' }, { write: (l) => io.err(l.trimEnd()) });
    const { pool, store } = await openEventStore(config, log).catch((err: Error) => {
      throw new FailError(`cannot open the event store (PG_SCHEMA=${config.PG_SCHEMA}): ${err.message}`);
    });
    close = () => pool.end();
    const ctx: Ctx = { io, store, dir, json: v.json === true, note };
    switch (command) {
      case 'list':
        return await list(ctx);
      case 'show':
        return await show(ctx, version!);
      case 'promote':
        return await promote(ctx, version!);
      case 'rollback':
        return await rollback(ctx);
      default:
        throw new UsageError(`unknown command "${command satisfies never}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) return usage(io, err.message, command);
    io.err(`models: ${err instanceof ConfigError || err instanceof FailError ? err.message : (err as Error).message || String(err)}`);
    return 1;
  } finally {
    await close?.().catch(() => undefined);
  }
}

function usage(io: ModelsIo, message: string, command?: Command): number {
  io.err(`models: ${message}\nRun "pnpm models ${command ? `${command} ` : ''}--help" for usage.`);
  return 2;
}

function positionalsFor(command: Command, args: string[]): string | undefined {
  const wants = command === 'show' || command === 'promote' ? 1 : 0;
  if (args.length < wants) throw new UsageError(`${command} needs a <version>`);
  if (args.length > wants) throw new UsageError(`unexpected argument "${args[wants]}"`);
  return args[0];
}

interface RegistryView {
  registry: Registry | null;
  promotions: Promotion[];
  rows: ListRow[];
  cards: Map<string, ModelCard>;
}

async function view(ctx: Ctx): Promise<RegistryView> {
  const registry = hasRegistry(ctx.dir) ? readRegistry(ctx.dir) : null;
  const promotions = await readPromotions(ctx.store);
  const cards = new Map<string, ModelCard>();
  const rows = modelStatuses(registry, promotions).map((s): ListRow => {
    try {
      const card = readCard(s.version, ctx.dir);
      cards.set(s.version, card);
      return { ...s, created: card.created, ...keyMetrics(card) };
    } catch (err) {
      return { ...s, created: null, intent: null, due: null, cardError: (err as Error).message };
    }
  });
  return { registry, promotions, rows, cards };
}

async function list(ctx: Ctx): Promise<number> {
  const { registry, rows } = await view(ctx);
  if (ctx.json) ctx.io.out(JSON.stringify(rows, null, 2));
  else if (rows.length === 0) ctx.io.out(`no model versions in ${ctx.dir}${registry ? '' : ' (no registry.json)'}`);
  else ctx.io.out(formatList(rows));
  return 0;
}

async function show(ctx: Ctx, version: string): Promise<number> {
  const { rows, cards, promotions, registry } = await view(ctx);
  const row = rows.find((r) => r.version === version);
  if (!row) throw new FailError(unknownVersion(version, registry, ctx.dir));
  const involved = promotions.filter((p) => p.version === version || p.previous === version);
  const card = cards.get(version) ?? null;
  if (ctx.json) ctx.io.out(JSON.stringify({ ...row, card, promotions: involved }, null, 2));
  else for (const line of formatShow(row, card, involved)) ctx.io.out(line);
  return 0;
}

async function promote(ctx: Ctx, version: string): Promise<number> {
  const { registry, rows } = await view(ctx);
  if (!registry?.versions.includes(version)) throw new FailError(unknownVersion(version, registry, ctx.dir));
  const active = rows.find((r) => r.status === 'active')?.version ?? null;
  if (version === active) {
    ctx.io.out(`${version} is already the active model: nothing promoted`);
    return 0;
  }
  return announce(ctx, version, 'manual');
}

async function rollback(ctx: Ctx): Promise<number> {
  const { registry, promotions } = await view(ctx);
  const target = rollbackTarget(promotions, registry?.current ?? null);
  const active = promotions.at(-1)?.version ?? registry?.current ?? '(none)';
  if (!target) throw new FailError(`nothing to roll back: ${active} is active and no earlier version is on the promotion stack`);
  ctx.io.err(`rolling back from ${active} to ${target}`);
  return announce(ctx, target, 'rollback');
}

/** Loads the version as a worker would (refusing it as a worker would), then appends ModelPromoted. */
async function announce(ctx: Ctx, version: string, reason: PromotionReason): Promise<number> {
  ctx.io.err(`checking ${version}: card, featurisation and lexicon, checksum, onnxruntime…`);
  try {
    await (await OnnxModel.load(version, ctx.dir)).release();
  } catch (err) {
    throw new FailError(`cannot ${reason === 'rollback' ? 'roll back to' : 'promote'} ${version}: ${(err as Error).message}`);
  }
  const actor = `cli:${ctx.io.env.USER || safeUser()}`;
  const r = await promoteModel(
    ctx.store,
    { version, actor, reason, ...(ctx.note ? { note: ctx.note } : {}) },
    { registryDir: ctx.dir, correlationId: `models-cli:${reason}:${version}` },
  );
  if (ctx.json) ctx.io.out(JSON.stringify({ ...r, actor, reason, note: ctx.note ?? null }));
  else
    ctx.io.out(
      `${reason === 'rollback' ? 'rolled back' : 'promoted'} ${version} (was ${r.previous ?? 'none'}; ${actor}): every inference instance swaps to it now`,
    );
  return 0;
}

function unknownVersion(version: string, registry: Registry | null, dir: string): string {
  if (!registry) return `unknown model version "${version}" (no registry at ${dir})`;
  return `unknown model version "${version}" (registered: ${registry.versions.join(', ') || 'none'})`;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

if (invokedDirectly(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
