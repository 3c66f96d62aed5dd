import { fmt } from '../../http/i18n/messages';
import { readExplanation, type ExplainStep, type Explanation } from './explain-schema';
import type { playgroundMessages } from './messages';

type M = (typeof playgroundMessages)['en'];

/** The pipeline's default confidence threshold, for marking tokens when the steps do not name it. */
const DEFAULT_THRESHOLD = 0.6;

const conf = (x: number) => x.toFixed(3);
/** A message looked up by a code the API sent; a code this UI does not know yet is shown as it is. */
const byCode = (m: M, prefix: string, code: string): string => (m as Record<string, string>)[`${prefix}.${code}`] ?? code;

/** One step in words (a plain string: JSX escapes it, user text included). */
export function stepText(s: ExplainStep, m: M): string {
  switch (s.kind) {
    case 'correction':
      return fmt(m.stepCorrection, { from: s.from, to: s.to, token: s.token });
    case 'tagger':
      return fmt(m.stepTagger, { source: s.source, intent: s.intent, confidence: conf(s.confidence) });
    case 'expression': {
      const why = fmt(byCode(m, 'reason', s.reason), { share: s.timeShare === null ? '—' : Math.round(s.timeShare * 100) });
      // The API's span is [start, end); shown as the first and last token.
      const verdict = `${s.accepted ? m.accepted : m.rejected} — ${why}`;
      return fmt(m.stepExpression, { text: s.text, start: s.start, end: s.end - 1, meaning: s.meaning, matcher: s.matcher, verdict });
    }
    case 'resolve-skipped':
      return fmt(m.stepResolveSkipped, { intent: s.intent });
    case 'resolved':
      return fmt(m.stepResolved, { due: s.due, rrule: s.rrule ?? m.none });
    case 'unresolved':
      return fmt(m.stepUnresolved, { reason: s.reason, message: s.message });
    case 'text':
      return (
        fmt(m.stepText, { text: s.text === null ? m.none : `“${s.text}”` }) +
        (s.reclaimed.length ? fmt(m.stepReclaimed, { tokens: s.reclaimed.join(', ') }) : '')
      );
    case 'llm-asked':
      return s.answered
        ? fmt(m.stepLlmAnswered, { threshold: s.threshold, confidence: s.confidence === null ? m.none : conf(s.confidence) })
        : fmt(m.stepLlmFailed, { threshold: s.threshold });
    case 'llm-not-asked':
      return fmt(byCode(m, 'llm', s.why), { threshold: s.threshold });
    case 'unknown':
      return fmt(m.stepUnknown, { kind: s.name });
  }
}

function TokensTable({ e, m }: { e: Explanation; m: M }) {
  const threshold = e.steps.find((s) => s.kind === 'llm-asked' || s.kind === 'llm-not-asked')?.threshold ?? DEFAULT_THRESHOLD;
  return (
    <table class="tokens">
      <thead>
        <tr>
          <th>#</th>
          <th>{m.colToken}</th>
          <th>{m.colRead}</th>
          <th>{m.colTag}</th>
          <th>{m.colConfidence}</th>
        </tr>
      </thead>
      <tbody>
        {e.tokens.map((t, i) => {
          const low = t.confidence !== null && t.confidence < threshold;
          return (
            <tr class={low ? 'token low-confidence' : 'token'}>
              <td>{i}</td>
              <td>
                <code>{t.text}</code>
              </td>
              <td>{t.normalized ?? ''}</td>
              <td>
                <code>{t.tag}</code>
              </td>
              <td>
                {t.confidence === null ? (
                  m.noModel
                ) : low ? (
                  <mark class="low-confidence">
                    {conf(t.confidence)} ({m.lowConfidence})
                  </mark>
                ) : (
                  conf(t.confidence)
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The tokens and the resolver's steps, or a note that this inference API gives no explanation. */
export function ExplainView({ raw, m }: { raw: unknown; m: M }) {
  const e = readExplanation(raw);
  if (!e) return <p class="explain-unavailable">{m.explainUnavailable}</p>;
  return (
    <>
      <h2>{m.tokens}</h2>
      <TokensTable e={e} m={m} />
      <h2>{m.steps}</h2>
      <ol class="steps">
        {e.steps.map((s) => (
          <li class={`step step-${s.kind}`}>{stepText(s, m)}</li>
        ))}
      </ol>
    </>
  );
}
