/** "[██████░░░░] 60% 600,000/1,000,000 events · 23,456 events/s · ETA 17 s" (pure). */
export function progressLine(p: { done: number; total: number }, elapsedMs: number, width = 24): string {
  const share = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const filled = Math.round(share * width);
  const rate = elapsedMs > 0 ? (p.done * 1000) / elapsedMs : 0;
  const left = rate > 0 ? (p.total - p.done) / rate : null;
  const eta = left === null ? 'ETA –' : `ETA ${formatSeconds(left)}`;
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${n(p.done)}/${n(p.total)} events · ${n(rate)} events/s · ${eta}`;
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
