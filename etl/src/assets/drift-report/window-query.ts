import { DateTime } from 'luxon';
import type { ClickHouse } from '@napominalka/core/clickhouse';
import { roundConfidence } from '@napominalka/core/drift-features';
import { chTime as t } from '../shared/ch-time';

/**
 * The drift features (core/drift/features.ts defines them) of the parses in a time window, read from events_raw: each MessageParsed
 * with the message it parsed (its causation) and the chat's zone at that moment (the latest
 * ChatSettingsChanged with a zone before it, ASOF). A window larger than `cap` rows is sampled
 * deterministically by event id, so memory and time stay bounded whatever the traffic; the
 * tests' verdicts are distribution distances (or p-values on ≥ thousands of rows), which a large
 * sample estimates to well under their thresholds' margins.
 */
export interface FeatureWindow {
  /** Parses in the window (before sampling). */
  rows: number;
  /** Rows read (after sampling). */
  sampled: number;
  numeric: Record<NumericFeature, number[]>;
  categorical: Record<CategoricalFeature, string[]>;
  texts: string[];
}

export const NUMERIC_FEATURES = ['text_chars', 'text_tokens', 'intent_confidence', 'slot_confidence', 'corrections', 'local_hour'] as const;
export const CATEGORICAL_FEATURES = ['lang', 'intent', 'slot_tags', 'parser', 'zone'] as const;
export type NumericFeature = (typeof NUMERIC_FEATURES)[number];
export type CategoricalFeature = (typeof CATEGORICAL_FEATURES)[number];

/** Texts kept per window at most (the domain classifier's own cap). */
export const TEXT_CAP = 20_000;

export async function featureWindow(ch: ClickHouse, w: { from: Date; to: Date; cap: number; defaultZone: string }): Promise<FeatureWindow> {
  const raw = ch.table('events_raw');
  const p = { from: t(w.from), to: t(w.to), toPlus: t(new Date(w.to.getTime() + 60_000)), fromMinus: t(new Date(w.from.getTime() - 60_000)) };
  const [c] = await ch.query<{ n: string }>(
    `SELECT count() AS n FROM ${raw} WHERE type = 'MessageParsed' AND occurred_at >= {from:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')}`,
    p,
  );
  const rows = Number(c?.n ?? 0);
  const mod = Math.max(1, Math.ceil(rows / w.cap));
  // Texts for the domain classifier: at most TEXT_CAP rows keep theirs (it subsamples beyond that anyway).
  const textMod = Math.max(1, Math.ceil(Math.min(rows, w.cap) / TEXT_CAP));
  const out = await ch.query<{
    lang: string;
    intent: string;
    parser: string;
    ci: number;
    cs: number;
    tags: string[];
    corr: number;
    at: number;
    tz: string;
    chars: number;
    tokens: number;
    text: string;
  }>(
    `WITH sampled AS (
       SELECT id, chat_id, occurred_at, causation_id, lang, intent, parser, confidence, data FROM ${raw}
       WHERE type = 'MessageParsed' AND occurred_at >= {from:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')}
         AND cityHash64(id) % {mod:UInt64} = 0)
     SELECT p.lang AS lang, p.intent AS intent, p.parser AS parser,
       p.confidence AS ci, JSONExtractFloat(p.data, 'confidence', 'slots') AS cs,
       arrayMap(x -> JSONExtractString(x, 'tag'), JSONExtractArrayRaw(p.data, 'slots')) AS tags,
       JSONLength(p.data, 'corrections') AS corr, toUnixTimestamp(p.occurred_at) AS at,
       z.tz AS tz, lengthUTF8(m.text) AS chars, length(splitByWhitespace(m.text)) AS tokens,
       if(cityHash64(p.id) % {textMod:UInt64} = 0, m.text, '') AS text
     FROM sampled AS p
     LEFT JOIN (SELECT id, JSONExtractString(data, 'text') AS text FROM ${raw}
                WHERE type = 'MessageReceived' AND occurred_at >= {fromMinus:DateTime64(3, 'UTC')} AND occurred_at < {toPlus:DateTime64(3, 'UTC')}
                  AND id IN (SELECT toUUIDOrZero(causation_id) FROM sampled)) AS m
       ON m.id = toUUIDOrZero(p.causation_id)
     ASOF LEFT JOIN (SELECT chat_id, occurred_at, JSONExtractString(data, 'timezone') AS tz FROM ${raw}
                     WHERE type = 'ChatSettingsChanged' AND JSONExtractString(data, 'timezone') != '' AND occurred_at < {to:DateTime64(3, 'UTC')}) AS z
       ON p.chat_id = z.chat_id AND p.occurred_at >= z.occurred_at`,
    { ...p, mod, textMod },
  );
  const win: FeatureWindow = {
    rows,
    sampled: out.length,
    numeric: { text_chars: [], text_tokens: [], intent_confidence: [], slot_confidence: [], corrections: [], local_hour: [] },
    categorical: { lang: [], intent: [], slot_tags: [], parser: [], zone: [] },
    texts: [],
  };
  const hourOf = localHours();
  for (const r of out) {
    const zone = r.tz || w.defaultZone;
    win.categorical.lang.push(r.lang);
    win.categorical.intent.push(r.intent);
    win.categorical.parser.push(r.parser);
    win.categorical.zone.push(zone);
    for (const tag of r.tags) win.categorical.slot_tags.push(tag);
    // lengthUTF8 and splitByWhitespace count as core's textChars and textTokens do (proven on chdb).
    win.numeric.text_chars.push(Number(r.chars));
    win.numeric.text_tokens.push(Number(r.tokens));
    win.numeric.intent_confidence.push(roundConfidence(Number(r.ci)));
    win.numeric.slot_confidence.push(roundConfidence(Number(r.cs)));
    win.numeric.corrections.push(Number(r.corr));
    win.numeric.local_hour.push(hourOf(Number(r.at), zone));
    if (r.text) win.texts.push(r.text);
  }
  return win;
}

/** Local hour of a UNIX time in a zone, cached per zone and quarter hour (offsets like +5:45 exist). */
function localHours(): (unixSeconds: number, zone: string) => number {
  const cache = new Map<string, number>();
  return (s, zone) => {
    const quarter = Math.floor(s / 900);
    const key = `${zone}|${quarter}`;
    let h = cache.get(key);
    if (h === undefined) {
      const dt = DateTime.fromSeconds(quarter * 900, { zone });
      // An unknown zone name reads as UTC rather than failing the report.
      h = dt.isValid ? dt.hour : DateTime.fromSeconds(quarter * 900, { zone: 'UTC' }).hour;
      cache.set(key, h);
    }
    return h;
  };
}
