import { clean, cut, paint } from '../terminal';
import { formatDuration } from './time';

/** What the progress line shows: runs done of the total, what runs now, how long it has taken. */
export interface Progress {
  total: number;
  done: number;
  failed: number;
  /** `asset partition` of every step running now. */
  current: readonly string[];
  elapsedMs: number;
}

/** Time left if the remaining runs take as long as the finished ones did; null before the first. */
export function eta(p: Pick<Progress, 'total' | 'done' | 'elapsedMs'>): number | null {
  if (p.done === 0 || p.done >= p.total) return null;
  return (p.elapsedMs / p.done) * (p.total - p.done);
}

/**
 * `[██████░░░░░░] 4/10 runs · 1 failed · parse_quality 2026-11-10 · 12 s · ETA 18 s`, within
 * `columns` (the running steps give way). ASCII `#`/`-` for a log file, blocks on a terminal.
 */
export function progressLine(p: Progress, opts: { columns: number; unicode: boolean; color: boolean; barWidth?: number }): string {
  const n = opts.barWidth ?? 20;
  const filled = p.total === 0 ? n : Math.min(n, Math.round((p.done / p.total) * n));
  const [full, empty] = opts.unicode ? ['█', '░'] : ['#', '-'];
  const left = eta(p);
  const head = [`${p.done}/${p.total} run${p.total === 1 ? '' : 's'}`, ...(p.failed > 0 ? [`${p.failed} failed`] : [])];
  const tail = [formatDuration(p.elapsedMs), ...(left === null ? [] : [`ETA ${formatDuration(left)}`])];
  const fixed = n + 3 + [...head, ...tail].join(' · ').length + 3;
  const room = opts.columns - 1 - fixed;
  const running = p.current.length === 0 ? '' : p.current.length === 1 ? clean(p.current[0]!) : `${clean(p.current[0]!)} +${p.current.length - 1} more`;
  const current = room >= 8 ? cut(running, room) : '';
  const bar = `[${paint(full.repeat(filled), p.failed > 0 ? 'red' : 'green', opts.color)}${empty.repeat(n - filled)}]`;
  const failed = p.failed > 0 ? [paint(`${p.failed} failed`, 'red', opts.color)] : [];
  return `${bar} ${[head[0]!, ...failed, ...(current ? [current] : []), ...tail].join(' · ')}`;
}
