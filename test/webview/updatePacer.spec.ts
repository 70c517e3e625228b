/**
 * The streaming redraw rate in a real Chromium: once per frame while redraws are cheap, spaced
 * out to at most one per 50 ms while they run over budget, and back to every frame after.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PanelHarness, type Panel } from './harness';
import { FRAME_BUDGET_MS, MAX_INTERVAL_MS } from '../../webview/updatePacer';

interface Run {
  /** Start times (ms) of the redraws. */
  starts: number[];
  /** Animation frames that passed. */
  frames: number;
  /** The pacer's wait between redraws at the end. */
  interval: number;
}

/**
 * Asks for a redraw every 2 ms for `ms`, each redraw busy for `cost` ms (with one pacer for the
 * page, so a run starts where the last one left off). Page-side code as a string: it needs no
 * helpers from the test's bundler.
 */
async function drive(page: Page, cost: number, ms: number): Promise<Run> {
  return (await page.evaluate(`new Promise((resolve) => {
    const marker = document.body;
    const starts = [];
    window.__pacer ??= new UpdatePacer(() => window.__redraw(), () => undefined, marker);
    window.__redraw = () => {
      const t = performance.now();
      starts.push(t);
      while (performance.now() - t < ${cost});
    };
    let frames = 0;
    let counting = true;
    const frame = () => { if (counting) { frames++; requestAnimationFrame(frame); } };
    requestAnimationFrame(frame);
    const asking = setInterval(() => window.__pacer.request(), 2);
    setTimeout(() => {
      clearInterval(asking);
      counting = false;
      // The last redraw's measurement lands in the task after its frame.
      setTimeout(() => resolve({ starts, frames, interval: window.__pacer.currentInterval }), 100);
    }, ${ms});
  })`)) as Run;
}

const gaps = (starts: number[]): number[] => starts.slice(1).map((t, i) => t - starts[i]);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('streaming redraw rate (webview)', function () {
  const harness = new PanelHarness('test/webview/pacerPage.ts');
  let panel: Panel;
  before(() => harness.start());
  after(() => harness.stop());
  beforeEach(async () => (panel = await harness.open()));
  afterEach(() => panel.context.close());

  it('redraws at most once per frame, and every frame while redraws are cheap', async () => {
    const run = await drive(panel.page, 0, 1000);
    assert.ok(run.starts.length <= run.frames + 1, `${run.starts.length} redraws in ${run.frames} frames`);
    assert.ok(run.starts.length >= run.frames * 0.7, `only ${run.starts.length} redraws in ${run.frames} frames`);
    assert.equal(run.interval, 0);
  });

  it('spaces redraws out to one per 50 ms while they run over budget, and speeds up again after', async () => {
    const slow = await drive(panel.page, FRAME_BUDGET_MS * 2.5, 1500);
    assert.equal(slow.interval, MAX_INTERVAL_MS);
    // After the first over-budget redraw, they start about 50 ms apart, not every frame.
    const spaced = gaps(slow.starts).slice(2);
    assert.ok(spaced.length >= 10, `${spaced.length} redraws`);
    assert.ok(Math.min(...spaced) >= MAX_INTERVAL_MS - 2, `redraws ${Math.min(...spaced).toFixed(1)} ms apart`);
    assert.ok(median(spaced) < MAX_INTERVAL_MS + 40, `median gap ${median(spaced).toFixed(1)} ms`);

    const fast = await drive(panel.page, 0, 1000);
    assert.equal(fast.interval, 0, 'cheap redraws bring the rate back up');
    const lastGaps = gaps(fast.starts).slice(-20);
    assert.ok(median(lastGaps) < 25, `still ${median(lastGaps).toFixed(1)} ms apart`);
  });

  it('marks a redraw that is due until it has run', async () => {
    const marks = await panel.page.evaluate(`new Promise((resolve) => {
      const marker = document.createElement('div');
      marker.id = 'marker';
      document.body.append(marker);
      const pacer = new UpdatePacer(() => undefined, () => resolve([before, marker.dataset.redraw ?? null]), marker);
      pacer.request();
      const before = marker.dataset.redraw;
    })`);
    // The mark goes in the task after the redraw's frame, after the after-frame work.
    assert.deepEqual(marks, ['pending', 'pending']);
    assert.equal(await panel.page.evaluate(`new Promise((r) => setTimeout(() => r(document.querySelectorAll('#marker[data-redraw]').length), 50))`), 0);
  });
});
