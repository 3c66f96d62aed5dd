/** The simulated rates as a Markdown table (for the README and the test log). */
import type { Rates } from './rates';

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

export function ratesTable(all: readonly Rates[]): string {
  const head =
    '| reference / current | seeds | false alarm: intent · language · length · confidence · dataset | detected: intent→other · intent→list · language→en · length ×1.3 · confidence −0.1 |';
  const rule = '|---|---|---|---|';
  const rows = all.map((r) => {
    const f = r.falseAlarm;
    const d = r.detection;
    return `| ${r.sizes.reference} / ${r.sizes.current} | ${r.seeds} | ${[f.intent, f.language, f.textLength, f.confidence, r.datasetFalseAlarm].map(pct).join(' · ')} | ${[d.intentToOther, d.intentToList, d.languageToEn, d.textLonger, d.confidenceLower].map(pct).join(' · ')} |`;
  });
  return [head, rule, ...rows].join('\n');
}
