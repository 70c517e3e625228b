/** Aborts one HTTP attempt that gets no answer in time, or whose reply stops arriving. */

/** Why the watchdog aborted: no response headers in time, or no bytes for too long after them. */
export type Expiry = 'timeout' | 'stalled';

/**
 * One per attempt. Its {@link signal} goes to `fetch`; it aborts when the caller's signal
 * does, when the response headers take longer than `requestTimeoutMs`, or when, after the
 * headers, nothing arrives for `idleTimeoutMs`. A limit of 0 (or undefined) means none.
 *
 * The idle check re-arms one timer lazily instead of resetting it on every chunk, so a fast
 * stream pays a timestamp per chunk, not a timer.
 */
export class RequestWatchdog {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastActivity = 0;
  private expiredAs: Expiry | undefined;
  private readonly onParentAbort = () => this.abort(undefined);

  constructor(
    private readonly parent: AbortSignal | undefined,
    private readonly requestTimeoutMs: number | undefined,
    private readonly idleTimeoutMs: number | undefined,
  ) {
    if (parent?.aborted) this.controller.abort(parent.reason);
    else parent?.addEventListener('abort', this.onParentAbort, { once: true });
    if (isLimit(requestTimeoutMs)) this.timer = setTimeout(() => this.abort('timeout'), requestTimeoutMs);
  }

  /** The signal for this attempt's fetch and body reads. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Set once the watchdog itself aborted the attempt. */
  get expired(): Expiry | undefined {
    return this.expiredAs;
  }

  /** The response headers are in: stop the request timer, start watching for stalls. */
  headersReceived(): void {
    this.clearTimer();
    if (this.controller.signal.aborted || !isLimit(this.idleTimeoutMs)) return;
    this.lastActivity = performance.now();
    this.armIdle(this.idleTimeoutMs);
  }

  /** Some of the body arrived. */
  activity(): void {
    this.lastActivity = performance.now();
  }

  /** Stops the timers and lets go of the caller's signal. */
  dispose(): void {
    this.clearTimer();
    this.parent?.removeEventListener('abort', this.onParentAbort);
  }

  private armIdle(ms: number): void {
    this.timer = setTimeout(() => {
      const limit = this.idleTimeoutMs ?? 0;
      const quiet = performance.now() - this.lastActivity;
      // Timers may fire a little early; only a full quiet period counts as a stall.
      if (quiet >= limit) this.abort('stalled');
      else this.armIdle(Math.max(1, Math.ceil(limit - quiet)));
    }, ms);
  }

  private abort(expiry: Expiry | undefined): void {
    if (this.controller.signal.aborted) return;
    this.clearTimer();
    this.expiredAs = expiry;
    this.controller.abort(expiry ? new Error(expiry) : this.parent?.reason);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function isLimit(ms: number | undefined): ms is number {
  return ms !== undefined && Number.isFinite(ms) && ms > 0;
}
