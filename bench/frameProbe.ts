// P1b's measurements, taken in the page: main-thread tasks over 50 ms, and the work of each frame that draws.
import type { Page } from 'playwright-core';

/** What the probe saw while it ran. */
export interface FrameReport {
  /** Durations (ms) of the tasks the browser reported as long (over 50 ms), from the Long Tasks API. */
  longTasks: number[];
  /**
   * Work (ms) of each frame that changed the transcript: from the frame's start (the animation
   * frame's timestamp) to the first task after it, so it holds the panel's update and the
   * browser's style, layout and paint for it.
   */
  frames: number[];
}

/**
 * Starts watching the page's main thread. Page-side code goes in as source text: the test runner's
 * transpiler would wrap named functions in a helper that does not exist in the page.
 */
export async function startProbe(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const probe = { longTasks: [], frames: [], mutated: false, stopped: false };
    window.__probe = probe;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!probe.stopped) probe.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
    new MutationObserver(() => { probe.mutated = true; })
      .observe(document.querySelector('#messages'), { childList: true, subtree: true, characterData: true });
    const tick = (frameStart) => {
      if (probe.stopped) return;
      requestAnimationFrame(tick);
      // A task queued in the frame runs once the frame's rendering is done.
      setTimeout(() => {
        if (!probe.mutated) return;
        probe.mutated = false;
        probe.frames.push(performance.now() - frameStart);
      }, 0);
    };
    requestAnimationFrame(tick);
  })()`);
}

/** Stops the probe and returns what it saw. */
export async function stopProbe(page: Page): Promise<FrameReport> {
  return (await page.evaluate(`(() => {
    const probe = window.__probe;
    probe.stopped = true;
    return { longTasks: probe.longTasks, frames: probe.frames };
  })()`)) as FrameReport;
}

/** The `p`-th percentile (0–100) of `values`, nearest rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
