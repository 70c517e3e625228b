/**
 * Network faults against the real local server: retries (and when there must be none),
 * Retry-After, timeouts, stalls, a server killed mid-stream, and connection refused,
 * through the client and through a chat session.
 */
import assert from 'node:assert/strict';
import { ChatSession, type SessionUpdate } from '../../src/core/chatSession';
import { streamChat, type ChatRequest, type StreamEvent } from '../../src/core/pathorsClient';
import { PathorsServer } from '../server/pathorsServer';
import { collect, last, textOf } from './helpers';
import { MemoryTranscript, assertWellFormed, plainText } from './replyHelpers';

/** Short backoff so the tests do not wait for it; Retry-After is still honoured as sent. */
const FAST = { baseDelayMs: 20 };

const retries = (events: readonly StreamEvent[]) => events.filter((e) => e.type === 'retry');

describe('network faults', function () {
  this.timeout(20_000);
  let server: PathorsServer;
  const req = (over: Partial<ChatRequest> = {}): ChatRequest => ({
    url: server.endpointUrl(),
    apiKey: server.apiKey,
    messages: [{ role: 'user', content: 'hello' }],
    retry: FAST,
    ...over,
  });

  before(async () => (server = await PathorsServer.start()));
  beforeEach(() => server.reset());
  after(() => server.close());

  describe('retries', () => {
    it('429 with Retry-After: 1, then success: waits the second, announces it, then streams', async () => {
      server.enqueue({ status: 429, headers: { 'Retry-After': '1' } }, { text: 'after the wait' });
      const started = performance.now();
      const events = await collect(req());
      assertWellFormed(events);
      assert.deepEqual(
        retries(events).map((e) => e.type === 'retry' && [e.attempt, e.maxRetries, e.delayMs, e.error.kind, e.error.status]),
        [[1, 2, 1000, 'rateLimited', 429]],
      );
      assert.ok(performance.now() - started >= 950, 'the server’s Retry-After is honoured');
      assert.equal(textOf(events), 'after the wait');
      assert.deepEqual(last(events), { type: 'done' });
      assert.equal(server.requests.length, 2);
    });

    it('500, then success', async () => {
      server.enqueue({ status: 500 }, { text: 'second time lucky' });
      const events = await collect(req());
      assert.equal(retries(events).length, 1);
      assert.equal(textOf(events), 'second time lucky');
      assert.deepEqual(last(events), { type: 'done' });
      assert.deepEqual(server.requests.map((r) => r.status), [500, 200]);
    });

    it('408 and 409 are retried too', async () => {
      server.enqueue({ status: 408 }, { status: 409 }, { text: 'ok' });
      const events = await collect(req());
      assert.deepEqual(retries(events).map((e) => e.type === 'retry' && e.error.status), [408, 409]);
      assert.equal(textOf(events), 'ok');
    });

    it('503 three times: an error after two retries, with the server’s message', async () => {
      const body = '{"error":{"message":"overloaded"}}';
      server.enqueue(...[1, 2, 3].map(() => ({ status: 503, body, headers: { 'content-type': 'application/json' } })));
      const events = await collect(req());
      assertWellFormed(events);
      assert.deepEqual(retries(events).map((e) => e.type === 'retry' && e.attempt), [1, 2]);
      const end = last(events);
      assert.ok(end.type === 'error');
      assert.equal(end.error.kind, 'server');
      assert.equal(end.error.status, 503);
      assert.equal(end.error.detail, 'overloaded');
      assert.equal(server.requests.length, 3);
    });

    it('connection refused: retried, then a network error', async () => {
      const dead = await PathorsServer.start();
      const url = dead.endpointUrl();
      await dead.close();
      const events = await collect(req({ url }));
      assertWellFormed(events);
      assert.equal(retries(events).length, 2);
      const end = last(events);
      assert.ok(end.type === 'error');
      assert.equal(end.error.kind, 'network');
      assert.equal(end.error.detail, 'ECONNREFUSED');
    });

    for (const status of [400, 401, 404, 413]) {
      it(`no retry for ${status}`, async () => {
        server.enqueue({ status });
        const events = await collect(req());
        assert.equal(retries(events).length, 0);
        assert.equal(server.requests.length, 1);
        assert.ok(last(events).type === 'error');
      });
    }

    it('no retry after partial output: the server drops the connection mid-stream', async () => {
      server.enqueue({ text: 'abcdefgh', chunkSize: 2, dropAfter: 2, delayMs: 5 });
      const events = await collect(req());
      assert.equal(retries(events).length, 0);
      assert.equal(textOf(events), 'abcd');
      const end = last(events);
      assert.ok(end.type === 'error' && end.error.kind === 'incomplete');
      assert.equal(server.requests.length, 1);
    });

    it('aborting during the backoff wait ends the request at once', async () => {
      server.enqueue({ status: 503, headers: { 'Retry-After': '30' } });
      const controller = new AbortController();
      const events: StreamEvent[] = [];
      const started = performance.now();
      for await (const ev of streamChat(req({ signal: controller.signal }))) {
        events.push(ev);
        if (ev.type === 'retry') {
          assert.equal(ev.delayMs, 30_000);
          controller.abort();
        }
      }
      assert.ok(performance.now() - started < 10_000, 'did not wait out the 30 s');
      const end = last(events);
      assert.ok(end.type === 'error' && end.error.kind === 'aborted');
      assert.equal(server.requests.length, 1);
    });

    it('a certificate error is not retried', async () => {
      const events = await collect(
        req({
          fetch: async () => {
            throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
          },
        }),
      );
      assert.equal(retries(events).length, 0);
      const end = last(events);
      assert.ok(end.type === 'error' && end.error.kind === 'network');
    });
  });

  describe('timeouts', () => {
    it('no response headers within the request timeout: a timeout error, not retried', async () => {
      server.enqueue({ hangBeforeHeaders: true });
      const events = await collect(req({ requestTimeoutMs: 200 }));
      assertWellFormed(events);
      const end = last(events);
      assert.ok(end.type === 'error');
      assert.equal(end.error.kind, 'timeout');
      assert.equal(end.error.timeoutMs, 200);
      assert.equal(retries(events).length, 0);
      await server.waitForNoOpenResponses();
    });

    it('headers, then nothing for longer than the idle timeout: a stall', async () => {
      server.enqueue({ hang: true });
      const end = last(await collect(req({ idleTimeoutMs: 200, requestTimeoutMs: 10_000 })));
      assert.ok(end.type === 'error');
      assert.equal(end.error.kind, 'stalled');
      assert.equal(end.error.timeoutMs, 200);
      await server.waitForNoOpenResponses();
    });

    it('a stall after partial output keeps the text', async () => {
      server.enqueue({ text: 'abcdefgh', chunkSize: 2, stallAfter: 2 });
      const events = await collect(req({ idleTimeoutMs: 500 }));
      assert.equal(textOf(events), 'abcd');
      const end = last(events);
      assert.ok(end.type === 'error' && end.error.kind === 'stalled');
      assert.equal(retries(events).length, 0);
    });

    it('a slow but steady stream outlives both limits', async () => {
      // 30 deltas 60 ms apart: the whole reply takes longer than either limit, no gap comes near the idle one.
      const text = 'abcdefghijklmnopqrstuvwxyz0123';
      server.enqueue({ text, chunkSize: 1, delayMs: 60 });
      const events = await collect(req({ requestTimeoutMs: 1000, idleTimeoutMs: 1000 }));
      assert.equal(textOf(events), text);
      assert.deepEqual(last(events), { type: 'done' });
    });

    it('the request timeout applies to each attempt, and an error page is read under the idle timeout', async () => {
      server.enqueue({ status: 502, body: '<html>bad gateway</html>' }, { text: 'fine' });
      const events = await collect(req({ requestTimeoutMs: 2000, idleTimeoutMs: 2000 }));
      assert.equal(retries(events).length, 1);
      assert.equal(textOf(events), 'fine');
    });
  });

  describe('a server that goes away', () => {
    it('killed mid-stream: incomplete, the text kept, no retry', async () => {
      const own = await PathorsServer.start();
      own.enqueue({ text: 'x'.repeat(200), chunkSize: 1, delayMs: 5 });
      const events: StreamEvent[] = [];
      let closing: Promise<void> | undefined;
      for await (const ev of streamChat({ ...req(), url: own.endpointUrl(), apiKey: own.apiKey })) {
        events.push(ev);
        if (ev.type === 'delta' && !closing) closing = own.close();
      }
      await closing;
      assertWellFormed(events);
      const text = textOf(events);
      assert.ok(text.length > 0 && text.length < 200, `kept ${text.length} characters`);
      const end = last(events);
      assert.ok(end.type === 'error');
      assert.equal(end.error.kind, 'incomplete');
      assert.equal(retries(events).length, 0);
    });
  });

  describe('through a chat session', () => {
    let updates: SessionUpdate[];
    const make = () => {
      const s = new ChatSession({ store: new MemoryTranscript(), text: plainText, retry: FAST });
      s.onUpdate((u) => updates.push(u));
      return s;
    };
    const endpoint = (over: object = {}) => ({ url: server.endpointUrl(), apiKey: server.apiKey, ...over });
    beforeEach(() => (updates = []));

    it('shows "retrying" on the reply while it waits, and clears it when the text comes', async () => {
      server.enqueue({ status: 429, headers: { 'Retry-After': '1' } }, { text: 'here it is' });
      const s = make();
      s.send({ text: 'q' }, endpoint());
      await s.whenIdle();
      const replyId = s.transcript[1].id;
      const notices = updates.flatMap((u) => (u.type === 'update' && u.entry.id === replyId ? [u.entry.notice ?? null] : []));
      assert.deepEqual(notices, ['retry:1s:1/2', null, null], 'set while waiting, cleared on the answer, absent at the end');
      const firstDelta = updates.findIndex((u) => u.type === 'delta');
      const cleared = updates.findIndex((u) => u.type === 'update' && u.entry.id === replyId && u.entry.notice === undefined);
      assert.ok(cleared >= 0 && cleared < firstDelta, 'the note is gone before the text shows');
      assert.equal(s.transcript[1].text, 'here it is');
      assert.equal(s.transcript[1].notice, undefined);
      assert.deepEqual(s.transcript.map((e) => e.role), ['user', 'assistant']);
    });

    it('after the last retry fails, the error replaces the reply and its note', async () => {
      server.enqueue({ status: 500 }, { status: 502 }, { status: 503 });
      const s = make();
      s.send({ text: 'q' }, endpoint());
      await s.whenIdle();
      assert.equal(updates.filter((u) => u.type === 'update' && u.entry.notice?.startsWith('retry:')).length, 2);
      assert.deepEqual(s.transcript.map((e) => e.role), ['user', 'error']);
      assert.equal(s.transcript[1].text, 'error:server');
    });

    it('stop during the backoff wait stops at once', async () => {
      server.enqueue({ status: 503, headers: { 'Retry-After': '30' } });
      const s = make();
      s.send({ text: 'q' }, endpoint());
      while (!updates.some((u) => u.type === 'update' && u.entry.notice?.startsWith('retry:'))) await new Promise((r) => setTimeout(r, 5));
      const started = performance.now();
      s.stop();
      await s.whenIdle();
      assert.ok(performance.now() - started < 10_000);
      assert.equal(s.transcript[1].notice, 'stopped');
      assert.equal(server.requests.length, 1);
    });

    it('a stall keeps what arrived and says so', async () => {
      server.enqueue({ text: 'abcdefgh', chunkSize: 2, stallAfter: 3 });
      const s = make();
      s.send({ text: 'q' }, endpoint({ idleTimeoutMs: 500 }));
      await s.whenIdle();
      assert.deepEqual(s.transcript.map((e) => e.role), ['user', 'assistant', 'error']);
      assert.equal(s.transcript[1].text, 'abcdef');
      assert.equal(s.transcript[1].incomplete, true);
      assert.equal(s.transcript[2].text, 'error:stalled');
    });

    it('passes the request timeout from the endpoint to the client', async () => {
      server.enqueue({ hangBeforeHeaders: true });
      const s = make();
      s.send({ text: 'q' }, endpoint({ requestTimeoutMs: 150 }));
      await s.whenIdle();
      assert.deepEqual(s.transcript.map((e) => e.role), ['user', 'error']);
      assert.equal(s.transcript[1].text, 'error:timeout');
    });
  });
});
