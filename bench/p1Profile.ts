/**
 * Where P1's main-thread time goes: traces one streamed render and one render of the final text
 * in Chromium and prints the renderer main thread's CPU time per trace event (script, style,
 * layout, paint, …), in all and in the first and last quarter of the run (what grows with the
 * reply), so that a change can be aimed at what actually costs.
 *
 *   tsx bench/p1Profile.ts [KB]        (default 200)
 *
 * Environment:
 *   P1_PROFILE_FIXED=420        instead of the paced stream, one 420-character delta per frame,
 *                               posted from inside the page: repeatable on a busy machine
 *   P1_PROFILE_JS=1             a sampled JavaScript profile by function instead of the trace
 *                               (P1_PROFILE_INCLUSIVE=1: time including callees)
 *   P1_PROFILE_PARENTS=<event>  also shows which events that one ran inside
 *   P1_PROFILE_TOP=<n>          rows to print (25)
 *   P1_PROFILE_CATEGORIES=…     trace categories
 */
import type { Browser, Page } from 'playwright-core';
import { PanelHarness, settle } from '../test/webview/harness';
import { markdownReply } from './corpus';
import { init, postNow, streamIntoPage } from './panel';

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string } }

const CATEGORIES = process.env.P1_PROFILE_CATEGORIES ?? [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'v8', 'toplevel',
  'disabled-by-default-devtools.timeline.frame',
].join(',');

/** Main-thread busy time (ms) in each quarter of the traced span: flat when each frame costs the same. */
let quarters: number[] = [];
/** With P1_PROFILE_PARENTS=<event name>: that event's time by the events it ran inside. */
export const parents = new Map<string, number>();
/** Self time (ms) per event name in the first and in the last quarter: what grows as the reply does. */
export let firstQuarter = new Map<string, number>();
export let lastQuarter = new Map<string, number>();

/** Self time (ms) per event name on the renderer's main thread. */
export function selfTimes(events: TraceEvent[]): Map<string, number> {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('no renderer main thread in the trace');
  const spans = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const first = spans[0]?.ts ?? 0;
  const span = Math.max(1, spans.reduce((end, e) => Math.max(end, e.ts + (e.dur ?? 0)), first) - first);
  quarters = [0, 0, 0, 0];
  firstQuarter = new Map();
  lastQuarter = new Map();
  const quarterOf = (ts: number): number => Math.min(3, Math.floor((4 * (ts - first)) / span));
  const add = (map: Map<string, number>, name: string, ms: number): void => {
    map.set(name, (map.get(name) ?? 0) + ms);
  };
  const stack: Array<{ end: number; name: string }> = [];
  for (const e of spans) {
    while (stack.length && stack.at(-1)!.end <= e.ts) stack.pop();
    // Thread (CPU) time where the trace has it: other work on the machine does not count.
    const dur = e.tdur ?? e.dur ?? 0;
    const parent = stack.at(-1);
    if (!parent) quarters[Math.min(3, Math.floor((4 * (e.ts - first)) / span))] += dur / 1000;
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - dur / 1000);
    self.set(e.name, (self.get(e.name) ?? 0) + dur / 1000);
    const q = quarterOf(e.ts);
    for (const [map, wanted] of [[firstQuarter, 0], [lastQuarter, 3]] as const) {
      if (q !== wanted) continue;
      if (parent) add(map, parent.name, -dur / 1000);
      add(map, e.name, dur / 1000);
    }
    if (e.name === process.env.P1_PROFILE_PARENTS) {
      const chain = stack.slice(-3).map((f) => f.name).join(' > ');
      parents.set(chain, (parents.get(chain) ?? 0) + dur / 1000);
    }
    stack.push({ end: e.ts + (e.dur ?? 0), name: e.name });
  }
  return self;
}

export async function traced(browser: Browser, page: Page, run: () => Promise<void>): Promise<Map<string, number>> {
  await browser.startTracing(page, { categories: CATEGORIES.split(',') });
  await run();
  const buffer = await browser.stopTracing();
  const parsed = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  return selfTimes(Array.isArray(parsed) ? parsed : parsed.traceEvents);
}

export function print(title: string, times: Map<string, number>): void {
  const total = [...times.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${title}: ${total.toFixed(0)} ms of traced main-thread time; by quarter ${quarters.map((q) => q.toFixed(0)).join(' / ')} ms`);
  console.log('  total ms     share  first quarter  last quarter  event');
  for (const [name, ms] of [...times].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.P1_PROFILE_TOP ?? 25))) {
    const q1 = (firstQuarter.get(name) ?? 0).toFixed(1).padStart(13);
    const q4 = (lastQuarter.get(name) ?? 0).toFixed(1).padStart(12);
    console.log(`  ${ms.toFixed(1).padStart(9)}  ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${q1}  ${q4}  ${name}`);
  }
  for (const [chain, ms] of [...parents].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    console.log(`  ${process.env.P1_PROFILE_PARENTS} inside ${chain}: ${ms.toFixed(1)} ms`);
  }
  parents.clear();
}

/**
 * A repeatable stand-in for the paced stream, to compare changes on a busy machine: the reply in
 * `size`-character deltas (what ~83 coalesced 5-byte deltas make), one per animation frame, posted
 * from inside the page (the harness's own overhead left out).
 */
async function fixedFrames(page: Page, reply: string, size: number): Promise<void> {
  await page.evaluate(`(async () => {
    window.postMessage({ type: 'busy', requestId: 'r' }, '*');
    window.postMessage({ type: 'append', entry: { id: 'a', role: 'assistant', text: '', streaming: true } }, '*');
    const text = ${JSON.stringify(reply)};
    for (let i = 0; i < text.length; i += ${size}) {
      window.postMessage({ type: 'delta', requestId: 'r', entryId: 'a', text: text.slice(i, i + ${size}) }, '*');
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
    window.postMessage({ type: 'update', entry: { id: 'a', role: 'assistant', text } }, '*');
    window.postMessage({ type: 'busy', requestId: null }, '*');
  })()`);
  await settle(page);
}

async function main(): Promise<void> {
  const kb = Number(process.argv[2] ?? 200);
  const reply = markdownReply(kb * 1024);
  const harness = new PanelHarness();
  await harness.start();
  const browser = (harness as unknown as { browser: Browser }).browser;
  try {
    const single = await harness.open();
    await postNow(single.page, init([]));
    await settle(single.page);
    print(`${kb} KB, one render`, await traced(browser, single.page, async () => {
      await postNow(single.page, { type: 'append', entry: { id: 'a', role: 'assistant', text: reply } });
      await settle(single.page);
    }));
    await single.context.close();

    const streamed = await harness.open();
    await postNow(streamed.page, init([]));
    await settle(streamed.page);
    const stream = async () => {
      if (process.env.P1_PROFILE_FIXED) await fixedFrames(streamed.page, reply, Number(process.env.P1_PROFILE_FIXED));
      else await streamIntoPage(streamed.page, reply, 5, 5000);
    };
    if (process.env.P1_PROFILE_JS) print(`${kb} KB, streamed, JavaScript by function`, await jsProfile(streamed.page, stream));
    else print(`${kb} KB, streamed`, await traced(browser, streamed.page, stream));
    await streamed.context.close();
  } finally {
    await harness.stop();
  }
}

if (require.main === module) main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount?: number; children?: number[] }

/** JavaScript self time (ms) per function, from a CPU profile of `run` (sampled). */
export async function jsProfile(page: Page, run: () => Promise<void>): Promise<Map<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await run();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (f: ProfileNode['callFrame']): string => `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
  // With P1_PROFILE_INCLUSIVE, each function counts every sample it is on the stack of (once).
  const inclusive = Boolean(process.env.P1_PROFILE_INCLUSIVE);
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = inclusive ? parent.get(n) : undefined) {
      const f = byId.get(n)?.callFrame;
      if (!f) break;
      const key = name(f);
      if (seen.has(key)) continue;
      seen.add(key);
      self.set(key, (self.get(key) ?? 0) + ms);
    }
  });
  await cdp.detach();
  return self;
}
