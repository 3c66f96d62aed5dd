import path from 'node:path';
import { TEST_AMQP_URL, TEST_DATABASE_URL } from '../../../core/src/testing/context';
import { usageError, type BenchArgs } from '../common/args';

/** The command line, settings and targets of bench:bot. */
export const USAGE = `Usage: pnpm bench:bot [options]

Runs every service as a process (relay, inference, projector: postgres + scheduler, bot) against
the Telegram Bot API emulator (a process too; Telegram's flood limits enforced and violations
recorded), in its own Postgres schema and AMQP prefix, and measures:
  conversation  200 user messages/s from 1,000 chats injected through the emulator's control API
                (varied ru/en "remind me ..." texts): update taken (the emulator's getUpdates
                answer) -> the bot's sendMessage of the confirmation: p50/p95/p99/max, lost, and
                per hop from the events' recorded_at. Target p99 <= 500 ms. Telegram allows a
                bot 30 messages/s (1,000/s with paid broadcasts): this section runs the bot with
                TELEGRAM_GLOBAL_RATE=1000 and the emulator's global limit at 1,000/s; 1/s per chat
                stays enforced. Ceilings: the emulator's sendMessage round trip, and the same
                pipeline at 1 message/s. Full runs first measure 10, 20, 40, 60, 80, 100, 120 and
                150 messages/s for 10 s each, up to the first that misses (not with --rate): the
                highest rate this machine sustains within the target, with the CPU each message
                costs.
  delivery      3,000 reminders due at the same instant in 3,000 chats (ReminderScheduled in the
                store, projected by the real projection, fired by the real scheduler): ReminderDue
                -> bot-notifier -> outbox -> sender -> emulator at 30/s. Targets: the last one
                delivered <= 105 s after the due (100 s is the ceiling at 30/s), each chat exactly
                one message, no violation, 3,000 distinct ReminderDelivered, no chat above 1/s.
  history       the same load on chats that already hold 3,000 events each (years of one daily
                reminder, seeded as processed history) and on fresh chats, in one store: CPU and
                Postgres statements per message and taken -> sent p50 within 1.2x of fresh chats
                (100 messages/s for 20 s from 1,000 chats of each kind; quick: 50/s, 4 s, 100).

Options:
  --quick           smaller run, under 60 s in all (300 reminders; 4 s of conversation load)
  --only a,b        run only these sections (delivery, conversation, history)
  --reminders N     reminders of the delivery section (default 3000, quick 300)
  --rate N          messages/s of the conversation load (default 200)
  --seconds N       seconds of conversation load (default 30, quick 4)
  --chats N         chats the conversation load comes from (default 1000)
  --baseline N      messages of the 1 message/s baseline (default 10, quick 4)
  --history-chats N chats of each kind in the history section (default 1000, quick 100)
  --history-events N events each long chat holds (default 3000)
  --history-rate N  messages/s of the history section's loads (default 100, quick 50)
  --seed N          seed of the message generator
  --profile DIR     write a V8 CPU profile of every service process into DIR (.cpuprofile, at exit)
  --strict          exit 1 when a target is missed (default: exit 0, the JSON says so)
  --no-docs         do not append the result to docs/benchmarks.md
  --help            this text

Exit status: 0 when the run completed (targets are reported, see --strict); 1 when it failed (a
service did not start or died, PostgreSQL or RabbitMQ unreachable); 2 on a usage error.
Needs PostgreSQL (TEST_DATABASE_URL, default ${TEST_DATABASE_URL}) and RabbitMQ (TEST_AMQP_URL,
default ${TEST_AMQP_URL}).`;

/** In run order: the delivery burst first, so no backlog of the conversation load reaches it; history last (its seeded chats stay). */
export const SECTION_NAMES = ['delivery', 'conversation', 'history'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export const SPEC = {
  only: 'list',
  reminders: 'int',
  rate: 'int',
  seconds: 'int',
  chats: 'int',
  baseline: 'int',
  seed: 'int',
  profile: 'string',
  'history-chats': 'int',
  'history-events': 'int',
  'history-rate': 'int',
} as const;
export type Args = BenchArgs<typeof SPEC>;

/** What parseArgs cannot say: the section names, and that --profile names a directory. */
export function checkArgs(a: Args): void {
  for (const x of a.only ?? []) if (!(SECTION_NAMES as readonly string[]).includes(x)) throw usageError(`unknown section ${JSON.stringify(x)}`);
  if (a.profile === '') throw usageError('--profile needs a directory');
}

/** The sections to run, in run order. */
export const sectionsOf = (a: Args): SectionName[] => SECTION_NAMES.filter((n) => !a.only || a.only.includes(n));

/** The directory of the CPU profiles, absolute, or null. */
export const profileDir = (a: Args): string | null => (a.profile ? path.resolve(a.profile) : null);

export function settingsFor(a: Args) {
  const q = a.quick;
  return {
    mode: q ? 'quick' : 'full',
    seed: a.seed ?? 20261202,
    conversation: {
      rate: a.rate ?? 200,
      seconds: a.seconds ?? (q ? 4 : 30),
      chats: a.chats ?? 1000,
      baseline: a.baseline ?? (q ? 4 : 10),
      /** The bot's TELEGRAM_GLOBAL_RATE and the emulator's global limit in this section (paid broadcasts). */
      globalRate: 1000,
      roundTrips: q ? 100 : 300,
      /** No new answer for this long after the load: the rest are lost. */
      stallMs: q ? 8_000 : 20_000,
      /** Longest wait for the answers after the load ended; what is still unanswered then counts as lost. */
      drainMs: q ? 10_000 : 90_000,
      /** Lower rates measured first (full runs), each for `sweepSeconds`, up to the first that misses the target: what this machine sustains within it. */
      sweep: a.rate !== undefined || q ? [] : [10, 20, 40, 60, 80, 100, 120, 150],
      sweepSeconds: 10,
    },
    history: {
      chats: a.historyChats ?? (q ? 100 : 1000),
      events: a.historyEvents ?? 3000,
      rate: a.historyRate ?? (q ? 50 : 100),
      seconds: q ? 4 : 20,
      globalRate: 1000,
      stallMs: q ? 8_000 : 20_000,
      drainMs: q ? 10_000 : 60_000,
      /** The first messages of long chats (whole folds): awaited to the end. */
      firstStallMs: q ? 30_000 : 120_000,
      firstDrainMs: q ? 60_000 : 600_000,
    },
    delivery: {
      reminders: a.reminders ?? (q ? 300 : 3000),
      /** Telegram's limit, the bot's TELEGRAM_GLOBAL_RATE and the emulator's limit in this section. */
      globalRate: 30,
      /** From the start of the setup to the due (chats, seeding, the bot's restart, the projection). */
      leadMs: q ? 7_000 : 15_000,
      stallMs: q ? 10_000 : 20_000,
    },
  };
}
export type Settings = ReturnType<typeof settingsFor>;

export const TARGETS = { conversationP99Ms: 500, deliverySlack: 1.05, statementsPerMessage: 20, cpuMsPerMessage: 12, historyRatio: 1.2 } as const;
/** The system's processes: what a message costs is their CPU, not the load generator's or the emulator's. */
export const SYSTEM = ['postgres', 'rabbitmq', 'relay', 'inference', 'projector', 'bot'] as const;
