import type { Child } from '../../../core/src/testing/child';
import type { TestContext } from '../../../core/src/testing/context';
import type { EmulatorControl } from '../../../bot/src/emulator/control-client';
import { fmt as fmtFinite } from '../common/progress';
import type { Summary } from '../common/stats';
import type { Row, SectionResult as BaseResult } from '../common/table';
import type { Settings } from './args';

export type { Row };

/** What every section of bench:bot is given and returns: rows of the report table, notes, JSON, and warnings. */
export interface SectionResult extends BaseResult {
  warnings: string[];
}

export interface Ctx {
  t: TestContext;
  s: Settings;
  emu: { url: string };
  tg: EmulatorControl;
  /** Rejects when a service dies. */
  guard<T>(p: Promise<T>): Promise<T>;
  /** Starts the bot at this TELEGRAM_GLOBAL_RATE (none may be running). */
  startBot(globalRate: number): Promise<Child>;
  stopBot(): Promise<void>;
  /** TELEGRAM_GLOBAL_RATE of the running bot, null when none runs. */
  botRate(): number | null;
  /** The running service processes (their logs carry the ops ports). */
  processes(): Child[];
  /** pid → name of this process and of the running services, for the CPU figures. */
  pids(): Record<number, string>;
  /** True once the run is stopping (an error or Ctrl-C): loads end early. */
  aborted(): boolean;
}

/** A number as the report shows it: '–' when not finite (nothing measured). */
export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? fmtFinite(n, digits) : '–');
export const ms = (s: Summary) => `p50 ${fmt(s.p50)} · p95 ${fmt(s.p95)} · p99 ${fmt(s.p99)} · max ${fmt(s.max)} ms`;
/** The run's schema, quoted for SQL. */
export const q = (t: TestContext) => `"${t.schema}"`;
