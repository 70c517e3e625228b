/** P1, P3 and P4 (bench/panel.ts) as runner modules: several runs each, min/median/max. */
import { PanelHarness } from '../test/webview/harness';
import { p1, p3, p4 } from './panel';
import { summarize, type BenchResult, type Benchmark, type Metric } from './types';

const RUNS = Number(process.env.PATHORS_BENCH_RUNS ?? 3);
/** P1's reply sizes in KB; PATHORS_BENCH_P1_KB=200 (or `20,200`) measures only those. */
const P1_SIZES = (process.env.PATHORS_BENCH_P1_KB ?? '20,200,1024').split(',').map(Number);

function metric(name: string, unit: string, values: number[]): Metric {
  return { name, unit, ...summarize(values) };
}

async function withHarness<T>(fn: (h: PanelHarness) => Promise<T>): Promise<T> {
  const harness = new PanelHarness();
  await harness.start();
  try {
    return await fn(harness);
  } finally {
    await harness.stop();
  }
}

export const p1Render: Benchmark = {
  id: 'P1',
  title: 'streamed render ÷ one render of the final text (5-byte deltas at 5,000/s through ChatSession)',
  run: () =>
    withHarness(async (h): Promise<BenchResult> => {
      const metrics: Metric[] = [];
      let ratio200: number[] = [];
      // One untimed run first: the browser's and the page's first-use costs are not the renderer's.
      await p1(h, 20);
      for (const kb of P1_SIZES) {
        const results = [];
        for (let i = 0; i < RUNS; i++) results.push(await p1(h, kb));
        const ratios = results.map((r) => r.ratio);
        if (kb === 200) ratio200 = ratios;
        metrics.push(metric(`${kb} KB streamed`, 'ms', results.map((r) => r.streamedMs)));
        metrics.push(metric(`${kb} KB  streamed per KB`, 'ms', results.map((r) => r.streamedMs / kb)));
        metrics.push(metric(`${kb} KB one render`, 'ms', results.map((r) => r.singleMs)));
        metrics.push(metric(`${kb} KB  of which posting`, 'ms', results.map((r) => r.streamedDevtoolsMs)));
        metrics.push(metric(`${kb} KB ratio (CPU time)`, '×', results.map((r) => r.cpuRatio)));
        metrics.push(metric(`${kb} KB ratio`, '×', ratios));
      }
      const median = summarize(ratio200).median;
      return {
        id: 'P1',
        title: p1Render.title,
        metrics,
        target: '200 KB ratio median ≤ 2.0',
        met: median <= 2,
        notes:
          'Times are main-thread task time (CPU time for the "CPU time" ratio). "of which posting" is the streamed side\'s time in ' +
          'the DevTools commands that post each host message into the page, the harness\'s stand-in for VS Code\'s postMessage.',
      };
    }),
};

export const p3Coalesce: Benchmark = {
  id: 'P3',
  title: 'updates to the panel at 5,000 deltas/s, and first-delta delay',
  run: () =>
    withHarness(async (h): Promise<BenchResult> => {
      const results = [];
      for (let i = 0; i < RUNS; i++) results.push(await p3(h));
      const max = summarize(results.map((r) => r.maxUpdatesInOneSecond));
      const first = summarize(results.map((r) => r.hostFirstDeltaMs + r.panelFirstDeltaMs));
      return {
        id: 'P3',
        title: p3Coalesce.title,
        metrics: [
          metric('deltas per second fed', '/s', results.map((r) => r.deltasPerSecond)),
          metric('updates per second', '/s', results.map((r) => r.updatesPerSecond)),
          metric('most updates in any 1 s', '/s', results.map((r) => r.maxUpdatesInOneSecond)),
          metric('first delta: host', 'ms', results.map((r) => r.hostFirstDeltaMs)),
          metric('first delta: panel to frame', 'ms', results.map((r) => r.panelFirstDeltaMs)),
        ],
        target: '≤ 60 updates/s; first delta shown within one frame (≈16.7 ms) of reaching the panel',
        met: max.max <= 60 && first.median <= 34,
        notes: 'The panel figure runs from the delta message to the animation frame that shows its text, so one frame is its floor.',
      };
    }),
};

export const p4Restore: Benchmark = {
  id: 'P4',
  title: 'time to interactive after restoring a 1,000-message transcript',
  run: () =>
    withHarness(async (h): Promise<BenchResult> => {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push((await p4(h)).interactiveMs);
      return { id: 'P4', title: p4Restore.title, metrics: [metric('1,000 messages', 'ms', runs)], target: 'median ≤ 300 ms', met: summarize(runs).median <= 300 };
    }),
};
