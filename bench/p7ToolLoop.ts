/**
 * P7: the tool loop's own cost per step against the local server. A turn of 10 steps (9 replies
 * that call a tool that answers at once, then an answer) is timed through `runToolLoop`, and through
 * a sidebar conversation (ChatSession with its transcript entries); each is divided by its steps and
 * compared with the same requests made one by one with `streamChat` alone, in CPU time of
 * the process. The difference is what
 * the loop adds to a step: assembling the calls, running the tool, building the next request, and
 * (sidebar) the entries and their updates. Target: at most 2 ms per step.
 */
import { ChatSession } from '../src/core/chatSession';
import { streamChat } from '../src/core/pathorsClient';
import type { SessionText } from '../src/core/ports';
import type { ChatMessage } from '../src/core/streamEvents';
import { runToolLoop, type Tool } from '../src/core/toolLoop';
import type { TranscriptStore } from '../src/core/transcriptStore';
import { PathorsServer, type ScriptedReply } from '../test/server/pathorsServer';
import type { Benchmark, BenchResult } from './types';
import { summarize } from './types';

const STEPS = 10;
/** Turns per measured run, so one run is long enough to time. */
const TURNS = 10;
const RUNS = Number(process.env.PATHORS_BENCH_RUNS ?? 3);
const TARGET_MS = 2;

const echo: Tool = {
  readOnly: true,
  definition: { type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } },
  invoke: async (args) => `contents of ${String(args.path)}`,
};

const text: SessionText = {
  error: (e) => ({ message: e.kind, actions: [] }),
  finishNotice: () => undefined,
  malformedNotice: () => 'malformed',
  stoppedNotice: () => 'stopped',
  interruptedNotice: () => 'interrupted',
  replyCapNotice: (chars) => `cap:${chars}`,
};
const nullStore = (): TranscriptStore => ({ load: () => ({ entries: [] }), save: async () => undefined });

/**
 * CPU time of this process (client and server both), in ms. Wall time on a machine shared with
 * other work measures the others; the server's share is the same on both sides of the difference.
 */
function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** One turn's replies: calls, then the answer. */
function script(server: PathorsServer): void {
  const calls: ScriptedReply[] = Array.from({ length: STEPS - 1 }, (_, i) => ({
    toolCalls: [{ name: 'read_file', arguments: `{"path":"src/file${i}.ts"}` }],
  }));
  server.enqueue(...calls, { text: 'The files say what they say. '.repeat(8) });
}

/** The same requests, one by one, with only the client: the floor a step cannot go under. */
async function plainTurn(server: PathorsServer): Promise<number> {
  script(server);
  let sessionId: string | undefined;
  const t0 = cpuNow();
  for (let step = 0; step < STEPS; step++) {
    const messages: ChatMessage[] = step === 0 ? [{ role: 'user', content: 'read them' }] : [{ role: 'tool', tool_call_id: `call_${step}`, content: 'contents' }];
    for await (const ev of streamChat({ url: server.endpointUrl(), apiKey: server.apiKey, sessionId, messages, tools: [echo.definition], signal: new AbortController().signal, retry: { maxRetries: 0 } })) {
      if (ev.type === 'session') sessionId = ev.sessionId;
      if (ev.type === 'error') throw ev.error;
    }
  }
  return cpuNow() - t0;
}

async function loopTurn(server: PathorsServer): Promise<number> {
  script(server);
  const t0 = cpuNow();
  const result = await runToolLoop({
    request: { url: server.endpointUrl(), apiKey: server.apiKey, messages: [{ role: 'user', content: 'read them' }], retry: { maxRetries: 0 } },
    wholeTranscript: false,
    tools: [echo],
    approve: async () => ({ allowed: true }),
    signal: new AbortController().signal,
    maxSteps: STEPS,
  });
  const ms = cpuNow() - t0;
  if (result.end !== 'answered' || result.steps !== STEPS) throw new Error(`the loop ended ${result.end} after ${result.steps} steps`);
  return ms;
}

async function sidebarTurn(server: PathorsServer): Promise<number> {
  script(server);
  const session = new ChatSession({ store: nullStore(), text, retry: { maxRetries: 0 } });
  session.onUpdate(() => undefined);
  const t0 = cpuNow();
  session.send({ text: 'read them' }, { url: server.endpointUrl(), apiKey: server.apiKey, agent: { tools: [echo], maxSteps: STEPS } });
  await session.whenIdle();
  const ms = cpuNow() - t0;
  const calls = session.transcript.filter((e) => e.tool?.status === 'ok').length;
  if (calls !== STEPS - 1) throw new Error(`the sidebar turn ran ${calls} of ${STEPS - 1} calls`);
  return ms;
}

/** Milliseconds per step over {@link TURNS} turns. */
async function perStep(server: PathorsServer, turn: (s: PathorsServer) => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < TURNS; i++) total += await turn(server);
  return total / (TURNS * STEPS);
}

export const p7ToolLoop: Benchmark = {
  id: 'P7',
  title: 'tool loop: its own cost per step against the local server',
  async run(): Promise<BenchResult> {
    const server = await PathorsServer.start({ paceMs: 0 });
    try {
      // Warm-up: the first requests pay for connections and compilation.
      await perStep(server, plainTurn);
      await perStep(server, loopTurn);
      await perStep(server, sidebarTurn);
      const plain: number[] = [];
      const loop: number[] = [];
      const sidebar: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        plain.push(await perStep(server, plainTurn));
        loop.push(await perStep(server, loopTurn));
        sidebar.push(await perStep(server, sidebarTurn));
      }
      const overhead = loop.map((ms, i) => ms - plain[i]);
      const sidebarOverhead = sidebar.map((ms, i) => ms - plain[i]);
      const metric = (name: string, values: number[]) => ({ name, unit: 'CPU ms/step', ...summarize(values) });
      const worst = Math.max(summarize(overhead).median, summarize(sidebarOverhead).median);
      return {
        id: 'P7',
        title: this.title,
        metrics: [
          metric('request alone (streamChat)', plain),
          metric('runToolLoop step', loop),
          metric('sidebar turn step', sidebar),
          metric('runToolLoop overhead', overhead),
          metric('sidebar overhead', sidebarOverhead),
        ],
        target: `overhead median ≤ ${TARGET_MS} CPU ms/step`,
        met: worst <= TARGET_MS,
        notes: `${STEPS} steps a turn (${STEPS - 1} tool calls), ${TURNS} turns a run, ${RUNS} runs; the server runs in the same process.`,
      };
    } finally {
      await server.close();
    }
  },
};
