// Decides when a streaming reply is redrawn: every frame while that is cheap, less often when it is not.

/** A redraw's work (ms, its script plus the browser's style, layout and paint) that still counts as cheap. */
export const FRAME_BUDGET_MS = 8;

/**
 * The longest wait between two redraws (ms). VS Code's own chat redraws a streaming reply every
 * 50 ms; the panel gets there only when its frames run over budget.
 */
export const MAX_INTERVAL_MS = 50;

/** Over budget, the wait after a redraw is this many times its work: the redraws take at most a quarter of the time. */
const SPREAD = 4;

/**
 * Runs a redraw at most once per animation frame, and spaces redraws out while they run over
 * {@link FRAME_BUDGET_MS}: then the wait between two is {@link SPREAD} times the last one's work,
 * up to {@link MAX_INTERVAL_MS}. A faster frame brings the rate back up (halving the wait), so
 * sixty updates a second stays the ceiling, reached whenever the reply is cheap to draw.
 *
 * A redraw's work is measured from its start to the first task after its frame, so it includes
 * the layout and paint it caused, not only its script. While a redraw is due, the element given
 * carries `data-redraw="pending"`, so that a test can wait for the text to be on screen.
 */
export class UpdatePacer {
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Wait (ms) from one redraw's start to the next one's. */
  private interval = 0;
  private lastStart = -Infinity;

  /**
   * @param redraw draws what changed since the last call
   * @param afterFrame runs in the first task after a redraw's frame (work that need not hold up the frame)
   * @param marker the element that carries `data-redraw` while one is due
   */
  constructor(
    private readonly redraw: () => void,
    private readonly afterFrame: () => void,
    private readonly marker: HTMLElement,
  ) {}

  /** The wait (ms) the pacer currently keeps between redraws: 0 at full frame rate. */
  get currentInterval(): number {
    return this.interval;
  }

  /** Asks for a redraw: in the next frame, or once the current wait is over. */
  request(): void {
    if (this.frame !== 0 || this.timer !== undefined) return;
    this.marker.dataset.redraw = 'pending';
    const wait = this.lastStart + this.interval - performance.now();
    if (wait <= 0) {
      this.frame = requestAnimationFrame(this.run);
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.frame = requestAnimationFrame(this.run);
    }, wait);
  }

  private readonly run = (): void => {
    this.frame = 0;
    const start = performance.now();
    this.lastStart = start;
    try {
      this.redraw();
    } finally {
      // A task queued now runs once this frame's style, layout and paint are done.
      setTimeout(() => {
        this.adapt(performance.now() - start);
        this.afterFrame();
        if (this.frame === 0 && this.timer === undefined) delete this.marker.dataset.redraw;
      }, 0);
    }
  };

  private adapt(work: number): void {
    if (work > FRAME_BUDGET_MS) this.interval = Math.min(MAX_INTERVAL_MS, Math.max(this.interval, work * SPREAD));
    else this.interval = this.interval / 2 < 1 ? 0 : this.interval / 2;
  }
}
