/**
 * The parsers `pnpm eval:parse --parser <name>` can evaluate. Each entry is a factory, so that a
 * parser's start-up (loading a model, reading a lexicon) is not part of the measured latency and
 * only the parser asked for is loaded.
 */

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
}

export interface Parser {
  name: string;
  parse(input: ParserInput): Promise<ParserOutput> | ParserOutput;
}

export const BASELINE_PARSER = 'chrono';

/** The parser evaluated when --parser is not given. */
export const DEFAULT_PARSER = 'chrono';

export const parsers: Record<string, () => Promise<Parser>> = {
  chrono: async () => (await import('./chrono-baseline')).createChronoBaseline(),
};
