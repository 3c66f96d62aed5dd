import { featurize, type Featurized } from '../text/featurize';
import { lexicon } from '../text/lexicon';
import { zoneFromWords } from '@napominalka/core/zone-names';
import type { OnnxModel } from '../model/onnx-model';
import { findTimeExpressions } from '../time/grammar';
import { resolve } from '../time/resolve';
import { listPeriod } from '../time/list-period';
import type { Expression } from '../time/expression';
import type { LlmClient } from '../llm/llm-client';
import { explain, type ParseExplained, type Tag, type Trace } from './explain';
import { timeShare } from './time-share';
import { INTENTS, type Intent, type ParseRequest, type ParseResult, type ReminderParser } from './result';

export interface PipelineOptions {
  /** The model currently served (swapped atomically by the ModelHolder); null → rules only. */
  model: () => OnnxModel | null;
  /** Optional fallback below the confidence threshold. */
  llm?: LlmClient | null;
  threshold: number;
}

export type { Tag } from './explain';

/**
 * The longest text read, in UTF-16 code units: a Telegram message has at most 4096 characters.
 * Longer input (only a broken or hostile producer sends it) is cut, so its cost and the size of
 * the MessageParsed it yields stay bounded.
 */
export const MAX_INPUT_CHARS = 4096;

/**
 * Message → intent, due, RRULE and reminder text:
 * normalise and correct (featurize) → model: intent and a tag per token → time grammar over the
 * words; an expression counts when the model tagged most of its tokens as time → resolver (due and
 * RRULE in the user's zone, per CONVENTIONS.md) → reminder text = tokens tagged TEXT outside the
 * expressions. Below the confidence threshold the LLM is asked (when configured); a create with
 * no time, or a message still unsure, carries a clarification for the bot to ask.
 */
export class ParsePipeline implements ReminderParser {
  constructor(private readonly o: PipelineOptions) {}

  get version(): string {
    return this.o.model()?.version ?? 'rules';
  }

  async parse(req: ParseRequest & { now: string }): Promise<ParseResult> {
    return (await this.run(req)).result;
  }

  /** The parse with its explanation (tokens, the resolver's steps): for /v1/parse?explain=1 only. */
  async parseExplained(req: ParseRequest & { now: string }): Promise<ParseExplained> {
    const { result, trace } = await this.run(req);
    return { ...result, explain: explain(trace) };
  }

  /** One parse; the trace only holds references to what was computed anyway. */
  private async run(req: ParseRequest & { now: string }): Promise<{ result: ParseResult; trace: Trace }> {
    const started = performance.now();
    const f = featurize(cap(req.text));
    const model = this.o.model();
    const exprs = findTimeExpressions(f.words, f.normalized.lang === 'mixed' ? (req.lang ?? 'ru') : f.normalized.lang);
    const { intent, tags, confidence: tagged, probs } = await this.tag(f, exprs, model);
    let confidence = tagged;
    // An expression the model mostly tagged as time or zone is one; the rest are words of the text.
    const accepted = model ? acceptedByModel(exprs, tags, f.words) : exprs;
    const inExpr = new Set(accepted.flatMap((x) => range(x.start, x.end)));

    let resolution: Trace['resolution'] = null;
    if (intent === 'create' || intent === 'snooze') {
      resolution = resolve(accepted, { now: req.now, timezone: req.timezone, intent });
      // Past year 9999 ("через 100000 лет") an instant has no ISO 8601 form an event can hold: ask.
      if (resolution.due !== null && !/^\d{4}-/.test(resolution.due)) resolution = { due: null, rrule: null, reason: 'out-of-range' };
    }
    const { due = null, rrule = null, reason } = resolution ?? {};
    const textTags = model ? reclaimText(f, tags, inExpr, intent) : tags;
    const textTokens =
      intent === 'create' || intent === 'cancel'
        ? withoutLeadingTo(
            f.words,
            f.tokens.map((_, i) => i).filter((i) => textTags[i] === 'TEXT' && !inExpr.has(i)),
          )
        : [];
    const text = textTokens.length ? joinRuns(f, textTokens) : null;
    const timezone =
      intent === 'timezone' ? (zoneFromWords(f.words.filter((_, i) => tags[i] === 'ZONE' || tags[i] === 'TEXT' || !model)) ?? zoneFromWords(f.words)) : null;

    let parser: ParseResult['parser'] = model ? 'model' : 'rules';
    let result = { intent, due, rrule, text, timezone };
    const ask = confidence.intent < this.o.threshold;
    let llm: Trace['llm'] = { outcome: 'not-asked', why: !ask ? 'confident' : !this.o.llm ? 'not-configured' : 'empty-text' };
    if (ask && this.o.llm && req.text.trim()) {
      try {
        const a = await this.o.llm.parse({ text: req.text, now: req.now, timezone: req.timezone });
        result = { intent: a.intent, due: a.due, rrule: a.rrule, text: a.reminder_text, timezone: a.timezone };
        parser = 'llm';
        confidence = { ...confidence, intent: a.confidence };
        llm = { outcome: 'answered', confidence: a.confidence };
      } catch {
        // The LLM is optional: its failure leaves the model's answer (and maybe a clarification).
        llm = { outcome: 'failed', confidence: null };
      }
    }
    // Rule 20: the period a list request names, read from every expression found (a list has no text to lose words to).
    const period = result.intent === 'list' ? listPeriod(exprs, { now: req.now, timezone: req.timezone }) : null;
    const clarification =
      result.intent === 'create' && result.due === null
        ? { reason: reason ?? 'no-time-named', options: suggestions(f.normalized.lang) }
        : confidence.intent < this.o.threshold && parser !== 'llm'
          ? { reason: 'low-confidence' as const, options: [] }
          : null;
    return {
      result: {
        ...result,
        listFrom: period?.from ?? null,
        listTo: period?.to ?? null,
        slots: slots(f, tags),
        confidence,
        lang: f.normalized.lang,
        corrections: f.corrections.map(({ from, to }) => ({ from, to })),
        modelVersion: this.version,
        parser,
        latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
        clarification,
      },
      trace: {
        f,
        source: model ? 'model' : 'rules',
        intent,
        intentConfidence: tagged.intent,
        tags,
        probs,
        exprs,
        accepted,
        resolution,
        textTags,
        text,
        llm,
        threshold: this.o.threshold,
      },
    };
  }

  /** Intent and a tag per token: the model's when there is one, else the rules'. */
  private async tag(f: Featurized, exprs: Expression[], model: OnnxModel | null) {
    if (model && f.tokens.length > 0) {
      const out = await model.run(f.ids);
      const labels = model.card.labels;
      const best = argmax(out.intent);
      const intent: Intent = (INTENTS as readonly string[]).includes(labels.intents[best]!) ? (labels.intents[best] as Intent) : 'other';
      const tags = out.tags.map((p) => labels.tags[argmax(p)] as Tag);
      const confidence = { intent: out.intent[best]!, slots: out.tags.length ? Math.min(...out.tags.map((p) => Math.max(...p))) : 1 };
      return { intent, tags, confidence, probs: out.tags as number[][] | null };
    }
    return { ...rules(f, exprs), confidence: { intent: 0.5, slots: 0.5 }, probs: null };
  }
}

/** Days and ends of a rule that count beside a time that counts: "чт в 19", "каждые 2 часа 4 раза" (rules 16, 19: new to the model). */
const LEANS: ReadonlySet<string> = new Set(['weekday', 'date', 'count', 'until']);

/**
 * The expressions the model mostly tagged as time or zone. "a week before march 29": a duration
 * before an anchor that counts also counts when it runs straight into it, whatever the tags of
 * the duration (a model trained before rule 14 reads "a week" there as text). Likewise a weekday
 * or a date right beside a time that counts.
 */
export function acceptedByModel(exprs: readonly Expression[], tags: readonly Tag[], words: readonly string[]): Expression[] {
  const ok = new Set(exprs.filter((x) => timeShare(tags, x, words) >= 0.5));
  const touches = (x: Expression, k: number) =>
    (exprs[k + 1]?.start === x.end && ok.has(exprs[k + 1]!)) || (exprs[k - 1]?.end === x.start && ok.has(exprs[k - 1]!));
  return exprs.filter(
    (x, k) =>
      ok.has(x) || (x.meaning.kind === 'before' && exprs[k + 1]?.start === x.end && ok.has(exprs[k + 1]!)) || (LEANS.has(x.meaning.kind) && touches(x, k)),
  );
}

/**
 * "remind me a week hence to call": the text's leading "to" is a connector (CONVENTIONS,
 * Reminder text), whatever its tag, when what stands before it is no text (a time, the trigger).
 */
export function withoutLeadingTo(words: readonly string[], idx: number[]): number[] {
  const [head, next] = idx;
  return head !== undefined && head > 0 && words[head] === 'to' && next === head + 1 ? idx.slice(1) : idx;
}

/** Without a model, a list request by its words: "покажи напоминания", "какие дела", "what do I have", "what's on". */
function listAsked(any: (...xs: string[]) => boolean): boolean {
  if (any('напомни', 'напомните', 'remind')) return false;
  return (
    (any('покажи', 'показать', 'show') && any('напоминания', 'напоминание', 'reminders')) ||
    (any('какие') && any('дела', 'напоминания', 'напоминание', 'планы')) ||
    (any('что') && any('запланировано')) ||
    (any("what's", 'what') && any('on', 'have', 'scheduled'))
  );
}

/** Without a model: lexicon and grammar decide (the fallback, and a baseline in the eval). */
function rules(f: Featurized, exprs: Expression[]): { intent: Intent; tags: Tag[] } {
  const lex = lexicon();
  const inExpr = new Set(exprs.flatMap((x) => range(x.start, x.end)));
  const cls = (w: string) => lex.classesOf.get(w) ?? [];
  const tags: Tag[] = f.words.map((w, i) => (inExpr.has(i) ? 'TIME' : cls(w).includes('trigger') ? 'TRIGGER' : /^\p{L}|\p{N}/u.test(w) ? 'TEXT' : 'O'));
  // Fillers at the edges of the text.
  for (const dir of [1, -1]) {
    const idx = f.words.map((_, i) => i).filter((i) => tags[i] === 'TEXT');
    for (const i of dir === 1 ? idx : idx.reverse()) {
      if (cls(f.words[i]!).includes('filler')) tags[i] = 'FILLER';
      else break;
    }
  }
  const w = new Set(f.words);
  const any = (...xs: string[]) => xs.some((x) => w.has(x));
  const intent: Intent = any('отмени', 'отменить', 'удали', 'удалить', 'cancel', 'delete', 'remove')
    ? 'cancel'
    : any('отложи', 'отложить', 'snooze', 'postpone') || (any('push') && any('back'))
      ? 'snooze'
      : any('список', 'list') || (any('что') && any('меня') && !any('напомни')) || listAsked(any)
        ? 'list'
        : zoneFromWords(f.words) && any('теперь', 'переехал', 'переехала', 'moved', 'timezone', 'live', 'живу')
          ? 'timezone'
          : tags.includes('TRIGGER') || exprs.length > 0
            ? 'create'
            : 'other';
  return { intent, tags };
}

/** Lexicon classes of time vocabulary (and of the trigger and filler words around a reminder). */
const NOT_TEXT_CLASSES = new Set([
  'day_word',
  'weekday',
  'month',
  'unit',
  'part_of_day',
  'marker',
  'number',
  'ordinal',
  'fraction',
  'recur',
  'time_prep',
  'zone',
  'city',
  'trigger',
  'filler',
]);

/**
 * Words the model tagged as time or zone that no grammar expression reads are no time. A run of
 * them that touches the text and holds a word outside the time vocabulary ("from the bakery on
 * main street", "every sunday evening plan the week", "at 3 and also buy milk") is text: it
 * gets the TEXT tag back. A part-of-day word no expression reads is an ordinary noun there ("в
 * полдень обед с Аней": lunch). Runs of time words only ("в районе", "ish") stay out of the text.
 * Likewise a word the lexicon does not know at all, tagged as filler or trigger (or, in a create,
 * left untagged) next to the text, is text ("о том что пропуск заканчивается", "March 15 file
 * taxes"): fillers, connectors and triggers are a closed list.
 */
export function reclaimText(f: Pick<Featurized, 'words'>, tags: readonly Tag[], inExpr: ReadonlySet<number>, intent: Intent | null = null): Tag[] {
  const lex = lexicon();
  const out = [...tags];
  const unknown = (w: string) => /^\p{L}/u.test(w) && !lex.classesOf.has(w);
  const orphan = (k: number) =>
    !inExpr.has(k) &&
    (out[k] === 'TIME' ||
      out[k] === 'ZONE' ||
      ((out[k] === 'FILLER' || out[k] === 'TRIGGER' || (out[k] === 'O' && intent === 'create')) && unknown(f.words[k]!)));
  const foreign = (w: string) => /^\p{L}/u.test(w) && !(lex.classesOf.get(w) ?? []).some((c) => c !== 'part_of_day' && NOT_TEXT_CLASSES.has(c));
  for (let i = 0; i < out.length;) {
    if (!orphan(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < out.length && orphan(j)) j++;
    if ((out[i - 1] === 'TEXT' || out[j] === 'TEXT') && f.words.slice(i, j).some(foreign)) out.fill('TEXT', i, j);
    i = j;
  }
  return out;
}

function slots(f: Featurized, tags: Tag[]): ParseResult['slots'] {
  const out: ParseResult['slots'] = [];
  tags.forEach((tag, i) => {
    if (tag === 'O') return;
    const t = f.tokens[i]!;
    const last = out.at(-1);
    if (last && last.tag === tag && tags[i - 1] === tag) {
      last.end = t.end;
      last.text = f.normalized.text.slice(last.start, t.end);
    } else out.push({ tag, text: t.text, start: t.start, end: t.end });
  });
  return out;
}

/** The chosen tokens as written: contiguous runs sliced from the text, runs joined by a space. */
function joinRuns(f: Featurized, idx: number[]): string {
  const runs: string[] = [];
  let from = idx[0]!;
  for (let k = 1; k <= idx.length; k++) {
    if (k < idx.length && idx[k] === idx[k - 1]! + 1) continue;
    runs.push(f.normalized.display.slice(f.tokens[from]!.start, f.tokens[idx[k - 1]!]!.end));
    if (k < idx.length) from = idx[k]!;
  }
  return runs.join(' ').replace(/^[\s,.;:!?—–-]+|[\s,.;:!?—–-]+$/gu, '');
}

function suggestions(lang: string): string[] {
  return lang === 'en' ? ['in 1 hour', 'tonight at 19:00', 'tomorrow at 9'] : ['через час', 'сегодня в 19:00', 'завтра в 9'];
}

const cap = (s: string) =>
  s.length <= MAX_INPUT_CHARS ? s : s.slice(0, /[\uD800-\uDBFF]/.test(s[MAX_INPUT_CHARS - 1]!) ? MAX_INPUT_CHARS - 1 : MAX_INPUT_CHARS);
const argmax = (xs: number[]) => xs.reduce((b, x, i) => (x > xs[b]! ? i : b), 0);
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
