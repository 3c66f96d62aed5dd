import type { Child } from 'hono/jsx';
import { fmt } from '../../../http/i18n/messages';
import { daysBetween, HOURLY_MAX_DAYS, ignored, type OverviewFilters } from '../filters';
import type { OverviewText } from '../messages';
import type { DriftStatus, EtlHistory, MartData } from '../queries';
import { dailyCharts, dayRows, messagesChart, periodTotals } from '../summary';
import { Chart } from './chart';
import { DriftPanel, EtlPanel } from './etl-panel';
import { DailyTable, SummaryTable } from './summary-table';

export interface OverviewView {
  filters: OverviewFilters;
  marts: MartData | { error: string };
  etl: EtlHistory | { error: string };
  drift: DriftStatus | null;
}

const isEmpty = (d: MartData): boolean => d.messages.length + d.chats.length + d.reminders.length + d.parse.length + d.feedback.length === 0;

/** Which set filters a block ignores, said next to it. */
function NotApplied(props: { m: OverviewText; names: string[] }) {
  if (props.names.length === 0) return null;
  return <p class="overview-note">{fmt(props.m.notApplied, { filters: props.names.join(', ') })}</p>;
}

/** The period's figures: charts, the summary and the daily table. */
export function MartsSection(props: { m: OverviewText; f: OverviewFilters; d: MartData }) {
  const { m, f, d } = props;
  if (isEmpty(d)) return <p class="overview-empty">{m.noData}</p>;
  const rows = dayRows(d);
  const charts = dailyCharts(rows, { chats: m.sChats, created: m.sCreated, delivered: m.sDelivered, cancelled: m.sCancelled, p95: m.sP95, failure: m.sFailure, clarification: m.sClarification, llm: m.sLlm });
  const daily = ignored(f, 'daily');
  const days = daysBetween(f.from, f.to);
  return (
    <div>
      <section>
        <h2>{m.sectionMessages}</h2>
        <Chart id="chart-messages" title={m.messagesChart} data={messagesChart(d)} />
        <NotApplied m={m} names={ignored(f, 'messages')} />
        {f.zone && days > HOURLY_MAX_DAYS ? <p class="overview-note">{fmt(m.messagesUtcDays, { days })}</p> : null}
      </section>
      <section>
        <h2>{m.sectionDaily}</h2>
        <NotApplied m={m} names={daily} />
        <div class="overview-charts">
          <Chart id="chart-chats" title={m.activeChatsChart} data={charts.chats} />
          <Chart id="chart-reminders" title={m.remindersChart} data={charts.reminders} />
          <Chart id="chart-lateness" title={m.latenessChart} data={charts.lateness} />
          <Chart id="chart-quality" title={m.qualityChart} data={charts.quality} />
        </div>
      </section>
      <SummaryTable m={m} t={periodTotals(d)} fmtLang={(l) => fmt(m.messagesLang, { lang: l })} />
      <NotApplied m={m} names={daily} />
      <DailyTable m={m} rows={rows} />
    </div>
  );
}

export function OverviewBody(props: { m: OverviewText; v: OverviewView; form: Child }) {
  const { m, v } = props;
  return (
    <div class="overview">
      <h1>{m.title}</h1>
      {props.form}
      <p>{fmt(m.period, { from: v.filters.from, to: v.filters.to })}</p>
      {'error' in v.marts ? <p class="error">{fmt(m.chUnreachable, { reason: v.marts.error })}</p> : <MartsSection m={m} f={v.filters} d={v.marts} />}
      <section>
        <h2>{m.etl}</h2>
        <EtlPanel m={m} etl={v.etl} />
      </section>
      <section>
        <h2>{m.drift}</h2>
        <DriftPanel m={m} drift={v.drift} />
      </section>
    </div>
  );
}
