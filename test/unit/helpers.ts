/** Shared helpers for the plain-Node unit tests. */
import { streamChat, type ChatRequest, type StreamEvent } from '../../src/core/pathorsClient';

/** A small seeded PRNG (mulberry32), so a failing random split can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits bytes at random positions (possibly inside a UTF-8 character or a CRLF pair). */
export function randomSplit(bytes: Uint8Array, random: () => number, maxPieces = 40): Uint8Array[] {
  const cuts = new Set<number>();
  const n = 1 + Math.floor(random() * maxPieces);
  for (let i = 0; i < n; i++) cuts.add(1 + Math.floor(random() * (bytes.length - 1)));
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of sorted) {
    out.push(bytes.slice(prev, c));
    prev = c;
  }
  out.push(bytes.slice(prev));
  return out;
}

/** Runs a request to the end and collects its events. */
export async function collect(req: ChatRequest): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const ev of streamChat(req)) events.push(ev);
  return events;
}

/** The concatenated text of the delta events. */
export function textOf(events: readonly StreamEvent[]): string {
  return events.map((e) => (e.type === 'delta' ? e.text : '')).join('');
}

/** The last event, which is always `done` or `error`. */
export function last(events: readonly StreamEvent[]): StreamEvent {
  const ev = events.at(-1);
  if (!ev) throw new Error('no events');
  return ev;
}

/** One OpenAI-style chunk as an SSE event. */
export function sseChunk(content: string | null, extra: Record<string, unknown> = {}, finish: string | null = null): string {
  const chunk = {
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'pathway-default',
    choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
    ...extra,
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}
