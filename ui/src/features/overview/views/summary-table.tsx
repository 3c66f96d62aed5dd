import type { OverviewText } from '../messages';
import type { DayRow, PeriodTotals } from '../summary';
import { ms, num, pct } from './format';

/** The period's figures as a table (readable without JS). */
export function SummaryTable(props: { m: OverviewText; t: PeriodTotals; fmtLang: (lang: string) => string }) {
  const { m, t } = props;
  const rows: Array<[string, string, string]> = [
    ['messages', m.messages, num(t.messages)],
    ...Object.entries(t.messagesByLang)
      .sort()
      .map(([l, v]): [string, string, string] => [`messages-${l}`, props.fmtLang(l), num(v)]),
    ['chats-peak', m.activeChatsPeak, num(t.peakActiveChats)],
    ['chats-avg', m.activeChatsAvg, num(t.avgActiveChats)],
    ['created', m.created, num(t.created)],
    ['delivered', m.delivered, num(t.delivered)],
    ['delivery-failed', m.deliveryFailed, num(t.deliveryFailed)],
    ['cancelled', m.cancelled, num(t.cancelled)],
    ['lateness', m.latenessWorst, ms(t.worstLatenessP95Ms)],
    ['attempts', m.attempts, num(t.attempts)],
    ['failure-rate', m.failureRate, pct(t.failureRate)],
    ['clarification-rate', m.clarificationRate, pct(t.clarificationRate)],
    ['llm-share', m.llmShare, pct(t.llmShare)],
    ['rules-share', m.rulesShare, pct(t.rulesShare)],
    ['feedback-rate', m.feedbackRate, pct(t.feedbackRate)],
  ];
  return (
    <table class="overview-summary">
      <caption>{m.summary}</caption>
      <thead>
        <tr>
          <th>{m.figure}</th>
          <th>{m.value}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, label, value]) => (
          <tr data-figure={key}>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The daily marts, one row per UTC day. */
export function DailyTable(props: { m: OverviewText; rows: DayRow[] }) {
  const { m } = props;
  return (
    <table class="overview-daily">
      <caption>{m.daily}</caption>
      <thead>
        <tr>
          <th>{m.day}</th>
          <th>{m.activeChatsChart}</th>
          <th>{m.created}</th>
          <th>{m.delivered}</th>
          <th>{m.cancelled}</th>
          <th>{m.latenessChart}</th>
          <th>{m.failureRate}</th>
          <th>{m.clarificationRate}</th>
          <th>{m.llmShare}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td>{r.day}</td>
            <td>{num(r.activeChats)}</td>
            <td>{num(r.created)}</td>
            <td>{num(r.delivered)}</td>
            <td>{num(r.cancelled)}</td>
            <td>{ms(r.latenessP95Ms)}</td>
            <td>{pct(r.failureRate)}</td>
            <td>{pct(r.clarificationRate)}</td>
            <td>{pct(r.llmShare)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
