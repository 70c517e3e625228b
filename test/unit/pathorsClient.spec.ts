/** The streaming client against the real local Pathors server. */
import assert from 'node:assert/strict';
import { buildEndpointUrl, streamChat, type ChatRequest } from '../../src/core/pathorsClient';
import { PathorsServer } from '../server/pathorsServer';
import { collect, last, randomSplit, rng, sseChunk, textOf } from './helpers';

describe('pathorsClient', () => {
  let server: PathorsServer;
  let req: (over?: Partial<ChatRequest>) => ChatRequest;

  before(async () => {
    server = await PathorsServer.start();
    req = (over = {}) => ({
      url: server.endpointUrl(),
      apiKey: server.apiKey,
      messages: [{ role: 'user', content: '你好, Pathors!' }],
      ...over,
    });
  });
  beforeEach(() => server.reset());
  after(() => server.close());

  it('builds the endpoint URL with the project id encoded', () => {
    assert.equal(
      buildEndpointUrl('https://app.pathors.com/', 'team a/b?c'),
      'https://app.pathors.com/api/project/team%20a%2Fb%3Fc/integration/api/chat/completions',
    );
  });

  it('sends the documented headers and body, and streams the reply to [DONE]', async () => {
    server.enqueue({ text: 'Hello **world** — 你好 🌏', chunkSize: 3 });
    const events = await collect(req());
    assert.equal(textOf(events), 'Hello **world** — 你好 🌏');
    assert.deepEqual(last(events), { type: 'done' });
    assert.ok(events.some((e) => e.type === 'finish' && e.reason === 'stop'));
    const [r] = server.requests;
    assert.equal(r.method, 'POST');
    assert.equal(r.authorizationMatched, true);
    assert.match(r.headers['content-type'], /^application\/json/);
    assert.equal(r.headers['accept'], 'text/event-stream');
    assert.equal(r.headers['x-session-id'], undefined);
    assert.deepEqual(r.body, { messages: [{ role: 'user', content: '你好, Pathors!' }], stream: true });
  });

  it('reports the session id once, from the reply header', async () => {
    server.enqueue({ text: 'abcdefgh', chunkSize: 2 });
    const events = await collect(req());
    const sessions = events.filter((e) => e.type === 'session');
    assert.equal(sessions.length, 1);
    assert.equal(events[0].type, 'session');
    assert.deepEqual(sessions[0], { type: 'session', sessionId: server.requests[0].sessionId });
  });

  it('falls back to the session id in the body when the header is missing', async () => {
    server.enqueue({ text: 'abc', sessionInHeader: false });
    const events = await collect(req());
    const session = events.find((e) => e.type === 'session');
    assert.ok(session && session.type === 'session');
    assert.equal(session.sessionId, server.requests[0].sessionId);
  });

  it('prefers the header when header and body disagree', async () => {
    server.enqueue({ status: 200, headers: { 'content-type': 'text/event-stream', 'x-session-id': 'from-header' }, body: sseChunk('x', { session_id: 'from-body' }) + 'data: [DONE]\n\n' });
    const events = await collect(req());
    assert.deepEqual(events.filter((e) => e.type === 'session'), [{ type: 'session', sessionId: 'from-header' }]);
  });

  it('sends X-Session-ID when a session is known, and the server continues it', async () => {
    const first = await collect(req());
    const id = (first.find((e) => e.type === 'session') as { sessionId: string }).sessionId;
    const second = await collect(req({ sessionId: id, messages: [{ role: 'user', content: 'second' }] }));
    assert.equal(server.requests[1].headers['x-session-id'], id);
    assert.match(textOf(second), /message 2/);
    assert.equal(server.sessionTranscript(id)?.filter((m) => m.role === 'user').length, 2);
  });

  it('gives the same text and events however the stream is split (random byte splits, seeded)', async () => {
    const reply = 'Unicode: 你好世界 🎉🎉 é — ```ts\nconst x = "é";\n```\nend';
    const pieces = [...reply].map((ch, i) => sseChunk(ch, { session_id: 's-1' }, null).replace('\n\n', i % 2 ? '\r\n\r\n' : '\n\n'));
    const whole = new TextEncoder().encode(`: keep-alive\n\n${pieces.join('')}${sseChunk(null, {}, 'stop')}data: [DONE]\r\n\r\n`);
    for (let seed = 1; seed <= 60; seed++) {
      const chunks = randomSplit(whole, rng(seed));
      server.enqueue({ headers: { 'content-type': 'text/event-stream' }, chunks, sessionInHeader: false });
      const events = await collect(req());
      assert.equal(textOf(events), reply, `seed ${seed}`);
      assert.deepEqual(last(events), { type: 'done' }, `seed ${seed}`);
      assert.equal(events.filter((e) => e.type === 'session').length, 1, `seed ${seed}`);
    }
  });

  it('splits inside every byte of a multi-byte character', async () => {
    const body = new TextEncoder().encode(sseChunk('你🌏') + 'data: [DONE]\n\n');
    for (let cut = 1; cut < body.length; cut++) {
      server.enqueue({ headers: { 'content-type': 'text/event-stream' }, chunks: [body.slice(0, cut), body.slice(cut)] });
      assert.equal(textOf(await collect(req())), '你🌏', `cut at ${cut}`);
    }
  });

  const errorCases: Array<[string, number, string, string]> = [
    ['400', 400, '{"error":{"message":"messages is required"}}', 'badRequest'],
    ['401', 401, '{"error":{"message":"Invalid API key"}}', 'unauthorized'],
    ['404', 404, 'not found', 'notFound'],
    ['500', 500, '<html><body><h1>Internal Server Error</h1><pre>stack…</pre></body></html>', 'server'],
    ['503', 503, 'upstream unavailable', 'server'],
    ['418', 418, '', 'http'],
  ];
  for (const [name, status, body, kind] of errorCases) {
    it(`maps HTTP ${name} to a ${kind} error`, async () => {
      server.enqueue({ status, body, headers: { 'content-type': body.startsWith('{') ? 'application/json' : body.startsWith('<') ? 'text/html' : 'text/plain' } });
      const events = await collect(req({ retry: { maxRetries: 0 } }));
      assert.equal(events.length, 1);
      const ev = last(events);
      assert.ok(ev.type === 'error');
      assert.equal(ev.error.kind, kind);
      assert.equal(ev.error.status, status);
      assert.ok(!(ev.error.detail ?? '').includes('<'), 'never shows raw HTML');
    });
  }

  it('keeps the server message of a JSON error body', async () => {
    server.enqueue({ status: 400, headers: { 'content-type': 'application/json' }, body: '{"error":{"message":"messages is required"}}' });
    const ev = last(await collect(req()));
    assert.ok(ev.type === 'error');
    assert.equal(ev.error.detail, 'messages is required');
  });

  it('a wrong key gets the real 401 from the server', async () => {
    const ev = last(await collect(req({ apiKey: 'sk_wrong' })));
    assert.ok(ev.type === 'error');
    assert.equal(ev.error.kind, 'unauthorized');
  });

  it('reports a network error when nothing listens', async () => {
    const dead = await PathorsServer.start();
    const url = dead.endpointUrl();
    await dead.close();
    const ev = last(await collect(req({ url, retry: { maxRetries: 0 } })));
    assert.ok(ev.type === 'error');
    assert.equal(ev.error.kind, 'network');
    assert.equal(ev.error.detail, 'ECONNREFUSED');
  });

  it('treats a 200 HTML page (a proxy) as notEventStream', async () => {
    server.enqueue({ headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>Sign in</title><form>…</form>' });
    const ev = last(await collect(req()));
    assert.ok(ev.type === 'error');
    assert.equal(ev.error.kind, 'notEventStream');
  });

  it('accepts a 200 JSON completion from a server that ignored stream: true', async () => {
    server.enqueue({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: 'whole reply' }, finish_reason: 'stop' }], session_id: 's-json' }),
      sessionInHeader: false,
    });
    const events = await collect(req());
    assert.equal(textOf(events), 'whole reply');
    assert.deepEqual(last(events), { type: 'done' });
    assert.ok(events.some((e) => e.type === 'session' && e.sessionId === 's-json'));
  });

  it('treats an empty 200 as emptyBody', async () => {
    server.enqueue({ headers: { 'content-type': 'application/json' }, body: '' });
    const ev = last(await collect(req()));
    assert.ok(ev.type === 'error');
    assert.equal(ev.error.kind, 'emptyBody');
  });

  it('reports a malformed chunk once and keeps reading', async () => {
    server.enqueue({
      headers: { 'content-type': 'text/event-stream' },
      body: sseChunk('a') + 'data: {not json\n\n' + 'data: {still not\n\n' + sseChunk('b') + 'data: [DONE]\n\n',
    });
    const events = await collect(req());
    assert.equal(textOf(events), 'ab');
    assert.equal(events.filter((e) => e.type === 'warning').length, 1);
    assert.deepEqual(last(events), { type: 'done' });
  });

  it('ends with streamError, keeping the text, when an error object arrives mid-stream', async () => {
    server.enqueue({ text: 'partial reply here', chunkSize: 4, errorAfter: 2 });
    const events = await collect(req());
    assert.equal(textOf(events), 'partial ');
    const ev = last(events);
    assert.ok(ev.type === 'error');
    assert.equal(ev.error.kind, 'streamError');
  });

  it('ends with incomplete when the connection drops mid-stream', async () => {
    server.enqueue({ text: 'abcdefghijkl', chunkSize: 2, dropAfter: 3, delayMs: 5 });
    const events = await collect(req());
    assert.equal(textOf(events), 'abcdef');
    const ev = last(events);
    assert.ok(ev.type === 'error');
    assert.equal(ev.error.kind, 'incomplete');
  });

  it('ends with incomplete when the stream closes without [DONE]', async () => {
    server.enqueue({ text: 'all of it', omitDone: true });
    const events = await collect(req());
    assert.equal(textOf(events), 'all of it');
    const ev = last(events);
    assert.ok(ev.type === 'error' && ev.error.kind === 'incomplete');
  });

  it('ignores anything after [DONE]', async () => {
    server.enqueue({ headers: { 'content-type': 'text/event-stream' }, body: sseChunk('kept') + 'data: [DONE]\n\n' + sseChunk('ignored') });
    const events = await collect(req());
    assert.equal(textOf(events), 'kept');
    assert.deepEqual(last(events), { type: 'done' });
  });

  it('shows non-stop finish reasons', async () => {
    server.enqueue({ text: 'cut', finishReason: 'length' });
    const events = await collect(req());
    assert.ok(events.some((e) => e.type === 'finish' && e.reason === 'length'));
  });

  it('aborts mid-stream through the AbortSignal', async () => {
    server.enqueue({ text: 'x'.repeat(200), chunkSize: 1, delayMs: 10 });
    const controller = new AbortController();
    const events = [];
    for await (const ev of streamChat(req({ signal: controller.signal }))) {
      events.push(ev);
      if (events.filter((e) => e.type === 'delta').length === 3) controller.abort();
    }
    const ev = last(events);
    assert.ok(ev.type === 'error');
    assert.equal(ev.error.kind, 'aborted');
    assert.ok(textOf(events).length < 200);
  });

  it('aborts a request whose server never sends a byte', async () => {
    server.enqueue({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const ev = last(await collect(req({ signal: controller.signal })));
    assert.ok(ev.type === 'error' && ev.error.kind === 'aborted');
  });
});
