/**
 * Benchmarks of the panel in headless Chromium, fed through the real message path
 * (ChatSession's coalesced updates → postMessage → the webview bundle).
 *
 * P1: main-thread time to render a streamed reply ÷ one render of its final text, beside the same
 *     stream with drawing switched off (the harness's floor) and drawn the peers' way.
 * P1b: long tasks and per-frame work while the panel streams.
 * P3: updates per second at 5,000 deltas/s, and the delay from the first delta to its appearance.
 * P4: time to interactive after restoring a 1,000-message transcript.
 */
import type { CDPSession, Page } from 'playwright-core';
import { ChatSession, type SessionUpdate } from '../src/core/chatSession';
import type { SessionText } from '../src/core/ports';
import { MemoryTranscript } from '../test/unit/replyHelpers';
import type { HostToWebview, TranscriptEntry } from '../src/protocol';
import { strings } from '../test/webview/fixtures';
import { PanelHarness, settle, waitForReady } from '../test/webview/harness';
import { markdownReply } from './corpus';
import { deltas, pacedFetch } from './streamSource';
import { percentile, startProbe, stopProbe, type FrameReport } from './frameProbe';


const text: SessionText = {
  error: (e) => ({ message: e.kind, actions: [] }),
  finishNotice: () => undefined,
  malformedNotice: () => '',
  stoppedNotice: () => '',
  interruptedNotice: () => '',
  replyCapNotice: (chars) => `cap:${chars}`,
};

export function init(entries: readonly TranscriptEntry[]): HostToWebview {
  return { type: 'init', state: { entries, busyRequestId: null, configProblem: null, strings } };
}

export async function postNow(page: Page, msg: HostToWebview | SessionUpdate): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), msg);
}

/** The page's main-thread time so far, in ms (Chrome's own accounting). */
interface MainThread {
  /** Time in tasks (wall clock, so it grows when the machine is busy with other work too). */
  task: number;
  /** CPU time of the main thread. */
  cpu: number;
  /** Task time spent on DevTools commands: the benchmark's own way of posting messages into the page. */
  devtools: number;
}

async function mainThread(cdp: CDPSession): Promise<MainThread> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const ms = (name: string): number => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: ms('TaskDuration'), cpu: ms('ThreadTime'), devtools: ms('DevToolsCommandDuration') };
}

function since(start: MainThread, end: MainThread): MainThread {
  return { task: end.task - start.task, cpu: end.cpu - start.cpu, devtools: end.devtools - start.devtools };
}

/**
 * Streams `reply` as `deltaSize`-character deltas at `perSecond` through a real ChatSession into the
 * page. Updates that pile up while the page is busy go in together, as VS Code queues messages to a
 * busy webview, so a slow page slows only itself, not the stream.
 */
export async function streamIntoPage(page: Page, reply: string, deltaSize: number, perSecond: number): Promise<{ updates: number; seconds: number }> {
  const session = new ChatSession({ store: new MemoryTranscript(), text, fetch: pacedFetch(deltas(reply, deltaSize), perSecond) });
  const pending: SessionUpdate[] = [];
  let posting: Promise<void> | undefined;
  const pump = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending.splice(0);
      await page.evaluate((ms) => {
        for (const m of ms) window.postMessage(m, '*');
      }, batch);
    }
    posting = undefined;
  };
  let updates = 0;
  session.onUpdate((u) => {
    if (u.type === 'delta') updates++;
    if (u.type === 'reset') return;
    pending.push(u);
    posting ??= pump();
  });
  const t0 = performance.now();
  session.send({ text: 'benchmark' }, { url: 'http://127.0.0.1/bench', apiKey: 'sk_bench' });
  await session.whenIdle();
  while (posting) await posting;
  await settle(page);
  return { updates, seconds: (performance.now() - t0) / 1000 };
}

/** Main-thread time of one streamed render, and how it went. */
interface StreamedRun {
  time: MainThread;
  updates: number;
  /** Characters of the reply on screen at the end. */
  shown: number;
  /** Distance (px) of the list's end from the view's bottom at the end: 0 when it followed the reply. */
  gap: number;
  frames: FrameReport;
}

/** How the streamed reply is drawn: by the panel, by the peers' renderer, or not at all (the harness's own cost). */
type Drawing = 'panel' | 'peers' | 'none';

async function streamed(harness: PanelHarness, reply: string, perSecond: number, drawing: Drawing): Promise<StreamedRun> {
  const panel = await harness.open();
  if (drawing === 'none') {
    // Swallowed before the panel sees them (a listener added before the panel's own, so the page
    // is loaded again): what remains is posting, dispatch and the page's frames.
    await panel.context.addInitScript(`window.addEventListener('message', (e) => {
      if (e.data && (e.data.type === 'delta' || e.data.type === 'update')) e.stopImmediatePropagation();
    })`);
    await panel.page.reload();
    await waitForReady(panel.page);
  }
  const cdp = await panel.context.newCDPSession(panel.page);
  await cdp.send('Performance.enable');
  await postNow(panel.page, init([]));
  await settle(panel.page);
  await startProbe(panel.page);
  const t0 = await mainThread(cdp);
  const { updates } = await streamIntoPage(panel.page, reply, 5, perSecond);
  const time = since(t0, await mainThread(cdp));
  const frames = await stopProbe(panel.page);
  const shown = await panel.page.evaluate(() => document.querySelector('.message[data-role="assistant"] .markdown')?.textContent?.length ?? 0);
  const gap = await panel.page.evaluate(() => {
    const log = document.querySelector('#messages');
    return log ? log.scrollHeight - log.scrollTop - log.clientHeight : Infinity;
  });
  await panel.context.close();
  return { time, updates, shown, gap, frames };
}

export interface P1Result {
  kb: number;
  /** Main-thread task time (ms) of the streamed render and of one render of the final text. */
  streamedMs: number;
  singleMs: number;
  ratio: number;
  /** The same, as main-thread CPU time: steadier on a machine shared with other work. */
  streamedCpuMs: number;
  singleCpuMs: number;
  cpuRatio: number;
  /** Task time of the streamed side spent handling the benchmark's DevTools commands (posting the messages). */
  streamedDevtoolsMs: number;
  updates: number;
  /** The same stream with drawing switched off, ÷ one render: the part of the ratio the harness itself costs. */
  floorRatio: number;
  floorCpuRatio: number;
  /** The peers' renderer (the whole reply every 50 ms) on the same stream, and ours ÷ theirs. */
  peersMs: number;
  oursOverPeers: number;
  oursOverPeersCpu: number;
  /** P1b: tasks over 50 ms while the panel streamed, and the work of its frames. */
  longTasks: number;
  longestTaskMs: number;
  frameP95Ms: number;
  frames: number;
}

/** P1 (and P1b, and the peers' side by side) for one reply size. */
export async function p1(harness: PanelHarness, peers: PanelHarness, kb: number, perSecond = 5000): Promise<P1Result> {
  const reply = markdownReply(kb * 1024);
  // One render of the final text: a fresh page shown the finished reply.
  const single = await harness.open();
  const cdp1 = await single.context.newCDPSession(single.page);
  await cdp1.send('Performance.enable');
  await postNow(single.page, init([]));
  await settle(single.page);
  const s0 = await mainThread(cdp1);
  await postNow(single.page, { type: 'append', entry: { id: 'a', role: 'assistant', text: reply } });
  await settle(single.page);
  const one = since(s0, await mainThread(cdp1));
  await single.context.close();

  const ours = await streamed(harness, reply, perSecond, 'panel');
  const floor = await streamed(harness, reply, perSecond, 'none');
  const theirs = await streamed(peers, reply, perSecond, 'peers');
  for (const [name, run] of [['panel', ours], ['peers', theirs]] as const) {
    if (run.shown < reply.length * 0.5) throw new Error(`P1: the ${name}' streamed reply did not render (${run.shown} characters shown)`);
    // A panel that stopped scrolling would have skipped drawing the reply.
    if (run.gap > 1) throw new Error(`P1: the ${name} stopped following the streamed reply (${run.gap}px from its end)`);
  }
  if (floor.shown > 0) throw new Error('P1: the no-draw run drew the reply');
  return {
    kb,
    streamedMs: ours.time.task,
    singleMs: one.task,
    ratio: ours.time.task / one.task,
    streamedCpuMs: ours.time.cpu,
    singleCpuMs: one.cpu,
    cpuRatio: ours.time.cpu / one.cpu,
    streamedDevtoolsMs: ours.time.devtools,
    updates: ours.updates,
    floorRatio: floor.time.task / one.task,
    floorCpuRatio: floor.time.cpu / one.cpu,
    peersMs: theirs.time.task,
    oursOverPeers: ours.time.task / theirs.time.task,
    oursOverPeersCpu: ours.time.cpu / theirs.time.cpu,
    longTasks: ours.frames.longTasks.length,
    longestTaskMs: Math.max(0, ...ours.frames.longTasks),
    frameP95Ms: percentile(ours.frames.frames, 95),
    frames: ours.frames.frames.length,
  };
}

export interface P3Result { deltasPerSecond: number; updatesPerSecond: number; maxUpdatesInOneSecond: number; hostFirstDeltaMs: number; panelFirstDeltaMs: number }

/** P3: 5,000 deltas/s for two seconds. */
export async function p3(harness: PanelHarness, perSecond = 5000, seconds = 2): Promise<P3Result> {
  const parts = Array.from({ length: perSecond * seconds }, (_, i) => `w${i % 10}rd `);
  let firstArrived = 0;
  let firstEmitted = 0;
  const times: number[] = [];
  const panel = await harness.open();
  await postNow(panel.page, init([]));
  await settle(panel.page);
  // In the page: time from the first delta message to the frame that shows its text.
  // Page-side code goes in as source text: the test runner's transpiler would wrap named
  // functions in a helper that does not exist in the page.
  await panel.page.evaluate(`(() => {
    window.addEventListener('message', (e) => {
      if (!e.data || e.data.type !== 'delta' || window.__firstShownMs !== undefined) return;
      const t = performance.now();
      window.__firstShownMs = -1;
      const check = () => {
        const shown = document.querySelector('.message[data-role="assistant"]');
        if (shown && shown.textContent.includes('w0rd')) window.__firstShownMs = performance.now() - t;
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  })()`);
  const session = new ChatSession({ store: new MemoryTranscript(), text, fetch: pacedFetch(parts, perSecond, (t) => (firstArrived = t)) });
  let chain = Promise.resolve();
  session.onUpdate((u) => {
    if (u.type === 'delta') {
      times.push(performance.now());
      if (!firstEmitted) firstEmitted = performance.now();
    }
    if (u.type !== 'reset') chain = chain.then(() => postNow(panel.page, u));
  });
  const t0 = performance.now();
  session.send({ text: 'benchmark' }, { url: 'http://127.0.0.1/bench', apiKey: 'sk_bench' });
  await session.whenIdle();
  const elapsed = (performance.now() - t0) / 1000;
  await chain;
  await settle(panel.page);
  const panelFirstDeltaMs = Number(await panel.page.evaluate('window.__firstShownMs'));
  await panel.context.close();
  let maxInWindow = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1000) j++;
    maxInWindow = Math.max(maxInWindow, i - j + 1);
  }
  return {
    deltasPerSecond: parts.length / elapsed,
    updatesPerSecond: times.length / elapsed,
    maxUpdatesInOneSecond: maxInWindow,
    hostFirstDeltaMs: firstEmitted - firstArrived,
    panelFirstDeltaMs,
  };
}

/** A transcript of `n` messages alternating questions and markdown answers. */
export function transcript(n: number): TranscriptEntry[] {
  const answer = markdownReply(1200);
  return Array.from({ length: n }, (_, i): TranscriptEntry =>
    i % 2 === 0 ? { id: `u${i}`, role: 'user', text: `Question ${i / 2 + 1}: how does the session work?` } : { id: `a${i}`, role: 'assistant', text: answer },
  );
}

export interface P4Result { messages: number; interactiveMs: number }

/** P4: from the `init` message to the first moment the main thread is free after drawing the transcript. */
export async function p4(harness: PanelHarness, n = 1000): Promise<P4Result> {
  const panel = await harness.open();
  const entries = transcript(n);
  const interactiveMs = Number(
    await panel.page.evaluate(`new Promise((resolve) => {
      const msg = ${JSON.stringify(init(entries))};
      const t0 = performance.now();
      window.postMessage(msg, '*');
      const wait = () => {
        if (document.querySelectorAll('.message').length < msg.state.entries.length) return setTimeout(wait, 0);
        // Drawn: the next frame, then the first task after it, is when input gets handled.
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
      };
      setTimeout(wait, 0);
    })`),
  );
  await panel.context.close();
  return { messages: n, interactiveMs };
}
