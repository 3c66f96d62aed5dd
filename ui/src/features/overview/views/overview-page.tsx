import type { Child } from 'hono/jsx';
import { fmt } from '../../../http/i18n/messages';
import { daysBetween, HOURLY_MAX_DAYS, ignored, type OverviewFilters } from '../filters';
import type { OverviewText } from '../messages';
import type { DriftStatus, EtlHistory, MartData } from '../queries';
import { dailyCharts, dayRows, daysOf, messagesChart, perDayChart, periodTotals } from '../summary';
import type { DriftDay, EtlDay } from '../trend-queries';
import { Chart } from './chart';
import { DriftPanel, EtlPanel } from './etl-panel';
import { DailyTable, SummaryTable } from './summary-table';

export interface OverviewView {
  filters: OverviewFilters;
  marts: MartData | { error: string };
  etl: EtlHistory | { error: string };
  drift: DriftStatus | null;
  /** null: no ETL tables yet (or unreadable: the panel says why). */
  etlDays: EtlDay[] | null;
  driftDays: DriftDay[];
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
  const charts = dailyCharts(rows, {
    chats: m.sChats,
    created: m.sCreated,
    delivered: m.sDelivered,
    cancelled: m.sCancelled,
    p95: m.sP95,
    failure: m.sFailure,
    clarification: m.sClarification,
    llm: m.sLlm,
    rules: m.sRules,
    feedback: m.sFeedback,
  });
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

/** The ETL's runs and failing checks per data day of the period. */
function TrendCharts(props: { m: OverviewText; v: OverviewView }) {
  const { m, v } = props;
  if (!v.etlDays || v.etlDays.length === 0) return null;
  const series = [
    { label: m.sSucceeded, pick: (d: EtlDay) => d.succeeded },
    { label: m.sFailedRuns, pick: (d: EtlDay) => d.failed },
    { label: m.sFailingChecks, pick: (d: EtlDay) => d.failingChecks },
  ];
  return <Chart id="chart-etl" title={m.etlChart} data={perDayChart(daysOf(v.filters.from, v.filters.to), v.etlDays, series, 'count', 0)} />;
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
        <TrendCharts m={m} v={v} />
        <EtlPanel m={m} etl={v.etl} />
      </section>
      <section>
        <h2>{m.drift}</h2>
        {v.driftDays.length > 0 ? (
          <Chart
            id="chart-drift"
            title={m.driftChart}
            data={perDayChart(daysOf(v.filters.from, v.filters.to), v.driftDays, [{ label: m.sDriftShare, pick: (d) => d.driftShare }], 'percent', null)}
          />
        ) : null}
        <DriftPanel m={m} drift={v.drift} />
      </section>
    </div>
  );
}
