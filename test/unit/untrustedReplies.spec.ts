/** What a broken or hostile server sends is checked before it is stored: session ids, error text, endless replies. */
import assert from 'node:assert/strict';
import { ChatSession } from '../../src/core/chatSession';
import { transcriptToMarkdown } from '../../src/core/exportMarkdown';
import type { SessionText } from '../../src/core/ports';
import { escapeSessionId, isValidSessionId } from '../../src/core/sessionId';
import { PathorsServer } from '../server/pathorsServer';
import { sseChunk } from './helpers';
import { MemoryTranscript, plainText } from './replyHelpers';

/** Wording that, like the real one, shows the server's own words. */
const withDetail: SessionText = { ...plainText, error: (e) => ({ message: `error:${e.kind} (${e.detail ?? ''})`, actions: ['retry'] }) };
const LABELS = { you: 'You', assistant: 'Pathors', error: 'Error', incomplete: 'Incomplete' };

describe('Replies from an untrusted server', function () {
  this.timeout(20_000);
  let server: PathorsServer;
  let store: MemoryTranscript;
  let warnings: string[];
  const endpoint = (extra = {}) => ({ url: server.endpointUrl(), apiKey: server.apiKey, ...extra });
  const make = (text: SessionText = plainText) => new ChatSession({ store, text, retry: { maxRetries: 0 }, log: { warn: (l) => warnings.push(l) } });
  const ask = async (s: ChatSession, q: string, ep = endpoint()) => {
    assert.equal(s.send({ text: q }, ep), true);
    await s.whenIdle();
  };

  before(async () => (server = await PathorsServer.start()));
  beforeEach(() => {
    server.reset();
    store = new MemoryTranscript();
    warnings = [];
  });
  after(() => server.close());

  describe('session ids', () => {
    it('accepts 1 to 256 printable ASCII characters and nothing else', () => {
      assert.ok(isValidSessionId('session-abc_123:/=+ ~'));
      assert.ok(isValidSessionId('x'.repeat(256)));
      for (const bad of ['', 'x'.repeat(257), 'tab\there', 'new\nline', 'nul\0', 'café', '😀', 42, undefined]) {
        assert.equal(isValidSessionId(bad), false, JSON.stringify(bad));
      }
      assert.equal(escapeSessionId('a"\\\u0007é'), '"a\\"\\\\\\u0007\\u00e9"');
      assert.match(escapeSessionId('y'.repeat(5000)), /^"y{80}"… \(5000 characters\)$/);
    });

    it('ignores a too-long id in the header: logged, not stored, not sent back, and the conversation goes on', async () => {
      const long = 's'.repeat(300);
      server.enqueue({ text: 'First answer', sessionInBody: false, headers: { 'X-Session-ID': long } });
      const s = make();
      await ask(s, 'one');
      assert.equal(s.sessionId, undefined);
      assert.equal(store.saved.sessionId, undefined);
      assert.equal(s.transcript[1].text, 'First answer');
      assert.equal(warnings.length, 1);
      assert.ok(warnings[0].includes('(300 characters)') && !warnings[0].includes(long), warnings[0]);
      await ask(s, 'two');
      assert.equal(server.requests.at(-1)?.headers['x-session-id'], undefined, 'the bad id is never sent back');
      assert.equal(s.sessionId, server.requests.at(-1)?.sessionId, 'the next valid id is taken');
      assert.ok(s.sessionId);
      assert.deepEqual(s.transcript.map((e) => e.role), ['user', 'assistant', 'user', 'assistant']);
    });

    it('ignores an id with control and non-ASCII characters in the body, logging it escaped', async () => {
      const hostile = 'evil\u0007\u001b[31m\nid-é';
      server.enqueue({ sessionInHeader: false, chunks: [sseChunk('Hi', { session_id: hostile }), sseChunk(null, { session_id: hostile }, 'stop'), 'data: [DONE]\n\n'] });
      const s = make();
      await ask(s, 'one');
      assert.equal(s.sessionId, undefined);
      assert.equal(s.transcript[1].text, 'Hi');
      assert.equal(s.transcript[1].incomplete, undefined);
      assert.equal(warnings.length, 1);
      assert.ok(warnings[0].includes('\\u0007\\u001b[31m\\u000aid-\\u00e9'), warnings[0]);
      assert.ok([...warnings[0]].every((c) => c >= ' ' && c <= '~'), 'the log line is printable ASCII');
      const md = transcriptToMarkdown('t', s.transcript, { ...LABELS, session: s.sessionId });
      assert.ok(!md.includes('evil'));
    });

    it('drops an unusable id found in storage instead of sending it', async () => {
      store.saved = { entries: [{ id: 'u', role: 'user', text: 'old' }], sessionId: 'bad\nid' };
      const s = make();
      assert.equal(s.sessionId, undefined);
      await ask(s, 'again');
      assert.equal(server.requests.at(-1)?.headers['x-session-id'], undefined);
    });
  });

  describe('error text', () => {
    it('an error body that echoes the key and its Authorization header is redacted in the chat, the store and the export', async () => {
      const key = server.apiKey;
      server.enqueue({ status: 500, body: JSON.stringify({ error: { message: `Bad request from ${key}: Authorization: Bearer ${key}` } }) });
      const s = make(withDetail);
      await ask(s, 'q');
      const error = s.transcript.at(-1);
      assert.equal(error?.role, 'error');
      assert.ok(error?.text.includes('***'), error?.text);
      assert.ok(!JSON.stringify(s.transcript).includes(key));
      assert.ok(!JSON.stringify(store.saved).includes(key), 'not stored');
      assert.ok(!transcriptToMarkdown('t', s.transcript, LABELS).includes(key), 'not exported');
    });

    it('an error event inside the stream is redacted too', async () => {
      const key = server.apiKey;
      server.enqueue({ chunks: [sseChunk('Partial'), `data: ${JSON.stringify({ error: { message: `upstream saw Bearer ${key}` } })}\n\n`] });
      const s = make(withDetail);
      await ask(s, 'q');
      assert.equal(s.transcript[1].text, 'Partial');
      assert.match(s.transcript[2].text, /Bearer \*\*\*/);
      assert.ok(!JSON.stringify(store.saved).includes(key));
    });
  });

  describe('a reply without end', () => {
    it('stops at the cap with a notice, keeps what arrived, ends the request, and the next question works', async () => {
      server.enqueue({ text: 'z'.repeat(200_000), chunkSize: 700 });
      const s = make();
      await ask(s, 'endless', endpoint({ maxReplyChars: 10_000 }));
      const reply = s.transcript[1];
      assert.equal(reply.text, 'z'.repeat(10_000));
      assert.equal(reply.incomplete, true);
      assert.equal(reply.streaming, false);
      assert.equal(reply.notice, 'cap:10000');
      assert.equal(s.transcript.length, 2, 'no error entry: the cap is a notice');
      assert.equal(s.busyRequestId, null);
      await server.waitForNoOpenResponses();
      assert.equal((store.entries[1] as { text: string }).text.length, 10_000, 'what arrived is saved');
      await ask(s, 'next');
      assert.equal(s.transcript.length, 4);
    });

    it('never cuts a character in half at the cap', async () => {
      server.enqueue({ text: '😀'.repeat(5000), chunkSize: 33 });
      const s = make();
      await ask(s, 'emoji', endpoint({ maxReplyChars: 1001 }));
      assert.equal(s.transcript[1].text, '😀'.repeat(500));
    });

    it('a reply under the cap is untouched', async () => {
      server.enqueue({ text: 'short' });
      const s = make();
      await ask(s, 'q', endpoint({ maxReplyChars: 5 }));
      assert.equal(s.transcript[1].text, 'short');
      assert.equal(s.transcript[1].incomplete, undefined);
      assert.equal(s.transcript[1].notice, undefined);
    });
  });
});
