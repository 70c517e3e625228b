/**
 * Pins the local Pathors server to the API contract (docs: pathors-api.md),
 * since every other suite trusts it to behave like the real service.
 */
import * as assert from 'node:assert/strict';
import { demoReply, PathorsServer, type RecordedRequest } from '../server/pathorsServer';

interface ChunkJson {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: { index: number; delta: { role?: string; content?: string }; finish_reason: string | null }[];
  session_id?: string;
}

interface CompletionJson {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: { index: number; message: { role: string; content: string }; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  session_id?: string;
}

interface CallOptions {
  key?: string | null;
  headers?: Record<string, string>;
  url?: string;
  method?: string;
  signal?: AbortSignal;
}

/** Splits an event stream into its `data:` payloads, checking the framing on the way. */
function sseData(text: string): string[] {
  assert.ok(text.endsWith('\n\n'), 'stream ends with a blank line');
  const events = text.slice(0, -2).split('\n\n');
  return events.map((event) => {
    const lines = event.split('\n');
    assert.equal(lines.length, 1, `one line per event: ${JSON.stringify(event)}`);
    assert.ok(lines[0].startsWith('data: '), `data line: ${JSON.stringify(lines[0])}`);
    return lines[0].slice('data: '.length);
  });
}

describe('local Pathors server', function () {
  this.timeout(5000);
  let server: PathorsServer;

  before(async () => {
    server = await PathorsServer.start();
  });
  afterEach(() => server.reset());
  after(() => server.close());

  function call(body: unknown, opts: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...opts.headers };
    const key = opts.key === undefined ? server.apiKey : opts.key;
    if (key !== null) headers.Authorization = `Bearer ${key}`;
    return fetch(opts.url ?? server.endpointUrl(), {
      method: opts.method ?? 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: opts.signal,
    });
  }

  const ask = (content: string, extra: Record<string, unknown> = {}) => ({
    messages: [{ role: 'user', content }],
    ...extra,
  });

  async function errorOf(res: Response): Promise<{ message: string; type: string }> {
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const json = (await res.json()) as { error: { message: string; type: string } };
    assert.equal(typeof json.error.message, 'string');
    return json.error;
  }

  describe('routing and authentication', () => {
    it('answers /healthz and the URL helpers point at the server', async () => {
      const res = await fetch(`${server.baseUrl}/healthz`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'ok');
      assert.match(server.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(
        server.endpointUrl('a b/c'),
        `${server.baseUrl}/api/project/a%20b%2Fc/integration/api/chat/completions`,
      );
    });

    it('rejects a missing or wrong API key with 401 and records it without the key', async () => {
      for (const key of [null, 'sk_wrong', `${server.apiKey}x`]) {
        const res = await call(ask('hi'), { key });
        assert.equal(res.status, 401);
        assert.deepEqual(await errorOf(res), { message: 'Invalid API key', type: 'invalid_request_error' });
      }
      const res = await call(ask('hi'), { key: null, headers: { Authorization: server.apiKey } });
      assert.equal(res.status, 401, 'a bare key without the Bearer scheme is not accepted');
      await res.arrayBuffer();

      const recs = server.requests;
      assert.equal(recs.length, 4);
      assert.ok(recs.every((r) => r.status === 401 && !r.authorized && !r.authorizationMatched && r.sessionId === null));
      assert.equal(recs[0].headers.authorization, undefined);
      assert.equal(recs[1].headers.authorization, 'Bearer ***');
      assert.equal(recs[3].headers.authorization, '***');
      assert.ok(!JSON.stringify(recs).includes(server.apiKey));
    });

    it('accepts the exact Bearer header and tells a sloppy one apart', async () => {
      await (await call(ask('hi'))).text();
      await (await call(ask('hi'), { key: null, headers: { Authorization: `bearer  ${server.apiKey}` } })).text();
      const [exact, sloppy] = server.requests;
      assert.equal(exact.status, 200);
      assert.ok(exact.authorized && exact.authorizationMatched);
      assert.equal(exact.headers.authorization, 'Bearer ***');
      assert.equal(sloppy.status, 200);
      assert.ok(sloppy.authorized && !sloppy.authorizationMatched);
    });

    it('uses a new key after setApiKey', async () => {
      const old = server.apiKey;
      server.setApiKey('sk_rotated');
      try {
        assert.equal((await call(ask('hi'), { key: old })).status, 401);
        assert.equal((await call(ask('hi'), { key: 'sk_rotated' })).status, 200);
      } finally {
        server.setApiKey(old);
      }
    });

    it('answers 404 for other paths and projects, 405 for other methods', async () => {
      const base = server.baseUrl;
      const cases: [string, string, number][] = [
        ['POST', `${base}/api/project/demo-project/integration/api/chat/completions/`, 404],
        ['POST', `${base}/prefix/api/project/demo-project/integration/api/chat/completions`, 404],
        ['POST', `${base}/v1/chat/completions`, 404],
        ['POST', server.endpointUrl('other-project'), 404],
        ['POST', `${base}/v1/projects/other-project/chat/completions`, 404],
        ['GET', server.endpointUrl(), 405],
        ['PUT', `${base}/v1/projects/demo-project/chat/completions`, 405],
      ];
      for (const [method, url, status] of cases) {
        const res = await fetch(url, {
          method,
          headers: { Authorization: `Bearer ${server.apiKey}` },
          body: method === 'GET' ? undefined : JSON.stringify(ask('hi')),
        });
        assert.equal(res.status, status, `${method} ${url}`);
        await errorOf(res);
        if (status === 405) assert.equal(res.headers.get('allow'), 'POST');
      }
      assert.deepEqual(
        server.requests.map((r) => r.status),
        cases.map((c) => c[2]),
      );
    });

    it('serves the newer /v1/projects/{id}/chat/completions form and decodes project ids', async () => {
      const res = await call(ask('hi'), { url: `${server.baseUrl}/v1/projects/demo-project/chat/completions` });
      assert.equal(res.status, 200);
      await res.json();

      const odd = await PathorsServer.start({ projectId: 'team/研究 1', apiKey: 'sk_other' });
      try {
        const r = await call(ask('hi'), { url: odd.endpointUrl(), key: 'sk_other' });
        assert.equal(r.status, 200);
        await r.json();
        assert.equal(odd.requests[0].path, '/api/project/team%2F%E7%A0%94%E7%A9%B6%201/integration/api/chat/completions');
      } finally {
        await odd.close();
      }
    });
  });

  describe('request validation', () => {
    it('answers 400 with a message for malformed bodies', async () => {
      const bad: unknown[] = [
        '',
        'not json',
        '{"messages": [',
        [],
        'null',
        {},
        { messages: [] },
        { messages: 'hi' },
        { messages: [{ role: 'robot', content: 'hi' }] },
        { messages: [{ role: 'user' }] },
        { messages: [{ role: 'user', content: 42 }] },
        { messages: ['hi'] },
        { messages: [{ role: 'tool', content: '{}' }] },
        ask('hi', { stream: 'yes' }),
        ask('hi', { session_id: 7 }),
        ask('hi', { tools: {} }),
      ];
      for (const body of bad) {
        const res = await call(body);
        assert.equal(res.status, 400, JSON.stringify(body));
        const err = await errorOf(res);
        assert.equal(err.type, 'invalid_request_error');
        assert.ok(err.message.length > 0);
      }
      assert.equal(server.requests.length, bad.length);
      assert.ok(server.requests.every((r) => r.status === 400 && r.sessionId === null && r.authorized));
    });

    it('accepts system, assistant and tool messages and tool definitions', async () => {
      const res = await call({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'w', arguments: '{}' } }] },
          { role: 'tool', content: '{"sunny":true}', tool_call_id: 'call_1' },
        ],
        tools: [{ type: 'function', function: { name: 'w', description: 'weather', parameters: { type: 'object' } } }],
      });
      assert.equal(res.status, 200);
      const json = (await res.json()) as CompletionJson;
      const transcript = server.sessionTranscript(json.session_id ?? '');
      assert.deepEqual(
        transcript?.map((m) => m.role),
        ['system', 'user', 'assistant', 'tool', 'assistant'],
      );
      assert.equal(transcript?.[3].tool_call_id, 'call_1');
      assert.match(json.choices[0].message.content, /Weather\?/);
    });

    it('answers 413 for bodies over 1 MB', async () => {
      const res = await call(ask('x'.repeat(1024 * 1024 + 10)));
      assert.equal(res.status, 413);
      await errorOf(res);
      assert.equal(server.requests[0].status, 413);
    });
  });

  describe('sessions', () => {
    it('creates a session and returns it in the header and the body', async () => {
      const res = await call(ask('first'));
      const json = (await res.json()) as CompletionJson;
      const id = res.headers.get('x-session-id');
      assert.match(id ?? '', /^session-[0-9a-f]{16}$/);
      assert.equal(json.session_id, id);
      assert.equal(server.requests[0].sessionId, id);
      assert.deepEqual(server.sessionTranscript(id ?? ''), [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: demoReply('first', 1) },
      ]);
    });

    it('continues a session from the X-Session-ID header and from the body session_id', async () => {
      const first = await call(ask('one'));
      const id = first.headers.get('x-session-id') ?? '';
      await first.json();

      const second = await call(ask('two'), { headers: { 'X-Session-ID': id } });
      assert.equal(second.headers.get('x-session-id'), id);
      const secondJson = (await second.json()) as CompletionJson;
      assert.equal(secondJson.session_id, id);
      assert.match(secondJson.choices[0].message.content, /This is message 2 in this session/);

      const third = await call(ask('three', { session_id: id }));
      assert.equal(third.headers.get('x-session-id'), id);
      assert.match(((await third.json()) as CompletionJson).choices[0].message.content, /message 3 in this session/);

      assert.deepEqual(
        server.sessionTranscript(id)?.map((m) => `${m.role}:${m.role === 'user' ? m.content : '…'}`),
        ['user:one', 'assistant:…', 'user:two', 'assistant:…', 'user:three', 'assistant:…'],
      );
      assert.deepEqual(
        server.requests.map((r) => r.sessionId),
        [id, id, id],
      );
    });

    it('prefers the header over the body field', async () => {
      const res = await call(ask('hi', { session_id: 'session-from-body' }), {
        headers: { 'X-Session-ID': 'session-from-header' },
      });
      assert.equal(res.headers.get('x-session-id'), 'session-from-header');
      await res.json();
      assert.equal(server.sessionTranscript('session-from-body'), undefined);
      assert.equal(server.sessionTranscript('session-from-header')?.length, 2);
    });

    it('adopts a session id it never issued', async () => {
      const res = await call(ask('hi'), { headers: { 'X-Session-ID': 'session-forgotten' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-session-id'), 'session-forgotten');
      await res.json();
      assert.equal(server.requests[0].sessionId, 'session-forgotten');
    });

    it('keeps separate sessions apart and forgets them on reset', async () => {
      const a = await call(ask('a'));
      const b = await call(ask('b'));
      const [idA, idB] = [a.headers.get('x-session-id') ?? '', b.headers.get('x-session-id') ?? ''];
      await Promise.all([a.text(), b.text()]);
      assert.notEqual(idA, idB);
      assert.equal(server.sessionTranscript(idA)?.[0].content, 'a');
      assert.equal(server.sessionTranscript(idB)?.[0].content, 'b');
      server.reset();
      assert.equal(server.sessionTranscript(idA), undefined);
      assert.equal(server.requests.length, 0);
    });
  });

  describe('replies', () => {
    it('streams the default reply as chat.completion.chunk events ending with [DONE]', async () => {
      const question = '怎麼寫一個 hello world? 🙂';
      const res = await call(ask(question, { stream: true }), { headers: { Accept: 'text/event-stream' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      const sessionId = res.headers.get('x-session-id');
      assert.ok(sessionId);

      const data = sseData(await res.text());
      assert.equal(data.at(-1), '[DONE]');
      const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as ChunkJson);
      assert.ok(chunks.length > 2);
      for (const c of chunks) {
        assert.match(c.id, /^chatcmpl-/);
        assert.equal(c.id, chunks[0].id);
        assert.equal(c.object, 'chat.completion.chunk');
        assert.equal(c.model, 'pathway-default');
        assert.ok(Number.isInteger(c.created) && Math.abs(c.created - Date.now() / 1000) < 60);
        assert.equal(c.session_id, sessionId);
        assert.equal(c.choices.length, 1);
        assert.equal(c.choices[0].index, 0);
      }
      assert.equal(chunks[0].choices[0].delta.role, 'assistant');
      assert.ok(chunks.slice(1).every((c) => c.choices[0].delta.role === undefined));
      const body = chunks.slice(0, -1);
      assert.ok(body.every((c) => c.choices[0].finish_reason === null));
      const last = chunks.at(-1);
      assert.deepEqual(last?.choices[0], { index: 0, delta: {}, finish_reason: 'stop' });

      const text = body.map((c) => c.choices[0].delta.content).join('');
      assert.equal(text, demoReply(question, 1));
      assert.ok(!text.includes('\uFFFD'));
      assert.ok(body.every((c) => Array.from(c.choices[0].delta.content ?? '').length <= 8));
    });

    it('answers without streaming with the documented JSON shape', async () => {
      const res = await call(ask('hello', { stream: false }));
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const json = (await res.json()) as CompletionJson;
      assert.deepEqual(Object.keys(json).sort(), ['choices', 'created', 'id', 'model', 'object', 'session_id', 'usage']);
      assert.equal(json.object, 'chat.completion');
      assert.equal(json.model, 'pathway-default');
      assert.deepEqual(json.choices, [
        { index: 0, message: { role: 'assistant', content: demoReply('hello', 1) }, finish_reason: 'stop' },
      ]);
      assert.deepEqual(json.usage, { prompt_tokens: -1, completion_tokens: -1, total_tokens: -1 });
      assert.equal(json.session_id, res.headers.get('x-session-id'));
    });

    it('builds a deterministic, Markdown demo reply that reflects the question', () => {
      const q = 'How do I read a file in Node?\nAnd with `streams`?';
      const reply = demoReply(q, 3);
      assert.equal(reply, demoReply(q, 3));
      assert.notEqual(reply, demoReply(q, 4));
      assert.match(reply, /^#+ |^\*\*/m);
      assert.match(reply, /How do I read a file in Node\? And with `streams`\?/);
      assert.match(reply, /^- /m);
      assert.match(reply, /```ts\n[^]*How do I read a file in Node[^]*\n```/);
      assert.match(reply, /This is message 3 in this session/);
      assert.equal(reply.split('```').length, 3, 'the question cannot break out of the code fence');
      assert.match(demoReply('你好!'), /你好/);
      const long = demoReply('字'.repeat(200));
      assert.ok(long.includes(`${'字'.repeat(80)}…`) && !long.includes('字'.repeat(81)));
      assert.ok(!demoReply('😀'.repeat(100)).includes('\uFFFD'));
    });

    it('paces the default reply', async () => {
      server.setPaceMs(3);
      try {
        const started = Date.now();
        const res = await call(ask('x', { stream: true }));
        const n = sseData(await res.text()).length;
        assert.ok(Date.now() - started >= (n - 2) * 3);
      } finally {
        server.setPaceMs(0);
      }
    });
  });

  describe('scripted replies', () => {
    it('streams scripted text in the requested chunk size with the flags honoured', async () => {
      server.enqueue({ text: 'ab😀cd', chunkSize: 1, sessionInHeader: false, sessionInBody: false, finishReason: 'length' });
      const res = await call(ask('hi', { stream: true }));
      assert.equal(res.headers.get('x-session-id'), null);
      const data = sseData(await res.text());
      const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as ChunkJson);
      assert.deepEqual(
        chunks.map((c) => c.choices[0].delta.content),
        ['a', 'b', '😀', 'c', 'd', undefined],
      );
      assert.ok(chunks.every((c) => c.session_id === undefined));
      assert.equal(chunks.at(-1)?.choices[0].finish_reason, 'length');
      const id = server.requests[0].sessionId ?? '';
      assert.equal(server.sessionTranscript(id)?.at(-1)?.content, 'ab😀cd');
    });

    it('replays queued replies in order and only for valid requests', async () => {
      server.enqueue({ text: 'one' }, { text: 'two' });
      assert.equal((await call(ask('hi'), { key: 'wrong' })).status, 401);
      assert.equal((await call({ messages: [] })).status, 400);
      const first = (await (await call(ask('hi'))).json()) as CompletionJson;
      const second = (await (await call(ask('hi'))).json()) as CompletionJson;
      const third = (await (await call(ask('hi'))).json()) as CompletionJson;
      assert.deepEqual(
        [first, second, third].map((j) => j.choices[0].message.content),
        ['one', 'two', demoReply('hi', 1)],
      );
    });

    it('returns a reply with an explicit status regardless of auth and body', async () => {
      server.enqueue(
        { status: 500 },
        { status: 502, body: '<html><body>Bad gateway</body></html>' },
        { status: 200, body: '<!doctype html><p>Proxy login</p>' },
      );
      const a = await call('garbage', { key: null });
      assert.equal(a.status, 500);
      assert.equal((await errorOf(a)).type, 'server_error');
      const b = await call(ask('hi'));
      assert.equal(b.status, 502);
      assert.match(b.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(await b.text(), '<html><body>Bad gateway</body></html>');
      const c = await call(ask('hi', { stream: true }));
      assert.equal(c.status, 200);
      assert.match(c.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(await c.text(), '<!doctype html><p>Proxy login</p>');
      assert.deepEqual(
        server.requests.map((r) => [r.status, r.authorized]),
        [
          [500, false],
          [502, true],
          [200, true],
        ],
      );
      assert.equal(server.requests[0].sessionId, null);
      assert.equal(server.requests[1].sessionId, null);
    });

    it('writes raw chunks as given, even bytes that split a UTF-8 character', async () => {
      const event = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: '你好' } }] })}\r\n\r\n`;
      const bytes = Buffer.from(event, 'utf8');
      const cut = bytes.indexOf(Buffer.from('你', 'utf8')) + 1;
      server.enqueue({
        chunks: [': keep-alive\n\n', bytes.subarray(0, cut), bytes.subarray(cut), 'data:[DONE]\n\n'],
        headers: { 'X-Custom': 'yes' },
      });
      const res = await call(ask('hi', { stream: true }));
      assert.equal(res.headers.get('x-custom'), 'yes');
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      assert.equal(await res.text(), `: keep-alive\n\n${event}data:[DONE]\n\n`);
      const id = res.headers.get('x-session-id') ?? '';
      assert.equal(server.sessionTranscript(id)?.at(-1)?.content, '你好');
    });

    it('drops the connection after dropAfter deltas', async () => {
      server.enqueue({ text: 'abcdefgh', chunkSize: 2, dropAfter: 2 });
      const res = await call(ask('hi', { stream: true }));
      assert.equal(res.status, 200);
      const id = res.headers.get('x-session-id') ?? '';
      const reader = res.body?.getReader();
      assert.ok(reader);
      let received = '';
      const decoder = new TextDecoder();
      await assert.rejects(async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          received += decoder.decode(value, { stream: true });
        }
      });
      const data = received.split('\n\n').filter((e) => e !== '');
      assert.equal(data.length, 2);
      assert.ok(!received.includes('[DONE]'));
      assert.deepEqual(
        server.sessionTranscript(id)?.map((m) => m.role),
        ['user'],
        'a cut reply is not kept',
      );
    });

    it('drops raw chunks after dropAfter', async () => {
      server.enqueue({ chunks: ['data: {}\n\n', 'data: {}\n\n', 'data: [DONE]\n\n'], dropAfter: 1 });
      const res = await call(ask('hi', { stream: true }));
      await assert.rejects(res.text());
    });

    it('sends an error event after errorAfter deltas and no [DONE]', async () => {
      server.enqueue({ text: 'abcdef', chunkSize: 2, errorAfter: 1 });
      const res = await call(ask('hi', { stream: true }));
      const data = sseData(await res.text());
      assert.equal(data.length, 2);
      assert.equal((JSON.parse(data[0]) as ChunkJson).choices[0].delta.content, 'ab');
      assert.deepEqual(JSON.parse(data[1]), {
        error: { message: 'The pathway failed while generating the reply.', type: 'server_error' },
      });
    });

    it('ends cleanly without [DONE] when omitDone is set', async () => {
      server.enqueue({ text: 'abc', omitDone: true });
      const res = await call(ask('hi', { stream: true }));
      const data = sseData(await res.text());
      assert.equal(data.length, 2);
      assert.equal((JSON.parse(data[1]) as ChunkJson).choices[0].finish_reason, 'stop');
    });

    it('hangs until the client aborts, and keeps serving afterwards', async () => {
      server.enqueue({ hang: true });
      const abort = new AbortController();
      const res = await call(ask('hi', { stream: true }), { signal: abort.signal });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      const pending = res.text();
      const [rec] = await server.waitForRequests(1);
      assert.equal(rec.status, 200);
      abort.abort();
      await assert.rejects(pending);
      const next = await call(ask('again'));
      assert.equal(next.status, 200);
      await next.json();
    });

    it('stops writing when the client goes away mid-stream', async () => {
      // 20 deltas 4 ms apart: a server that kept going would be done within the wait below.
      server.enqueue({ text: 'x'.repeat(20), chunkSize: 1, delayMs: 4 });
      const abort = new AbortController();
      const res = await call(ask('hi', { stream: true }), { signal: abort.signal });
      const reader = res.body?.getReader();
      await reader?.read();
      abort.abort();
      const id = server.requests[0].sessionId ?? '';
      await new Promise((r) => setTimeout(r, 120));
      assert.deepEqual(server.sessionTranscript(id)?.map((m) => m.role), ['user']);
      const next = await call(ask('again'));
      assert.equal(next.status, 200);
      await next.json();
    });

    it('close() ends hanging streams', async () => {
      const own = await PathorsServer.start();
      own.enqueue({ hang: true });
      const res = await fetch(own.endpointUrl(), {
        method: 'POST',
        headers: { Authorization: `Bearer ${own.apiKey}` },
        body: JSON.stringify(ask('hi', { stream: true })),
      });
      const pending = res.text();
      await own.close();
      await assert.rejects(pending);
      await own.close();
    });
  });

  describe('recording', () => {
    it('records method, path, lower-case headers, body and outcome', async () => {
      const body = ask('hi', { stream: false });
      const res = await call(body, { headers: { 'X-Client-Name': 'Pathors Chat' } });
      await res.json();
      const rec: RecordedRequest = server.requests[0];
      assert.equal(rec.method, 'POST');
      assert.equal(rec.path, '/api/project/demo-project/integration/api/chat/completions');
      assert.equal(rec.headers['x-client-name'], 'Pathors Chat');
      assert.equal(rec.headers['content-type'], 'application/json');
      assert.ok(Object.keys(rec.headers).every((k) => k === k.toLowerCase()));
      assert.equal(rec.rawBody, JSON.stringify(body));
      assert.deepEqual(rec.body, body);
      assert.equal(rec.status, 200);
      assert.equal(rec.sessionId, res.headers.get('x-session-id'));
      assert.ok(rec.authorized && rec.authorizationMatched);
    });

    it('waitForRequests resolves once requests arrive and times out otherwise', async () => {
      const waiting = server.waitForRequests(2);
      await Promise.all([call(ask('a')).then((r) => r.text()), call(ask('b')).then((r) => r.text())]);
      assert.equal((await waiting).length, 2);
      await assert.rejects(server.waitForRequests(3, 20), /Timed out/);
    });

    it('logs requests without the key', async () => {
      const lines: string[] = [];
      const own = await PathorsServer.start({ apiKey: 'sk_secret_value', log: (l) => lines.push(l) });
      try {
        const res = await fetch(`${own.endpointUrl()}?key=sk_secret_value`, {
          method: 'POST',
          headers: { Authorization: 'Bearer sk_secret_value' },
          body: JSON.stringify(ask('hi', { stream: true })),
        });
        await res.text();
        assert.equal(lines.length, 1);
        assert.match(lines[0], /^POST \/api\/project\/demo-project\/.* -> 200 session=session-[0-9a-f]+ stream$/);
        assert.ok(!lines[0].includes('sk_secret_value'));
      } finally {
        await own.close();
      }
    });
  });
});
