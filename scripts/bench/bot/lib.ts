/**
 * The pure parts of `pnpm bench:bot` (scripts/bench/bot/): rate windows, the message generator
 * and the per-message hop breakdown (statistics: ../common/stats.ts). No I/O; tested by
 * lib.unit.test.ts.
 */
import { seededRandom } from '../../../core/src/random/seeded-random';
import { summarise, type Summary } from '../common/stats';

/**
 * Most instants inside any window of `windowMs` (half-open (t − w, t], as the emulator counts).
 * `times` in any order.
 */
export function maxInWindow(times: number[], windowMs: number): number {
  const s = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < s.length; hi++) {
    while (s[lo]! <= s[hi]! - windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** Per key: most instants inside one window, over all keys; and the smallest gap between two instants of one key. */
export function perKeyRate<K>(items: Array<{ key: K; at: number }>, windowMs: number): { maxInWindow: number; minGapMs: number | null } {
  const by = new Map<K, number[]>();
  for (const x of items) {
    const l = by.get(x.key);
    if (l) l.push(x.at);
    else by.set(x.key, [x.at]);
  }
  let max = 0;
  let minGap: number | null = null;
  for (const times of by.values()) {
    max = Math.max(max, maxInWindow(times, windowMs));
    times.sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) minGap = Math.min(minGap ?? Infinity, times[i]! - times[i - 1]!);
  }
  return { maxInWindow: max, minGapMs: minGap };
}

/** How many times each expected key occurs in `seen`: exactly once, missing, more than once, unexpected. */
export function exactlyOnce<K>(expected: Iterable<K>, seen: Iterable<K>): { once: number; missing: number; duplicated: number; unexpected: number } {
  const counts = new Map<K, number>();
  for (const k of expected) counts.set(k, 0);
  let unexpected = 0;
  for (const k of seen) {
    const c = counts.get(k);
    if (c === undefined) unexpected++;
    else counts.set(k, c + 1);
  }
  let once = 0;
  let missing = 0;
  let duplicated = 0;
  for (const c of counts.values()) {
    if (c === 0) missing++;
    else if (c === 1) once++;
    else duplicated++;
  }
  return { once, missing, duplicated, unexpected };
}

/**
 * Reminder requests as users write them, ru and en. Only times at least two hours away
 * (tomorrow, the day after, in N hours): nothing the bench asks for falls due while it runs.
 */
const RU = {
  triggers: ['напомни', 'напомни мне', 'Напомни', 'напомни пожалуйста'],
  times: ['завтра в 9', 'завтра в 10:30', 'завтра в 18:00', 'послезавтра в 8 утра', 'через 3 часа', 'через 2 часа', 'завтра утром в 7', 'послезавтра в 12'],
  tasks: [
    'позвонить маме',
    'купить хлеб',
    'забрать посылку',
    'записаться к врачу',
    'отправить отчёт',
    'оплатить квартиру',
    'выключить духовку',
    'проверить почту',
    'полить цветы',
    'забрать детей из школы',
  ],
};
const EN = {
  triggers: ['remind me', 'Remind me', 'please remind me'],
  times: ['tomorrow at 9', 'tomorrow at 10:30', 'tomorrow at 6pm', 'in 3 hours', 'in 2 hours', 'tomorrow at 8am'],
  tasks: [
    'to call mom',
    'to buy bread',
    'to pick up the parcel',
    'to send the report',
    'to pay the rent',
    'to turn off the oven',
    'to check the mail',
    'to water the plants',
  ],
};

export interface GeneratedText {
  text: string;
  lang: 'ru' | 'en';
}

/** A generator of varied requests: two in three Russian, word order varied. */
export function requestTexts(seed: number): () => GeneratedText {
  const r = seededRandom(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  return () => {
    if (r() < 2 / 3) {
      const [trigger, time, task] = [pick(RU.triggers), pick(RU.times), pick(RU.tasks)];
      return { text: r() < 0.7 ? `${trigger} ${time} ${task}` : `${trigger} ${task} ${time}`, lang: 'ru' };
    }
    return { text: `${pick(EN.triggers)} ${pick(EN.times)} ${pick(EN.tasks)}`, lang: 'en' };
  };
}

/**
 * The chat of the i-th message: round robin, so at `rate` messages/s over `chats` chats one chat
 * writes every chats/rate seconds (5 s at 200/s over 1,000) — never faster than Telegram's 1/s
 * per chat lets the bot answer, so any wait is the pipeline's and not the chat limit's.
 */
export const chatOf = (i: number, chats: number, firstChat: number) => firstChat + (i % chats);

/**
 * One message's way through the system, each step an instant (ms since the epoch) or null when
 * it did not happen (yet).
 */
export interface Trace {
  injected: number;
  taken: number | null;
  received: number | null;
  parsed: number | null;
  decided: number | null;
  queued: number | null;
  sent: number | null;
}

export const HOPS = [
  { name: 'ingress', from: 'taken', to: 'received', what: 'update taken (getUpdates answer) → MessageReceived recorded (poller append)' },
  { name: 'parse', from: 'received', to: 'parsed', what: 'MessageReceived → MessageParsed recorded (relay → RabbitMQ → inference parse worker)' },
  {
    name: 'decide',
    from: 'parsed',
    to: 'queued',
    what: 'MessageParsed → the decision and its reply row in bot_outbox, one transaction (relay → the bot’s conversation consumer; created_at is the transaction’s start)',
  },
  { name: 'send', from: 'queued', to: 'sent', what: 'outbox row → sendMessage in the emulator (sender: outbox scan, pacer, HTTP)' },
] as const satisfies ReadonlyArray<{ name: string; from: keyof Trace; to: keyof Trace; what: string }>;

/** Per hop: the summary of its durations over the traces where both ends are known. */
export function hopBreakdown(traces: Trace[]): Record<(typeof HOPS)[number]['name'], Summary> {
  const out = {} as Record<(typeof HOPS)[number]['name'], Summary>;
  for (const h of HOPS) {
    const d: number[] = [];
    for (const t of traces) {
      const a = t[h.from];
      const b = t[h.to];
      if (a !== null && b !== null) d.push(b - a);
    }
    out[h.name] = summarise(d);
  }
  return out;
}
