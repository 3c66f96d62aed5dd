import { DataTable, type Column } from '../../../http/pages/table';
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
  const columns: Array<Column<[string, string, string]>> = [
    { head: m.figure, cell: ([, label]) => label, rowHeader: true },
    { head: m.value, cell: ([, , value]) => value },
  ];
  return <DataTable class="overview-summary" caption={m.summary} columns={columns} rows={rows} rowAttrs={([key]) => ({ 'data-figure': key })} />;
}

/** The daily marts, one row per UTC day. */
export function DailyTable(props: { m: OverviewText; rows: DayRow[] }) {
  const { m } = props;
  const columns: Array<Column<DayRow>> = [
    { head: m.day, cell: (r) => r.day },
    { head: m.activeChatsChart, cell: (r) => num(r.activeChats) },
    { head: m.created, cell: (r) => num(r.created) },
    { head: m.delivered, cell: (r) => num(r.delivered) },
    { head: m.cancelled, cell: (r) => num(r.cancelled) },
    { head: m.latenessChart, cell: (r) => ms(r.latenessP95Ms) },
    { head: m.failureRate, cell: (r) => pct(r.failureRate) },
    { head: m.clarificationRate, cell: (r) => pct(r.clarificationRate) },
    { head: m.llmShare, cell: (r) => pct(r.llmShare) },
  ];
  return <DataTable class="overview-daily" caption={m.daily} columns={columns} rows={props.rows} />;
}
