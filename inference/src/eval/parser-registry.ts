/**
 * The parsers `pnpm eval:parse --parser <name>` can evaluate. Each entry is a factory, so that a
 * parser's start-up (loading a model, reading a lexicon) is not part of the measured latency and
 * only the parser asked for is loaded.
 */
import type { ModelHolder } from '../model/model-holder';

export interface ParserInput {
  text: string;
  /** The user's IANA zone. */
  timezone: string;
  /** The instant the message was received, ISO 8601 with the zone's offset. */
  now: string;
  /** The corpus's language label, passed as a hint (like ParseRequest.lang); parsers may ignore it. */
  lang?: 'ru' | 'en';
}

export interface ParserOutput {
  intent: string;
  /** ISO 8601 (any offset: compared as instants), or null. */
  due: string | null;
  rrule: string | null;
  reminderText: string | null;
  /** Rule 20: a list request's period (local dates YYYY-MM-DD, inclusive); absent or null when it names none. */
  listFrom?: string | null;
  listTo?: string | null;
}

export interface Parser {
  name: string;
  parse(input: ParserInput): Promise<ParserOutput> | ParserOutput;
}

export const BASELINE_PARSER = 'chrono';

/** The parser evaluated when --parser is not given: ours, with the registry's current model. */
export const DEFAULT_PARSER = 'napominalka';

/** The production pipeline (no LLM: the eval measures the model path) with `holder`'s model, or rules only, as the eval's Parser. */
export async function pipelineParser(name: string, holder: ModelHolder | null): Promise<Parser> {
  const { ParsePipeline } = await import('../parse/pipeline');
  const pipeline = new ParsePipeline({ model: () => holder?.current ?? null, threshold: 0 });
  return {
    name: holder ? `${name} (model ${holder.current.version})` : `${name} (rules, no model)`,
    async parse(input) {
      const r = await pipeline.parse({ text: input.text, timezone: input.timezone, now: input.now, ...(input.lang ? { lang: input.lang } : {}) });
      // The period of a list request (rule 20) is the parse result's, as the bot reads it.
      return { intent: r.intent, due: r.due, rrule: r.rrule, reminderText: r.text, listFrom: r.listFrom, listTo: r.listTo };
    },
  };
}

/** The registry's current model (loaded only when this parser is asked for). */
async function currentModel(): Promise<ModelHolder> {
  const { ModelHolder } = await import('../model/model-holder');
  const { readRegistry } = await import('../model/registry');
  return ModelHolder.load(readRegistry().current);
}

export const parsers: Record<string, () => Promise<Parser>> = {
  napominalka: async () => pipelineParser('napominalka', await currentModel()),
  rules: () => pipelineParser('rules', null),
  chrono: async () => (await import('./chrono-baseline')).createChronoBaseline(),
};
