import type { Histogram } from './histogram';
import { scoreOf, type Comparison, type DriftReport, type FeatureReport } from './report';

/** Escapes text for HTML element content and attribute values. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const num = (x: number | null) => (x === null ? '–' : Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(2) : x.toFixed(4));

/**
 * The drift report as one self-contained HTML page (no scripts, no external assets): the verdict,
 * a row per feature with its test and score, and reference-vs-current histograms drawn as inline
 * SVG. Every value that comes from data is escaped.
 */
export function driftReportHtml(r: DriftReport): string {
  const verdict = r.dataset.drifted ? 'Dataset drift detected' : 'No dataset drift';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Drift report ${esc(r.day)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}table{border-collapse:collapse;margin:12px 0}
td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left;vertical-align:top}.drift{color:#b00020;font-weight:600}.ok{color:#1b5e20}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}figure{margin:8px 0 24px}svg text{font-size:10px}
</style></head><body>
<h1>Drift report — ${esc(r.day)}</h1>
<p class="${r.dataset.drifted ? 'drift' : 'ok'}">${esc(verdict)} against ${esc(r.comparisons[0]!.reference.label)}.</p>
<p>Current day: ${r.current.rows.toLocaleString('en-US')} parses (${r.current.sampled.toLocaleString('en-US')} used).</p>
${textSection(r)}
${r.comparisons.map(comparisonSection).join('\n')}
</body></html>
`;
}

function comparisonSection(c: Comparison, i: number): string {
  const share =
    c.dataset.status === 'measured'
      ? `${c.dataset.driftedColumns} of ${c.dataset.testedColumns} features drifted (${pct(c.dataset.share)}; dataset drift at ≥ ${pct(c.dataset.threshold)})`
      : 'not enough data to test';
  return `<h2>${i === 0 ? 'Against' : 'Also against'} ${esc(c.reference.label)}</h2>
<p>${c.reference.rows.toLocaleString('en-US')} reference rows (${c.reference.sampled.toLocaleString('en-US')} used) · <span class="${c.dataset.drifted ? 'drift' : 'ok'}">${esc(share)}</span></p>
<table><thead><tr><th>feature</th><th>type</th><th>test</th><th>score</th><th>verdict</th></tr></thead><tbody>
${c.features.map(row).join('\n')}
</tbody></table>
<p class="legend"><span style="background:#90a4ae"></span>reference<span style="background:#ef6c00"></span>current</p>
${c.features.map((f) => `<figure><figcaption>${esc(f.feature)}</figcaption>${bars(f.histogram)}</figure>`).join('\n')}`;
}

function row(f: FeatureReport): string {
  const s = scoreOf(f.result);
  const verdict =
    f.result.test === 'not_in_reference'
      ? 'not in reference'
      : f.result.test === 'not_enough_data'
        ? 'not enough data'
        : f.result.drifted
          ? 'drift'
          : 'no drift';
  const cls = f.result.drifted ? 'drift' : 'ok';
  return `<tr><td>${esc(f.feature)}</td><td>${f.kind}</td><td>${esc(f.result.test)}</td><td>${s.name ? `${s.name} = ${num(s.value)}` : '–'}</td><td class="${cls}">${verdict}</td></tr>`;
}

function textSection(r: DriftReport): string {
  const t = r.text;
  if (t.status === 'no_reference_texts') return '<p>Text drift: no reference texts.</p>';
  if (t.status === 'not_enough_data') return `<p>Text drift: not enough texts (${t.nRef} reference, ${t.nCur} current).</p>`;
  const top = t.topFeatures.map((f) => `<code>${esc(f.ngram.replaceAll(' ', '␣'))}</code>`).join(', ');
  return `<p class="${t.drifted ? 'drift' : 'ok'}">Text drift (domain classifier, char n-grams): ROC AUC ${t.rocAuc.toFixed(3)} (drift above ${t.threshold.toFixed(3)}) — ${t.drifted ? 'drift' : 'no drift'}. Most telling of the current day: ${top || '–'}.</p>`;
}

function bars(h: Histogram): string {
  if (h.labels.length === 0) return '<p>no data</p>';
  const w = 16;
  const height = 100;
  const max = Math.max(1e-9, ...h.reference, ...h.current);
  const width = h.labels.length * (2 * w + 6) + 10;
  const rects = h.labels
    .map((label, i) => {
      const x = 5 + i * (2 * w + 6);
      const rh = (h.reference[i]! / max) * height;
      const ch = (h.current[i]! / max) * height;
      return `<g><title>${esc(label)}: reference ${pct(h.reference[i]!)}, current ${pct(h.current[i]!)}</title><rect x="${x}" y="${height - rh}" width="${w}" height="${rh}" fill="#90a4ae"/><rect x="${x + w}" y="${height - ch}" width="${w}" height="${ch}" fill="#ef6c00"/><text x="${x}" y="${height + 12}" transform="rotate(35 ${x} ${height + 12})">${esc(label.slice(0, 18))}</text></g>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 60}" role="img">${rects}</svg>`;
}
