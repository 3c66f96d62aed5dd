import type { ParkedMessage } from '../bus/parked';

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** One row per parked message, columns aligned. */
export function formatParkedTable(msgs: readonly ParkedMessage[], opts: { errorWidth?: number } = {}): string {
  const header = ['#', 'MESSAGE ID', 'TYPE', 'STREAM@POS', 'REASON', 'ATTEMPTS', 'PARKED AT', 'LAST ERROR'];
  const rows = msgs.map((m) => [
    String(m.index),
    m.messageId ?? '-',
    m.type ?? '-',
    m.streamId ? `${m.streamId}@${m.streamPosition ?? '?'}` : '-',
    m.reason,
    String(m.attempts),
    m.parkedAt ?? '-',
    m.lastError ? cut(oneLine(m.lastError), opts.errorWidth ?? 80) : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

/** Everything about one message: summary, properties, headers, pretty-printed body. */
export function formatParkedMessage(m: ParkedMessage): string {
  const kv = (o: Record<string, unknown>) =>
    Object.entries(o)
      .map(([k, v]) => `  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('\n') || '  (none)';
  const body = typeof m.body === 'string' ? m.body : JSON.stringify(m.body, null, 2);
  return [
    `message ${m.messageId ?? '(no id)'}  #${m.index}  ${m.type ?? '-'}  reason=${m.reason}  attempts=${m.attempts}  parked at ${m.parkedAt ?? '-'}`,
    ...(m.lastError ? [`last error: ${m.lastError}`] : []),
    'properties:',
    kv(m.properties),
    'headers:',
    kv(m.headers),
    'body:',
    body,
  ].join('\n');
}
