import type { CliIo } from './io';

/** Something drawn on the last line of stderr that other output must step around. */
export interface Overlay {
  clear(): void;
  redraw(): void;
}

/**
 * Stderr shared by the logger and the progress bar: a log line first clears the bar, which is
 * drawn again under it, so neither garbles the other on a terminal.
 */
export class SharedStderr {
  private overlay: Overlay | null = null;
  constructor(private readonly io: CliIo) {}

  write(text: string): void {
    this.overlay?.clear();
    this.io.progress(text);
    this.overlay?.redraw();
  }

  attach(o: Overlay): void {
    this.overlay = o;
  }

  detach(o: Overlay): void {
    if (this.overlay === o) this.overlay = null;
  }
}
