import { monitorEventLoopDelay } from 'node:perf_hooks';
import { round, summaryAt } from '../common/stats';

/** Clocks and figures of bench:backbone, shared by its processes. */

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across this bench's processes. */
export const now = () => performance.timeOrigin + performance.now();

/** count, p50, p90, p99, max and mean to two decimals. */
export const summarise = (values: number[]) => summaryAt(values, [50, 90, 99], 2);

/** Event-loop delay of this process since the last read (how late a timer due every 5 ms fired). */
const LOOP_RESOLUTION_MS = 5;
export class LoopDelay {
  private readonly h = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  constructor() {
    this.h.enable();
  }
  read() {
    // The histogram records whole intervals between ticks: subtract the interval itself.
    const ms = (ns: number) => round(Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS), 1);
    const r = { p50: ms(this.h.percentile(50)), p99: ms(this.h.percentile(99)), max: ms(this.h.max) };
    this.h.reset();
    return r;
  }
}
