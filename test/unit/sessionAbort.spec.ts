/** Stop, New Chat and dispose each abort the request on the wire, and nothing from it reaches the view afterwards. */
import assert from 'node:assert/strict';
import { ChatSession, type SessionUpdate } from '../../src/core/chatSession';
import type { TranscriptEntry } from '../../src/protocol';
import { PathorsServer } from '../server/pathorsServer';
import { MemoryTranscript, plainText } from './replyHelpers';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('ChatSession aborts', function () {
  this.timeout(20_000);
  let server: PathorsServer;
  let store: MemoryTranscript;
  let updates: SessionUpdate[];
  const endpoint = () => ({ url: server.endpointUrl(), apiKey: server.apiKey });
  const make = () => {
    const s = new ChatSession({ store, text: plainText });
    s.onUpdate((u) => updates.push(u));
    return s;
  };
  /** Starts a long, steady reply and resolves once its first text has reached the view. */
  const streaming = async (s: ChatSession) => {
    server.enqueue({ text: 'z'.repeat(2000), chunkSize: 1, delayMs: 2 });
    s.send({ text: 'go' }, endpoint());
    while (!updates.some((u) => u.type === 'delta')) await tick();
  };

  before(async () => (server = await PathorsServer.start()));
  beforeEach(() => {
    server.reset();
    store = new MemoryTranscript();
    updates = [];
  });
  after(() => server.close());

  it('stop: the server sees the request end, and no delta follows the stop', async () => {
    const s = make();
    await streaming(s);
    const requestId = s.busyRequestId;
    const atStop = updates.length;
    s.stop();
    await s.whenIdle();
    await server.waitForNoOpenResponses();
    const after = updates.slice(atStop);
    assert.deepEqual(after.filter((u) => u.type === 'delta'), [], 'no delta after stop');
    const final = after.find((u) => u.type === 'update');
    assert.ok(final && final.type === 'update');
    assert.equal(final.entry.text, s.transcript[1].text, 'the final update carries all the text that was kept');
    assert.equal(final.entry.notice, 'stopped');
    assert.ok(s.transcript[1].text.length < 2000);
    assert.deepEqual(updates.at(-1), { type: 'busy', requestId: null });
    // The view, too, drops anything tagged with the old request id; the session sends none.
    assert.ok(requestId);
  });

  it('stop, then a new question: deltas of the stopped request never appear after the stop', async () => {
    const s = make();
    await streaming(s);
    const first = s.busyRequestId;
    const atStop = updates.length;
    s.stop();
    await s.whenIdle();
    server.enqueue({ text: 'fresh answer', chunkSize: 2 });
    s.send({ text: 'again' }, endpoint());
    await s.whenIdle();
    const later = updates.slice(atStop).filter((u) => u.type === 'delta');
    assert.ok(later.length > 0);
    assert.ok(later.every((u) => u.type === 'delta' && u.requestId !== first));
    assert.equal(later.map((u) => (u.type === 'delta' ? u.text : '')).join(''), 'fresh answer');
  });

  it('new chat: the server sees the request end, and nothing at all follows the reset', async () => {
    const s = make();
    await streaming(s);
    await s.newChat();
    const atReset = updates.length;
    await server.waitForNoOpenResponses();
    await tick(50);
    assert.equal(updates.length, atReset);
    assert.deepEqual(s.transcript, []);
  });

  it('new chat during a hanging request aborts it on the wire', async () => {
    server.enqueue({ hang: true });
    const s = make();
    s.send({ text: 'go' }, endpoint());
    await server.waitForRequests(1);
    assert.equal(server.openResponses, 1);
    await s.newChat();
    await server.waitForNoOpenResponses();
  });

  it('dispose: aborts, sends nothing more, and the reply comes back marked interrupted', async () => {
    const s = make();
    await streaming(s);
    await s.dispose();
    const atDispose = updates.length;
    await server.waitForNoOpenResponses();
    await tick(50);
    assert.equal(updates.length, atDispose, 'nothing reaches the view after dispose');
    assert.equal(s.busyRequestId, null);
    const restored = new ChatSession({ store, text: plainText });
    const reply = restored.transcript[1] as TranscriptEntry;
    assert.equal(reply.role, 'assistant');
    assert.equal(reply.streaming, false);
    assert.equal(reply.incomplete, true);
    assert.equal(reply.notice, 'interrupted');
  });

  it('dispose while waiting to retry leaves no "retrying" note behind', async () => {
    server.enqueue({ status: 503, headers: { 'Retry-After': '30' } });
    const s = make();
    s.send({ text: 'go' }, endpoint());
    while (!updates.some((u) => u.type === 'update' && u.entry.notice)) await tick();
    await s.dispose();
    const restored = new ChatSession({ store, text: plainText });
    assert.equal(restored.transcript[1].notice, 'interrupted');
  });
});
