/** Helpers for the stream, fault and property tests: in-process replies, fixture checks, a memory store. */
import assert from 'node:assert/strict';
import type { StreamEvent } from '../../src/core/pathorsClient';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KeyValueStore, SessionText } from '../../src/core/ports';
import type { StoredTranscript, TranscriptStore } from '../../src/core/transcriptStore';
import type { TranscriptEntry } from '../../src/protocol';
import { FileConversationStore } from '../../src/core/fileConversationStore';
import type { StreamFixture } from '../server/fixtures';
import { rng } from './helpers';
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
  keys(): readonly string[] {
    return [...this.data.keys()];
  }
}

/** A real in-memory transcript store: what one session saved, the next one made with it reads back. */
export class MemoryTranscript implements TranscriptStore {
  saved: StoredTranscript = { entries: [] };
  load(): StoredTranscript {
    return structuredClone(this.saved);
  }
  async save(entries: readonly TranscriptEntry[], sessionId: string | undefined): Promise<void> {
    this.saved = structuredClone(sessionId === undefined ? { entries } : { entries, sessionId });
  }
  /** The entries as last saved. */
  get entries(): TranscriptEntry[] {
    return structuredClone(this.saved.entries) as TranscriptEntry[];
  }
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathors-store-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A conversation store on a real folder (which the caller removes), with the window's state in memory. */
export function fileStore(dir: string, state: KeyValueStore = new MemoryStore()): FileConversationStore {
  return new FileConversationStore(path.join(dir, 'conversations'), state);
}

/** Session wording that shows what was meant, not how it reads. */
export const plainText: SessionText = {
  error: (err) => ({ message: `error:${err.kind}`, actions: err.kind === 'unauthorized' ? ['setApiKey'] : ['retry'] }),
  finishNotice: (reason) => (reason === 'stop' ? undefined : `finish:${reason}`),
  malformedNotice: () => 'malformed',
  stoppedNotice: () => 'stopped',
  interruptedNotice: () => 'interrupted',
  replyCapNotice: (chars) => `cap:${chars}`,
  retryNotice: (seconds, attempt, max) => `retry:${seconds}s:${attempt}/${max}`,
};

/**
 * Plays a seeded random run of the changes a session makes to its transcript (turns added, a reply
 * growing, notes set, entries removed, the session id changing), saving after each one.
 */
export async function rngOps(
  seed: number,
  save: (entries: readonly TranscriptEntry[], sessionId: string | undefined) => Promise<void>,
): Promise<{ entries: TranscriptEntry[]; sessionId: string | undefined }> {
  const random = rng(seed);
  const entries: TranscriptEntry[] = [];
  let sessionId: string | undefined;
  let next = 0;
  for (let step = 0; step < 60; step++) {
    const r = random();
    const last = entries.at(-1);
    if (r < 0.3 || !last) entries.push({ id: `e${next++}`, role: random() < 0.5 ? 'user' : 'assistant', text: `t${step} ✓\n"q"` });
    else if (r < 0.6) last.text += `more ${step} `;
    else if (r < 0.7) last.notice = `note ${step}`;
    else if (r < 0.75) delete last.notice;
    else if (r < 0.8) last.text = `replaced ${step}`;
    else if (r < 0.88) entries.splice(Math.floor(random() * entries.length), 1);
    else if (r < 0.95) sessionId = random() < 0.3 ? undefined : `s${step}`;
    else entries.splice(0);
    await save(entries, sessionId);
  }
  return { entries, sessionId };
}
