import type { ParseAnswer } from '../../clients/inference-client';
import type { playgroundMessages } from './messages';
import { ExplainView } from './explain-view';
import { inUtc, nextOccurrences } from './occurrences';

export interface PlaygroundForm {
  text: string;
  zone: string;
  now: string;
  lang: string;
}

type M = (typeof playgroundMessages)['en'];

export function PlaygroundFormView({ form, m }: { form: PlaygroundForm; m: M }) {
  return (
    <form method="get" action="/playground" class="playground-form">
      <label>
        {m.text}
        <textarea name="text" rows={3} maxlength={4096}>
          {form.text}
        </textarea>
      </label>
      <label>
        {m.zone}
        <input name="zone" value={form.zone} />
      </label>
      <label>
        {m.now}
        <input type="datetime-local" name="now" value={form.now} />
      </label>
      <label>
        {m.lang}
        <select name="lang">
          {['', 'ru', 'en'].map((l) => (
            <option value={l} selected={form.lang === l}>
              {l || m.auto}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{m.parse}</button>
    </form>
  );
}

/** The original text with the slot spans marked (every piece escaped by JSX). */
function Highlighted({ text, slots }: { text: string; slots: ParseAnswer['slots'] }) {
  const parts = [];
  let at = 0;
  for (const s of [...slots].sort((a, b) => a.start - b.start)) {
    if (s.start < at || s.end > text.length) continue;
    if (s.start > at) parts.push(text.slice(at, s.start));
    parts.push(
      <mark class={`slot slot-${s.tag.toLowerCase()}`} title={s.tag}>
        {text.slice(s.start, s.end)}
      </mark>,
    );
    at = s.end;
  }
  parts.push(text.slice(at));
  return <p class="highlighted">{parts}</p>;
}

export function ParseResultView({ r, text, zone, m }: { r: ParseAnswer; text: string; zone: string; m: M }) {
  const occ = r.rrule && r.due ? nextOccurrences(r.rrule, r.due, zone) : [];
  const row = (k: string, v: unknown) => (
    <tr>
      <th>{k}</th>
      <td>{v === null || v === undefined || v === '' ? m.none : String(v)}</td>
    </tr>
  );
  return (
    <section class="parse-result">
      <Highlighted text={text} slots={r.slots} />
      <table class="kv">
        {row(m.intent, `${r.intent} (${m.confidence} ${r.confidence.intent.toFixed(3)})`)}
        {row(m.slotConfidence, r.confidence.slots.toFixed(3))}
        {row(m.dueZone, r.due)}
        {row(m.dueUtc, r.due ? inUtc(r.due) : null)}
        {row(m.rrule, r.rrule)}
        {row(m.reminder, r.text)}
        {row(m.language, r.lang)}
        {row(m.model, r.modelVersion)}
        {row(m.parser, r.parser)}
        {row(m.latency, r.latencyMs)}
        {row(m.clarification, r.clarification ? `${r.clarification.reason} ${r.clarification.options.join(' | ')}` : null)}
      </table>
      <h2>{m.slots}</h2>
      <ul class="slots">
        {r.slots.map((s) => (
          <li>
            <code>{s.tag}</code> {s.text} [{s.start}–{s.end}]
          </li>
        ))}
      </ul>
      {r.corrections.length > 0 && (
        <>
          <h2>{m.corrections}</h2>
          <ul>
            {r.corrections.map((c) => (
              <li>
                {c.from} → {c.to}
              </li>
            ))}
          </ul>
        </>
      )}
      {occ.length > 0 && (
        <>
          <h2>{m.next}</h2>
          <ol class="occurrences">
            {occ.map((o) => (
              <li>{o}</li>
            ))}
          </ol>
        </>
      )}
      <ExplainView raw={r.explain} m={m} />
    </section>
  );
}
