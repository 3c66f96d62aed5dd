import { etlStreams } from '@napominalka/core';
import type { RunRow, StepRow } from '../../framework';
import type { StoredEtlEvent } from '../../framework/history/etl-event';
import { clean, paint, type Style } from '../terminal';
import { describeRunEvent } from './run-events';
import { renderTable } from './table';
import { formatClock, formatDuration, formatInstant, formatOffset, formatTime } from './time';

/** The pure half of `pnpm etl run <id>`: a run, its steps and its stream → lines. */

export const RUN_STYLE: Record<RunRow['status'], Style> = { queued: 'dim', running: 'cyan', succeeded: 'green', failed: 'red', cancelled: 'yellow' };
const STEP_STYLE: Record<string, Style> = { running: 'cyan', succeeded: 'green', skipped: 'dim', failed: 'red' };

/** Why a run exists: its reason and who or what asked, once (a backfill's origin names it already). */
export const whyOf = (r: Pick<RunRow, 'reason' | 'origin'>): string => (r.origin.startsWith(`${r.reason}:`) ? r.origin : `${r.reason} ${r.origin}`);

/** What a step's detail says (a failure or the reason it was skipped), in one line. */
export function stepDetail(detail: unknown): string {
  if (typeof detail !== 'object' || detail === null) return '';
  const d = detail as Record<string, unknown>;
  if (typeof d.code === 'string') return `${d.code}: ${String(d.message ?? '')}`;
  if (typeof d.reason === 'string') return `${d.reason}: ${String(d.detail ?? '')}`;
  return JSON.stringify(detail);
}

export interface RunReport {
  run: RunRow;
  steps: readonly StepRow[];
  events: readonly StoredEtlEvent[];
}

function header(r: RunRow, o: { zone: string; color: boolean }): string[] {
  const at = (d: Date | null) => (d ? formatInstant(d, o.zone) : '-');
  return [
    `${paint(`run ${r.runId}`, 'bold', o.color)}  ${paint(r.status, RUN_STYLE[r.status], o.color)}  attempt ${r.attempt}/${r.maxAttempts}${r.cancelRequested && r.status === 'running' ? '  (cancel requested)' : ''}`,
    `  assets     ${r.assets.join(', ')}${r.partition === null ? '' : `  @ ${clean(r.partition)}`}`,
    `  why        ${clean(whyOf(r))}`,
    `  created    ${at(r.createdAt)}`,
    `  started    ${at(r.startedAt)}${r.executor ? `  on ${clean(r.executor)}` : ''}`,
    `  finished   ${at(r.finishedAt)}${r.durationMs !== null ? `  took ${formatDuration(r.durationMs)}` : ''}`,
    ...(r.notBefore && r.status === 'queued' ? [`  next try   ${at(r.notBefore)}`] : []),
    ...(r.failure ? [paint(clean(`  failure    ${r.failure.code}: ${r.failure.message}`), 'red', o.color)] : []),
  ];
}

function stepLines(r: RunRow, steps: readonly StepRow[], o: { zone: string; now: Date; color: boolean }): string[] {
  const lines = [paint(`steps (attempt ${r.attempt})`, 'bold', o.color)];
  if (steps.length === 0) return [...lines, r.status === 'queued' || r.status === 'running' ? '  none yet' : '  none'];
  const table = renderTable(
    [
      { header: 'ASSET', cell: (x: StepRow) => x.asset },
      { header: 'STATUS', cell: (x) => ({ text: x.status, style: STEP_STYLE[x.status] }) },
      { header: 'STARTED', cell: (x) => formatTime(x.startedAt, o.zone, o.now) },
      { header: 'DURATION', align: 'right', cell: (x) => formatDuration(x.durationMs) },
      { header: 'DATA VERSION', max: 24, cell: (x) => x.dataVersion || '-' },
      { header: 'DETAIL', cell: (x) => stepDetail(x.detail) },
    ],
    steps,
    { color: o.color },
  );
  return [...lines, ...table.map((l) => `  ${l}`)];
}

/** The run's log lines (EtlRunLogged events), oldest first. */
export const runLogs = (events: readonly StoredEtlEvent[]) => events.flatMap((e) => (e.type === 'EtlRunLogged' ? [{ at: e.recordedAt, ...e.data }] : []));

const LEVEL_STYLE: Record<string, Style | undefined> = { info: undefined, warn: 'yellow', error: 'red' };

/** The run's log lines (EtlRunLogged), then every event of its stream with its time and offset. */
function streamLines(r: RunRow, events: readonly StoredEtlEvent[], o: { zone: string; color: boolean }): string[] {
  const logs = runLogs(events);
  const lines = [paint(`logs (${logs.length})`, 'bold', o.color)];
  for (const l of logs)
    lines.push(`  ${formatClock(l.at, o.zone)}  ${paint(l.level.padEnd(5), LEVEL_STYLE[l.level], o.color)}  ${l.asset ?? '-'}  ${clean(l.message)}`);
  if (logs.length === 0) lines.push('  none');
  const t0 = events[0] ? Date.parse(events[0].recordedAt) : 0;
  lines.push('', paint(`events (${events.length}, stream ${etlStreams.run(r.runId)}, times in ${o.zone})`, 'bold', o.color));
  for (const e of events) {
    lines.push(
      `  ${formatClock(e.recordedAt, o.zone)}  ${formatOffset(Date.parse(e.recordedAt) - t0).padStart(12)}  ${e.type.padEnd(21)}  ${clean(describeRunEvent(e, o.zone))}`,
    );
  }
  return lines;
}

export function renderRunReport(rep: RunReport, o: { zone: string; now: Date; color: boolean }): string[] {
  return [...header(rep.run, o), '', ...stepLines(rep.run, rep.steps, o), '', ...streamLines(rep.run, rep.events, o)];
}
