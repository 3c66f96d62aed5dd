/** Progress on stderr and number formatting, as every benchmark prints them. */

/** One timestamped progress line on stderr (stdout is kept for the summary and the JSON line). */
export const progress = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The verdict cell of a report table. */
export const pf = (ok: boolean) => (ok ? '**pass**' : '**FAIL**');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A progress line at most every 2 s (or when forced): done/total, rate, ETA. */
export function progressBar(label: string) {
  let last = 0;
  return (done: number, total: number, rate: number, force = false) => {
    const now = performance.now();
    if (!force && now - last < 2000) return;
    last = now;
    const pct = total > 0 ? (done / total) * 100 : 100;
    const bar = '#'.repeat(Math.round(pct / 5)).padEnd(20, '.');
    const eta = rate > 0 ? (total - done) / rate : NaN;
    progress(
      `${label} [${bar}] ${fmtInt(done)}/${fmtInt(total)} (${fmt(pct, 1)} %), ${fmtInt(rate)}/s, ETA ${Number.isFinite(eta) ? `${fmt(eta, 0)} s` : '–'}`,
    );
  };
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}
