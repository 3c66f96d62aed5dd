import { round } from '../common/stats';
import { TARGETS } from './args';
import type { Switch } from './switches';

/** The verdict of a bench:models run (pure): its failures, the p99 and RSS ratios, every promotion served. */
export interface Figures {
  http: { failed: number; steadyP99: number; swapP99: number };
  worker: { failed: number; missing: number; steadyP99: number; swapP99: number };
  rss: { steadyMB: number; peakSwapMB: number };
  switches: { http: Switch[]; worker: Switch[]; expected: number };
}

export const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? round(a / b, 2) : NaN);

export function judge(f: Figures) {
  const httpRatio = ratio(f.http.swapP99, f.http.steadyP99);
  const workerRatio = ratio(f.worker.swapP99, f.worker.steadyP99);
  const rssRatio = ratio(f.rss.peakSwapMB, f.rss.steadyMB);
  const everyServed = (s: Switch[]) => s.length === f.switches.expected && s.every((x) => x.served && x.stale === 0);
  const pass = {
    httpFailed: f.http.failed === TARGETS.failed,
    workerFailed: f.worker.failed + f.worker.missing === TARGETS.failed,
    httpP99Ratio: httpRatio <= TARGETS.p99Ratio,
    workerP99Ratio: workerRatio <= TARGETS.p99Ratio,
    rssRatio: rssRatio <= TARGETS.rssRatio,
    promotionsServed: everyServed(f.switches.http) && everyServed(f.switches.worker),
    all: false,
  };
  pass.all = pass.httpFailed && pass.workerFailed && pass.httpP99Ratio && pass.workerP99Ratio && pass.rssRatio && pass.promotionsServed;
  /** Failed: what makes the run exit 1 regardless of --strict (lost work, a promotion not served). */
  const failed = !pass.httpFailed || !pass.workerFailed || !pass.promotionsServed;
  return { ratios: { http: httpRatio, worker: workerRatio, rss: rssRatio }, pass, failed };
}
export type Verdict = ReturnType<typeof judge>;
