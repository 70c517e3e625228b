/** One conversation against the real local server: sessions, persistence, coalescing, stop and errors. */
import assert from 'node:assert/strict';
import { ChatSession, type SessionUpdate } from '../../src/core/chatSession';
import type { SessionText } from '../../src/core/ports';
import { MemoryTranscript } from './replyHelpers';
import type { TranscriptEntry } from '../../src/protocol';
import { PathorsServer } from '../server/pathorsServer';


const text: SessionText = {
  error: (err) => ({ message: `error:${err.kind}`, actions: err.kind === 'unauthorized' ? ['setApiKey'] : ['retry'] }),
  finishNotice: (reason) => (reason === 'stop' ? undefined : `finish:${reason}`),
  malformedNotice: () => 'malformed',
  stoppedNotice: () => 'stopped',
  interruptedNotice: () => 'interrupted',
  replyCapNotice: (chars) => `cap:${chars}`,
};

describe('ChatSession', () => {
  let server: PathorsServer;
  let store: MemoryTranscript;
  let updates: SessionUpdate[];
  const endpoint = () => ({ url: server.endpointUrl(), apiKey: server.apiKey });
  const make = (s = store) => {
    const session = new ChatSession({ store: s, text });
    session.onUpdate((u) => updates.push(u));
    return session;
  };
  const roles = (entries: readonly TranscriptEntry[]) => entries.map((e) => e.role);

  before(async () => (server = await PathorsServer.start()));
  beforeEach(() => {
    server.reset();
    store = new MemoryTranscript();
    updates = [];
  });
  after(() => server.close());

  it('adopts the session id from the first reply, sends only the new turn, and continues it', async () => {
    const s = make();
    assert.equal(s.send({ text: 'first' }, endpoint()), true);
    await s.whenIdle();
    const id = server.requests[0].sessionId;
    assert.ok(id);
    assert.equal(s.sessionId, id);
    assert.equal(server.requests[0].headers['x-session-id'], undefined);

    s.send({ text: 'second' }, endpoint());
    await s.whenIdle();
    assert.equal(server.requests[1].headers['x-session-id'], id);
    assert.deepEqual(server.requests[1].body, { messages: [{ role: 'user', content: 'second' }], stream: true });
    assert.deepEqual(roles(s.transcript), ['user', 'assistant', 'user', 'assistant']);
    assert.match(s.transcript[3].text, /message 2/);
  });

  it('records a turn that was not sent with why, sends nothing, and sends it on resend', async () => {
    const s = make();
    assert.equal(s.reject({ text: 'not yet' }, 'Nothing was sent.', ['retry', 'openSettings']), false);
    assert.deepEqual(roles(s.transcript), ['user', 'error']);
    const [user, error] = s.transcript;
    assert.deepEqual({ text: error.text, actions: error.actions, forEntry: error.forEntry }, { text: 'Nothing was sent.', actions: ['retry', 'openSettings'], forEntry: user.id });
    assert.deepEqual(updates.map((u) => u.type), ['append', 'append']);
    assert.equal(server.requests.length, 0);
    // Saved, so it survives a reload like any other turn.
    assert.deepEqual(roles(make().transcript), ['user', 'error']);
    assert.equal(s.userTurnForError(error.id)?.id, user.id);
    assert.equal(s.resend(user.id, endpoint()), true);
    await s.whenIdle();
    assert.deepEqual(roles(s.transcript), ['user', 'assistant']);
    assert.deepEqual(server.requests[0].body, { messages: [{ role: 'user', content: 'not yet' }], stream: true });
  });

  it('persists the session id and the transcript, and a new instance restores both', async () => {
    const s = make();
    s.send({ text: 'remember me' }, endpoint());
    await s.whenIdle();
    const restored = make();
    assert.equal(restored.sessionId, s.sessionId);
    assert.deepEqual(restored.transcript, s.transcript);
  });

  it('marks a reply that was streaming when the host went away as incomplete, keeping its text', async () => {
    store.saved = { entries: [
      { id: 'u', role: 'user', text: 'q' },
      { id: 'a', role: 'assistant', text: 'half a rep', streaming: true },
      { bogus: true },
    ] };
    const s = make();
    assert.deepEqual(s.transcript[1], { id: 'a', role: 'assistant', text: 'half a rep', streaming: false, incomplete: true, notice: 'interrupted' });
    assert.equal(s.transcript.length, 2);
  });

  it('sends the prompt (question plus context) but shows the question with its chip', async () => {
    const s = make();
    const context = { label: 'a.ts:1-2', path: 'a.ts', languageId: 'typescript', startLine: 1, endLine: 2, truncated: false, totalChars: 3, sentChars: 3 };
    s.send({ text: 'Explain', prompt: 'Explain\n\n```ts\nx\n```', context }, endpoint());
    await s.whenIdle();
    assert.deepEqual(server.requests[0].body, { messages: [{ role: 'user', content: 'Explain\n\n```ts\nx\n```' }], stream: true });
    assert.equal(s.transcript[0].text, 'Explain');
    assert.deepEqual(s.transcript[0].context, context);
  });

  it('coalesces fast deltas to at most one update per frame, the first at once', async () => {
    server.enqueue({ text: 'x'.repeat(3000), chunkSize: 1 });
    const s = make();
    const times: number[] = [];
    s.onUpdate((u) => u.type === 'delta' && times.push(performance.now()));
    s.send({ text: 'go' }, endpoint());
    await s.whenIdle();
    const deltas = updates.filter((u) => u.type === 'delta');
    assert.equal(deltas.map((d) => d.text).join(''), 'x'.repeat(3000));
    // The first read goes out at once, whatever it held (the client merges the text of one read).
    assert.ok(deltas[0].text.length >= 1, 'the first delta is not held back');
    assert.ok(deltas.length < 3000 / 4, `expected coalescing, got ${deltas.length} updates`);
    // The last batch goes out at once with the final update, so only the ones before it are paced.
    for (let i = 2; i < times.length - 1; i++) assert.ok(times[i] - times[i - 1] >= 15, `updates ${i - 1}→${i} only ${times[i] - times[i - 1]} ms apart`);
  });

  it('allows one request at a time', async () => {
    server.enqueue({ text: 'slow reply', chunkSize: 1, delayMs: 5 });
    const s = make();
    assert.equal(s.send({ text: 'one' }, endpoint()), true);
    assert.equal(s.send({ text: 'two' }, endpoint()), false);
    assert.ok(s.busyRequestId);
    await s.whenIdle();
    assert.equal(s.busyRequestId, null);
    assert.deepEqual(roles(s.transcript), ['user', 'assistant']);
  });

  it('stop keeps what arrived, marked incomplete, and clears busy', async () => {
    server.enqueue({ text: 'y'.repeat(400), chunkSize: 1, delayMs: 2 });
    const s = make();
    s.send({ text: 'go' }, endpoint());
    while (!updates.some((u) => u.type === 'delta')) await new Promise((r) => setTimeout(r, 5));
    s.stop();
    await s.whenIdle();
    const reply = s.transcript[1];
    assert.ok(reply.text.length > 0 && reply.text.length < 400);
    assert.equal(reply.incomplete, true);
    assert.equal(reply.streaming, false);
    assert.equal(reply.notice, 'stopped');
    assert.deepEqual(updates.at(-1), { type: 'busy', requestId: null });
    assert.deepEqual(store.entries[1].text, reply.text);
  });

  it('a failure before any text replaces the reply with an error entry that retry resends', async () => {
    const s = make();
    s.send({ text: 'hello' }, { ...endpoint(), apiKey: 'sk_wrong' });
    await s.whenIdle();
    assert.deepEqual(roles(s.transcript), ['user', 'error']);
    const error = s.transcript[1];
    assert.equal(error.text, 'error:unauthorized');
    assert.deepEqual(error.actions, ['setApiKey']);
    assert.equal(s.userTurnForError(error.id)?.text, 'hello');

    assert.equal(s.resend(s.transcript[0].id, endpoint()), true);
    await s.whenIdle();
    assert.deepEqual(roles(s.transcript), ['user', 'assistant']);
    assert.equal(server.requests.at(-1)?.authorizationMatched, true);
    assert.deepEqual((server.requests.at(-1)?.body as { messages: unknown }).messages, [{ role: 'user', content: 'hello' }]);
  });

  it('a failure after some text keeps it, marked incomplete, with an error entry after it', async () => {
    server.enqueue({ text: 'abcdefgh', chunkSize: 2, dropAfter: 2 });
    const s = make();
    s.send({ text: 'q' }, endpoint());
    await s.whenIdle();
    assert.deepEqual(roles(s.transcript), ['user', 'assistant', 'error']);
    assert.equal(s.transcript[1].text, 'abcd');
    assert.equal(s.transcript[1].incomplete, true);
    assert.equal(s.transcript[2].text, 'error:incomplete');
  });

  it('shows a non-stop finish reason and a malformed chunk as notices', async () => {
    server.enqueue({ text: 'cut short', finishReason: 'length' });
    const s = make();
    s.send({ text: 'q' }, endpoint());
    await s.whenIdle();
    assert.equal(s.transcript[1].notice, 'finish:length');
    assert.equal(s.transcript[1].incomplete, undefined);
  });

  it('new chat aborts the request, forgets the session, and no stale update follows', async () => {
    const s = make();
    s.send({ text: 'first' }, endpoint());
    await s.whenIdle();
    server.enqueue({ text: 'z'.repeat(300), chunkSize: 1, delayMs: 3 });
    s.send({ text: 'second' }, endpoint());
    while (!updates.some((u) => u.type === 'delta' && u.text.startsWith('z'))) await new Promise((r) => setTimeout(r, 5));
    await s.newChat();
    const after = updates.length;
    await new Promise((r) => setTimeout(r, 100));
    await s.whenIdle();
    assert.equal(updates.length, after, 'no update after new chat');
    assert.equal(s.sessionId, undefined);
    assert.deepEqual(s.transcript, []);
    assert.equal(store.saved.sessionId, undefined);
    assert.deepEqual(store.saved.entries, []);
    s.send({ text: 'fresh' }, endpoint());
    await s.whenIdle();
    assert.equal(server.requests.at(-1)?.headers['x-session-id'], undefined);
  });
});
