/**
 * Regenerate, Retry after a Stop, Edit & resend and the whole-transcript mode, against the real
 * local server, which keeps each session's conversation so the tests can see what it remembers.
 */
import assert from 'node:assert/strict';
import { ChatSession } from '../../src/core/chatSession';
import { ConversationManager } from '../../src/core/conversations';
import { editedPrompt, historyBefore } from '../../src/core/transcript';
import type { TranscriptEntry } from '../../src/protocol';
import { MemoryStore, MemoryTranscript, fileStore, plainText as text, tempDir } from './replyHelpers';
import { PathorsServer, type RecordedRequest } from '../server/pathorsServer';


const roles = (entries: readonly TranscriptEntry[]) => entries.map((e) => e.role);

interface Sent {
  readonly role: string;
  readonly content: string;
}

/** The `messages` a recorded request carried. */
const sent = (r: RecordedRequest): Sent[] => (r.body as { messages: Sent[] }).messages;

describe('Asking again, editing and the whole-transcript mode', () => {
  let server: PathorsServer;
  let store: MemoryTranscript;
  let tmp: ReturnType<typeof tempDir>;
  let state: MemoryStore;
  let clock: number;
  const endpoint = () => ({ url: server.endpointUrl(), apiKey: server.apiKey });
  const manager = () => new ConversationManager(fileStore(tmp.dir, state), (s) => new ChatSession({ store: s, text }), undefined, () => ++clock);
  const ask = async (s: ChatSession, q: string, ep = endpoint()) => {
    assert.equal(s.send({ text: q }, ep), true);
    await s.whenIdle();
  };

  before(async () => (server = await PathorsServer.start()));
  beforeEach(() => {
    server.reset();
    store = new MemoryTranscript();
    state = new MemoryStore();
    tmp = tempDir();
    clock = 0;
  });
  afterEach(() => tmp.remove());
  after(() => server.close());

  describe('Regenerate', () => {
    it('asks the same question again as a new turn in the same session, keeping the earlier reply', async () => {
      const s = new ChatSession({ store, text });
      await ask(s, 'Name a colour');
      const firstReply = s.transcript[1];
      assert.equal(s.askAgain(firstReply.id, endpoint()), true);
      await s.whenIdle();

      assert.deepEqual(roles(s.transcript), ['user', 'assistant', 'user', 'assistant']);
      const again = s.transcript[2];
      assert.equal(again.text, 'Name a colour');
      assert.equal(again.repeatOf, s.transcript[0].id);
      assert.equal(s.transcript[1].text, firstReply.text, 'the first reply is kept as it was');
      // The server got only the new turn, in the same session, and still holds the first reply.
      const second = server.requests[1];
      assert.equal(second.headers['x-session-id'], s.sessionId);
      assert.deepEqual(second.body, { messages: [{ role: 'user', content: 'Name a colour' }], stream: true });
      const remembered = server.sessionTranscript(s.sessionId!)!;
      assert.deepEqual(
        remembered.map((m) => m.role),
        ['user', 'assistant', 'user', 'assistant'],
      );
      assert.equal(remembered[1].content, firstReply.text);
    });

    it('sends the question with its attached selection again, and keeps the chip', async () => {
      const s = new ChatSession({ store, text });
      const context = { label: 'a.ts:1', path: 'a.ts', languageId: 'typescript', startLine: 1, endLine: 1, truncated: false, totalChars: 1, sentChars: 1 };
      s.send({ text: 'Explain', prompt: 'Explain\n\nContext: x', context }, endpoint());
      await s.whenIdle();
      s.askAgain(s.transcript[1].id, endpoint());
      await s.whenIdle();
      assert.deepEqual(s.transcript[2].context, context);
      assert.deepEqual(server.requests[1].body, { messages: [{ role: 'user', content: 'Explain\n\nContext: x' }], stream: true });
    });

    it('refuses while a reply streams, and for an entry that is not a reply', async () => {
      const s = new ChatSession({ store, text });
      await ask(s, 'one');
      assert.equal(s.askAgain(s.transcript[0].id, endpoint()), false, 'a question is not a reply');
      assert.equal(s.askAgain('missing', endpoint()), false);
      server.enqueue({ text: 'slow reply', chunkSize: 1, delayMs: 20 });
      assert.equal(s.send({ text: 'two' }, endpoint()), true);
      assert.equal(s.askAgain(s.transcript[1].id, endpoint()), false, 'busy');
      await s.whenIdle();
      assert.equal(server.requests.length, 2);
      assert.deepEqual(roles(s.transcript), ['user', 'assistant', 'user', 'assistant']);
    });
  });

  describe('Retry after a Stop', () => {
    it('keeps the stopped reply and asks again as a new turn', async () => {
      server.enqueue({ text: 'z'.repeat(400), chunkSize: 1, delayMs: 3 });
      const s = new ChatSession({ store, text });
      let sawText = false;
      s.onUpdate((u) => (sawText ||= u.type === 'delta'));
      s.send({ text: 'long one' }, endpoint());
      while (!sawText) await new Promise((r) => setTimeout(r, 5));
      s.stop();
      await s.whenIdle();
      const stopped = s.transcript[1];
      assert.equal(stopped.incomplete, true);

      assert.equal(s.askAgain(stopped.id, endpoint()), true);
      await s.whenIdle();
      assert.deepEqual(roles(s.transcript), ['user', 'assistant', 'user', 'assistant']);
      assert.equal(s.transcript[1].text, stopped.text, 'the stopped reply stays as it was');
      assert.equal(s.transcript[2].repeatOf, s.transcript[0].id);
      assert.equal(s.transcript[3].incomplete, undefined);
      assert.equal(server.requests[1].headers['x-session-id'], s.sessionId);
    });
  });

  describe('Edit & resend', () => {
    it('starts a new conversation that replays the earlier turns to a new session; the original is untouched', async () => {
      const m = manager();
      await ask(m.active, 'Question one');
      await ask(m.active, 'Question two');
      await ask(m.active, 'Question three');
      const originalId = m.activeId;
      const original = m.active.transcript.map((e) => ({ ...e }));
      const originalSession = m.active.sessionId!;
      const edited = original[4];

      const forkId = await m.fork(originalId, edited.id);
      assert.ok(forkId);
      assert.equal(m.activeId, forkId);
      assert.equal(m.active.sessionId, undefined, 'the copy has no session yet');
      assert.deepEqual(m.active.transcript, original.slice(0, 4));

      assert.equal(m.active.send({ text: 'Question three, better', replay: true }, endpoint()), true);
      await m.active.whenIdle();
      const request = server.requests.at(-1)!;
      assert.equal(request.headers['x-session-id'], undefined, 'a new session');
      assert.deepEqual(sent(request), [
        { role: 'user', content: 'Question one' },
        { role: 'assistant', content: original[1].text },
        { role: 'user', content: 'Question two' },
        { role: 'assistant', content: original[3].text },
        { role: 'user', content: 'Question three, better' },
      ]);
      const fork = m.active;
      assert.equal(fork.transcript[4].replayed, 4);
      assert.ok(fork.sessionId && fork.sessionId !== originalSession);
      assert.equal(server.sessionTranscript(fork.sessionId)!.length, 6, 'the new session holds the replayed turns and the new reply');

      // The next question in the copy goes on in its own session, sending only the new turn.
      await ask(fork, 'And then?');
      assert.equal(server.requests.at(-1)!.headers['x-session-id'], fork.sessionId);
      assert.equal(sent(server.requests.at(-1)!).length, 1);

      // The original conversation and its session are as they were.
      assert.deepEqual(m.session(originalId).transcript, original);
      assert.equal(server.sessionTranscript(originalSession)!.length, 6);
      assert.deepEqual(m.list().map((c) => c.id).sort(), [originalId, forkId].sort());
    });

    it('editing the first question sends it alone to a new session', async () => {
      const m = manager();
      await ask(m.active, 'Frist question');
      const first = m.active.transcript[0];
      const forkId = await m.fork(m.activeId, first.id);
      assert.deepEqual(m.session(forkId!).transcript, []);
      m.active.send({ text: 'First question', replay: true }, endpoint());
      await m.active.whenIdle();
      assert.deepEqual(sent(server.requests.at(-1)!), [{ role: 'user', content: 'First question' }]);
      assert.equal(m.active.transcript[0].replayed, 0);
      assert.equal(m.list().find((c) => c.id === forkId)?.title, 'First question');
    });

    it('leaves errors out of the copy, keeps a cut-short reply as far as it got, and refuses bad requests', async () => {
      const m = manager();
      await ask(m.active, 'one');
      await ask(m.active, 'two', { ...endpoint(), apiKey: 'sk_wrong' });
      await ask(m.active, 'three');
      assert.deepEqual(roles(m.active.transcript), ['user', 'assistant', 'user', 'error', 'user', 'assistant']);
      const source = m.activeId;
      assert.equal(await m.fork(source, m.active.transcript[1].id), undefined, 'a reply is not a question');
      assert.equal(await m.fork('nope', m.active.transcript[0].id), undefined);
      const forkId = await m.fork(source, m.active.transcript[4].id);
      assert.deepEqual(roles(m.session(forkId!).transcript), ['user', 'assistant', 'user']);
      assert.deepEqual(
        historyBefore(m.session(source).transcript, m.session(source).transcript[4]).map((x) => x.content),
        ['one', m.session(source).transcript[1].text, 'two'],
      );
    });

    it('an edited question about a selection keeps the selection it was asked about', () => {
      const original: TranscriptEntry = { id: 'u', role: 'user', text: 'Explain', prompt: 'Explain\n\nContext: `a.ts`\n\n```ts\nx\n```' };
      assert.equal(editedPrompt(original, ' Explain briefly '), 'Explain briefly\n\nContext: `a.ts`\n\n```ts\nx\n```');
      assert.equal(editedPrompt({ id: 'v', role: 'user', text: 'plain' }, 'new'), undefined);
    });
  });

  describe('Whole-transcript mode (servers without sessions)', () => {
    it('sends every earlier turn with each question and no session id', async () => {
      const s = new ChatSession({ store, text });
      const ep = { ...endpoint(), sendWholeTranscript: true };
      await ask(s, 'one', ep);
      await ask(s, 'two', ep);
      await ask(s, 'two', { ...ep, apiKey: 'sk_wrong' });
      await ask(s, 'three', ep);
      const bodies = server.requests.map((r) => sent(r).map((m) => m.role));
      assert.deepEqual(bodies[0], ['user']);
      assert.deepEqual(bodies[1], ['user', 'assistant', 'user']);
      // The failed turn's question is part of the conversation; its error is not.
      assert.deepEqual(bodies[3], ['user', 'assistant', 'user', 'assistant', 'user', 'user']);
      for (const r of server.requests) assert.equal(r.headers['x-session-id'], undefined);
      const t = s.transcript;
      assert.deepEqual(
        sent(server.requests[3]).map((m) => m.content),
        ['one', t[1].text, 'two', t[3].text, 'two', 'three'],
      );
    });

    it('the default sends only the new turn with the session id', async () => {
      const s = new ChatSession({ store, text });
      await ask(s, 'one');
      await ask(s, 'two');
      assert.deepEqual(sent(server.requests[1]), [{ role: 'user', content: 'two' }]);
      assert.equal(server.requests[1].headers['x-session-id'], s.sessionId);
    });
  });
});
