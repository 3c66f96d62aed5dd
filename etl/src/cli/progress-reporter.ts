import type { RunRow } from '../framework';
import { progressLine } from './format/progress';
import type { CliIo } from './io';
import type { Overlay, SharedStderr } from './stderr';

const FINISHED = new Set<RunRow['status']>(['succeeded', 'failed', 'cancelled']);

/**
 * The progress bar on stderr while runs execute. On a terminal one line redrawn in place (at most
 * ten times a second); in a log a line whenever a run finishes or the running steps change, at
 * most one a second (and the last one always).
 */
export class ProgressReporter implements Overlay {
  private readonly t0 = Date.now();
  private runs: readonly RunRow[] = [];
  private current: readonly string[] = [];
  private lastDrawn = 0;
  private lastLine = '';
  private lastKey = '';

  constructor(
    private readonly io: CliIo,
    private readonly stderr: SharedStderr,
    private readonly total: number,
    private readonly color: boolean,
  ) {
    if (io.stderrTTY) stderr.attach(this);
  }

  clear(): void {
    if (this.lastLine) this.io.progress('\r\u001b[2K');
  }

  redraw(): void {
    if (this.lastLine) this.io.progress(this.lastLine);
  }

  update(runs: readonly RunRow[]): void {
    this.runs = runs;
    this.draw(false);
  }

  steps(current: readonly string[]): void {
    this.current = current;
    this.draw(false);
  }

  /** The final state; on a terminal the line is then cleared (the outcome follows on stdout). */
  finish(): void {
    this.draw(true);
    this.stderr.detach(this);
    if (this.io.stderrTTY) this.clear();
  }

  private draw(force: boolean): void {
    const done = this.runs.filter((r) => FINISHED.has(r.status)).length;
    const failed = this.runs.filter((r) => r.status === 'failed' || r.status === 'cancelled').length;
    const tty = this.io.stderrTTY;
    const line = progressLine(
      { total: this.total, done, failed, current: done === this.total ? [] : this.current, elapsedMs: Date.now() - this.t0 },
      { columns: tty ? this.io.columns : 200, unicode: tty, color: this.color && tty },
    );
    const now = Date.now();
    if (tty) {
      if (!force && now - this.lastDrawn < 100) return;
      this.io.progress(`\r\u001b[2K${line}`);
    } else {
      const key = `${done}/${failed}/${this.current.join(',')}`;
      if (!force && (key === this.lastKey || now - this.lastDrawn < 1000)) return;
      if (force && key === this.lastKey && this.lastLine) return;
      this.lastKey = key;
      this.io.progress(`${line}\n`);
    }
    this.lastDrawn = now;
    this.lastLine = line;
  }
}
