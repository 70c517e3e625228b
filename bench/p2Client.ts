/**
 * P2: throughput of the client's parse-and-relay path (streamChat → ChatSession's coalescing →
 * a listener that does nothing) on a 20 MB stream from the local server, divided by the
 * throughput of the least a client can do with the same bytes in the same run: fetch,
 * eventsource-parser and JSON.parse. Target: at least 0.9.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { createParser } from 'eventsource-parser';
import { ChatSession } from '../src/core/chatSession';
import type { SessionText } from '../src/core/ports';
import type { TranscriptStore } from '../src/core/transcriptStore';
import type { Benchmark, BenchResult } from './types';
import { summarize } from './types';
import type { FromServer, ToServer } from './p2Server';
import { buildStream } from './p2Stream';

/** Reads of 64 KiB, as the server writes them. */
const WRITE_BYTES = 64 * 1024;

/** Measured runs of each path, alternating, after one warm-up of each. */
const RUNS = 9;
const TARGET = 0.9;

/** A store that keeps nothing: persistence is not what P2 measures. */
const nullStore: TranscriptStore = { load: () => ({ entries: [] }), save: async () => undefined };
const text: SessionText = {
  error: (e) => ({ message: e.kind, actions: [] }),
  finishNotice: () => undefined,
  malformedNotice: () => 'malformed',
  stoppedNotice: () => 'stopped',
  interruptedNotice: () => 'interrupted',
  replyCapNotice: (chars) => `cap:${chars}`,
};

interface Served {
  readonly url: string;
  readonly apiKey: string;
  readonly bytes: number;
  readonly textChars: number;
  readonly events: number;
}

/** The server process and a way to queue the stream for the next request. */
class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly served: Served,
  ) {}

  static start(): Promise<ServerProcess> {
    const child = fork(path.join(__dirname, 'p2Server.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the server process exited (${code})`)));
      child.once('message', (m: FromServer) => {
        if (m.type === 'ready') resolve(new ServerProcess(child, m));
      });
    });
  }

  /** Queues the 20 MB stream for the next request. */
  play(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('message', () => resolve());
      this.child.send({ type: 'play' } satisfies ToServer);
    });
  }

  stop(): void {
    this.child.removeAllListeners('exit');
    if (this.child.connected) this.child.send({ type: 'stop' } satisfies ToServer);
    setTimeout(() => this.child.kill(), 2000).unref();
  }
}

/** The extension's path: a ChatSession streaming into a listener that does nothing. */
async function clientRun(s: Served, fetchImpl?: typeof fetch): Promise<number> {
  const session = new ChatSession({ store: nullStore, text, retry: { maxRetries: 0 }, fetch: fetchImpl });
  session.onUpdate(() => undefined);
  const t0 = performance.now();
  session.send({ text: 'benchmark' }, { url: s.url, apiKey: s.apiKey });
  await session.whenIdle();
  const ms = performance.now() - t0;
  const reply = session.transcript[1];
  if (reply?.role !== 'assistant' || reply.text.length !== s.textChars || reply.incomplete) {
    throw new Error(`the client's reply is wrong: ${reply?.role} with ${reply?.text.length} of ${s.textChars} characters`);
  }
  return ms;
}

/**
 * The baseline: fetch, eventsource-parser and JSON.parse, nothing else. With `keep`, it also
 * keeps the reply text as the session must (joined once per read), which shows how much of
 * the difference is the transcript itself.
 */
async function baselineRun(s: Served, fetchImpl: typeof fetch = fetch, keep = false): Promise<number> {
  const t0 = performance.now();
  const res = await fetchImpl(s.url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${s.apiKey}`, 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'benchmark' }], stream: true }),
  });
  if (!res.body) throw new Error('no body');
  let chars = 0;
  let kept = '';
  let parts: string[] = [];
  const parser = createParser({
    onEvent: (ev) => {
      if (ev.data === '[DONE]') return;
      const chunk = JSON.parse(ev.data) as { choices: Array<{ delta: { content?: string } }> };
      const content = chunk.choices[0]?.delta.content;
      chars += content?.length ?? 0;
      if (keep && content) parts.push(content);
    },
  });
  const decoder = new TextDecoder();
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
    if (keep) {
      kept += parts.join('');
      parts = [];
    }
  }
  if (keep && kept.length !== s.textChars) throw new Error(`the baseline kept ${kept.length} of ${s.textChars} characters`);
  const ms = performance.now() - t0;
  if (chars !== s.textChars) throw new Error(`the baseline read ${chars} of ${s.textChars} characters`);
  return ms;
}

/** The same bytes from memory, as a real Response: the parse-and-relay work alone, without the socket. */
function memoryFetch(body: Buffer): typeof fetch {
  return async () => {
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= body.length) return controller.close();
        controller.enqueue(body.subarray(at, at + WRITE_BYTES));
        at += WRITE_BYTES;
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'x-session-id': 'session-bench' } });
  };
}

/** Paired runs of both paths in alternating order, so drift in the machine's speed falls on both alike. */
async function pairs(
  runs: number,
  baseline: () => Promise<number>,
  client: () => Promise<number>,
  before: () => Promise<void> = async () => undefined,
): Promise<{ baseline: number[]; client: number[] }> {
  const out = { baseline: [] as number[], client: [] as number[] };
  for (let i = -1; i < runs; i++) {
    const order = i % 2 === 0 ? (['baseline', 'client'] as const) : (['client', 'baseline'] as const);
    const ms: Record<string, number> = {};
    for (const path of order) {
      await before();
      ms[path] = await (path === 'baseline' ? baseline() : client());
    }
    if (i < 0) continue; // warm-up
    out.baseline.push(ms.baseline);
    out.client.push(ms.client);
  }
  return out;
}

export const p2Client: Benchmark = {
  id: 'P2',
  title: 'Client parse-and-relay throughput ÷ raw fetch + eventsource-parser + JSON.parse (20 MB local stream)',
  async run(): Promise<BenchResult> {
    const server = await ServerProcess.start();
    try {
      const s = server.served;
      const mb = s.bytes / (1024 * 1024);
      const net = await pairs(RUNS, () => baselineRun(s), () => clientRun(s), () => server.play());
      const { body } = buildStream();
      const mem = await pairs(RUNS, () => baselineRun(s, memoryFetch(body)), () => clientRun(s, memoryFetch(body)));
      const memKeep = await pairs(RUNS, () => baselineRun(s, memoryFetch(body), true), () => clientRun(s, memoryFetch(body)));
      const throughput = (ms: number[]) => ms.map((t) => mb / (t / 1000));
      const paired = (p: { baseline: number[]; client: number[] }) => p.baseline.map((b, i) => b / p.client[i]);
      const client = throughput(net.client);
      const baseline = throughput(net.baseline);
      // The verdict is the median of the paired ratios: each pair ran back to back, so a busy
      // moment on the machine slows both; best ÷ best is shown too, as the unloaded estimate.
      const ratio = summarize(paired(net));
      const best = Math.max(...client) / Math.max(...baseline);
      return {
        id: 'P2',
        title: p2Client.title,
        metrics: [
          { name: 'client', unit: 'MB/s', ...summarize(client) },
          { name: 'baseline', unit: 'MB/s', ...summarize(baseline) },
          { name: 'ratio (best ÷ best)', unit: '×', ...summarize([best]) },
          { name: 'in memory: client', unit: 'MB/s', ...summarize(throughput(mem.client)) },
          { name: 'in memory: baseline', unit: 'MB/s', ...summarize(throughput(mem.baseline)) },
          { name: 'in memory: ratio', unit: '×', ...summarize(paired(mem)) },
          { name: 'in memory: ratio to a baseline keeping the text', unit: '×', ...summarize(paired(memKeep)) },
          { name: 'ratio (paired runs)', unit: '×', ...ratio },
        ],
        target: `paired median ≥ ${TARGET}`,
        met: ratio.median >= TARGET,
        notes:
          `${mb.toFixed(1)} MB, ${s.events} events, ${s.textChars} characters of text; ${RUNS} runs of each after a warm-up, ` +
          `in alternating order; the server in its own process. "In memory" feeds the same bytes from a Response without ` +
          `a socket. Load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end.`,
      };
    } finally {
      server.stop();
    }
  },
};
