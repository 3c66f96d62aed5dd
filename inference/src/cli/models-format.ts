import type { ModelCard, ModelStatusRow, Promotion } from '@napominalka/core/model-registry';

/** What `pnpm models list` shows of a card: the dev corpus' intent and due figures, when it has them. */
export function keyMetrics(card: ModelCard | null): { intent: number | null; due: number | null } {
  const groups = ['dev', 'evaluation', 'eval'].map((k) => card?.metrics[k]).filter((g): g is Record<string, unknown> => typeof g === 'object' && g !== null);
  const find = (names: readonly string[]) => {
    for (const g of groups) for (const n of names) if (typeof g[n] === 'number') return g[n] as number;
    return null;
  };
  return { intent: find(['intent_accuracy', 'intent']), due: find(['due_accuracy', 'due_exact', 'due']) };
}

export interface ListRow extends ModelStatusRow {
  created: string | null;
  intent: number | null;
  due: number | null;
  /** Why the card could not be read, when it could not. */
  cardError?: string;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const day = (iso: string | undefined | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');

export function formatList(rows: readonly ListRow[]): string {
  const table = [
    ['VERSION', 'STATUS', 'CREATED', 'DEV INTENT', 'DEV DUE', 'PROMOTED', 'BY', 'REASON', 'NOTE'],
    ...rows.map((r) => [
      r.version,
      r.status,
      r.cardError ? 'card unreadable' : day(r.created),
      pct(r.intent),
      pct(r.due),
      day(r.promotedAt),
      r.promotedBy ?? '—',
      r.reason ?? '—',
      r.note ?? '',
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table
    .map((row) =>
      row
        .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatPromotion(p: Promotion): string {
  const who = [p.actor ?? 'unknown', p.reason ?? 'promotion', p.runId ? `run ${p.runId}` : null].filter(Boolean).join(', ');
  return `${day(p.recordedAt)}  ${p.previous ?? '(none)'} → ${p.version}  (${who})${p.note ? `  "${p.note}"` : ''}`;
}

export function formatShow(row: ListRow, card: ModelCard | null, promotions: readonly Promotion[]): string[] {
  const lines = [
    `model ${row.version}: ${row.status}${row.promotedAt ? `, last promoted ${day(row.promotedAt)} by ${row.promotedBy ?? 'unknown'} (${row.reason ?? 'promotion'})` : ''}`,
  ];
  if (row.cardError) lines.push(`card: ${row.cardError}`);
  lines.push('', `promotions (${promotions.length}):`, ...(promotions.length ? promotions.map((p) => `  ${formatPromotion(p)}`) : ['  none']));
  if (card) lines.push('', 'card:', JSON.stringify(card, null, 2));
  return lines;
}
