/** Helpers for the stream, fault and property tests: in-process replies, fixture checks, a memory store. */
import assert from 'node:assert/strict';
import type { StreamEvent } from '../../src/core/pathorsClient';
import type { KeyValueStore, SessionText } from '../../src/core/ports';
import type { StreamFixture } from '../server/fixtures';
import { last, textOf } from './helpers';

/**
 * A `fetch` answering every call with a real `Response` whose body yields `chunks` one read at
 * a time, so the client's own reading, decoding and parsing run exactly as on the network.
 */
export function replyFetch(chunks: readonly Uint8Array[], headers: Record<string, string>, status = 200): typeof fetch {
  return async (_input, init) => {
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i < chunks.length) controller.enqueue(chunks[i++]);
        else controller.close();
      },
    });
    init?.signal?.addEventListener('abort', () => body.cancel().catch(() => undefined));
    return new Response(body, { status, headers });
  };
}

/** `bytes` cut at the given offsets. */
export function cutAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const sorted = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of sorted) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  out.push(bytes.subarray(prev));
  return out;
}

/** Every byte on its own. */
export function bytewise(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (_b, i) => bytes.subarray(i, i + 1));
}

/** The invariants of any event sequence: typed events only, one terminal event, last, at most one session and finish. */
export function assertWellFormed(events: readonly StreamEvent[], where = ''): void {
  const types = ['session', 'delta', 'toolCalls', 'finish', 'usage', 'warning', 'retry', 'done', 'error'];
  assert.ok(events.length > 0, `no events ${where}`);
  for (const ev of events) assert.ok(types.includes(ev.type), `unknown event ${JSON.stringify(ev)} ${where}`);
  const terminal = events.filter((e) => e.type === 'done' || e.type === 'error');
  assert.equal(terminal.length, 1, `one done or error ${where}`);
  assert.ok(last(events).type === 'done' || last(events).type === 'error', `done or error comes last ${where}`);
  assert.ok(events.filter((e) => e.type === 'session').length <= 1, `one session event at most ${where}`);
  assert.ok(events.filter((e) => e.type === 'finish').length <= 1, `one finish event at most ${where}`);
  assert.ok(events.filter((e) => e.type === 'warning').length <= 1, `one warning at most ${where}`);
  const calls = events.findIndex((e) => e.type === 'toolCalls');
  if (calls >= 0) {
    assert.equal(events.filter((e) => e.type === 'toolCalls').length, 1, `one toolCalls event at most ${where}`);
    assert.ok(['finish', 'done'].includes(events[calls + 1]?.type ?? ''), `the calls come just before the finish ${where}`);
  }
  for (const ev of events) {
    if (ev.type === 'delta') assert.ok(ev.text.length > 0, `empty delta ${where}`);
    if (ev.type === 'error' || ev.type === 'warning') assert.equal(ev.error.name, 'PathorsError');
    if (ev.type === 'usage') assert.ok(Object.values(ev.usage).every((n) => Number.isInteger(n) && n >= 0), `usage ${where}`);
  }
}

/**
 * Checks a fixture's events against what it expects. `headerSession` is the id the server sent
 * in its header (when the fixture has one).
 */
export function assertFixture(f: StreamFixture, events: readonly StreamEvent[], headerSession: string | null, where = ''): void {
  const at = `${f.name}${where ? ` (${where})` : ''}`;
  assertWellFormed(events, at);
  assert.equal(textOf(events), f.expected.text, `text of ${at}`);
  const end = last(events);
  if (f.expected.outcome === 'done') {
    assert.deepEqual(end, { type: 'done' }, `outcome of ${at}`);
  } else {
    assert.ok(end.type === 'error', `outcome of ${at}: ${JSON.stringify(end)}`);
    assert.equal(end.error.kind, f.expected.outcome, `error kind of ${at}`);
    if (f.expected.detail !== undefined) assert.equal(end.error.detail, f.expected.detail, `detail of ${at}`);
  }
  const session = headerSession ?? f.expected.session;
  assert.deepEqual(
    events.filter((e) => e.type === 'session'),
    session ? [{ type: 'session', sessionId: session }] : [],
    `session of ${at}`,
  );
  assert.deepEqual(
    events.filter((e) => e.type === 'finish'),
    f.expected.finish ? [{ type: 'finish', reason: f.expected.finish }] : [],
    `finish of ${at}`,
  );
  assert.equal(events.filter((e) => e.type === 'warning').length, f.expected.warnings ?? 0, `warnings of ${at}`);
  assert.deepEqual(
    events.filter((e) => e.type === 'usage'),
    f.expected.usage ? [{ type: 'usage', usage: f.expected.usage }] : [],
    `usage of ${at}`,
  );
  assert.equal(events.filter((e) => e.type === 'retry').length, 0, `a 200 is never retried (${at})`);
}

/** A real in-memory store; `??` so stored falsy values come back as stored. */
export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    const v = this.data.get(key);
    return v === undefined ? undefined : (structuredClone(v) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, structuredClone(value));
  }
}

/** Session wording that shows what was meant, not how it reads. */
export const plainText: SessionText = {
  error: (err) => ({ message: `error:${err.kind}`, actions: err.kind === 'unauthorized' ? ['setApiKey'] : ['retry'] }),
  finishNotice: (reason) => (reason === 'stop' ? undefined : `finish:${reason}`),
  malformedNotice: () => 'malformed',
  stoppedNotice: () => 'stopped',
  interruptedNotice: () => 'interrupted',
  retryNotice: (seconds, attempt, max) => `retry:${seconds}s:${attempt}/${max}`,
};
