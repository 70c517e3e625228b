/** Batches streamed text so a view gets at most one update per frame, the first one at once. */
import type { Clock } from './ports';

/**
 * Collects text pushed at any rate and hands it on in batches no closer together than one
 * frame. Text arriving after a quiet frame goes out immediately, so the first delta of a reply
 * is never held back.
 */
export class FrameCoalescer {
  private pending = '';
  private lastFlush = -Infinity;
  private timer: unknown;

  constructor(
    private readonly clock: Clock,
    private readonly frameMs: number,
    private readonly emit: (text: string) => void,
  ) {}

  /** Adds text; emits it now if a frame has passed since the last emit, else schedules it. */
  push(text: string): void {
    if (!text) return;
    this.pending += text;
    if (this.timer === undefined) this.flushOrWait();
  }

  /** Emits what is pending once its frame slot comes (at most one frame from now). */
  async drain(): Promise<void> {
    this.cancelTimer();
    const wait = this.lastFlush + this.frameMs - this.clock.now();
    if (this.pending && wait > 0) await new Promise<void>((r) => this.clock.setTimeout(r, Math.ceil(wait)));
    this.emitPending();
  }

  /** Drops pending text and any scheduled emit. */
  cancel(): void {
    this.cancelTimer();
    this.pending = '';
  }

  private flushOrWait(): void {
    this.timer = undefined;
    if (!this.pending) return;
    const wait = this.lastFlush + this.frameMs - this.clock.now();
    // Timers may fire a little early by this clock; then wait out the rest of the frame.
    if (wait > 0) this.timer = this.clock.setTimeout(() => this.flushOrWait(), Math.ceil(wait));
    else this.emitPending();
  }

  private emitPending(): void {
    if (!this.pending) return;
    const text = this.pending;
    this.pending = '';
    this.lastFlush = this.clock.now();
    this.emit(text);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
