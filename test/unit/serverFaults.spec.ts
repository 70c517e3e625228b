/** The local server's fault options, which the network tests rely on, checked with plain fetch. */
import assert from 'node:assert/strict';
import { STREAM_FIXTURES, fixtureReply } from '../server/fixtures';
import { PathorsServer } from '../server/pathorsServer';

describe('local server faults', function () {
  this.timeout(10_000);
  let server: PathorsServer;
  const call = (signal?: AbortSignal) =>
    fetch(server.endpointUrl(), {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], stream: true }),
      signal,
    });

  before(async () => (server = await PathorsServer.start()));
  beforeEach(() => server.reset());
  after(() => server.close());

  it('hangBeforeHeaders sends no status line until the client gives up', async () => {
    server.enqueue({ hangBeforeHeaders: true });
    const abort = new AbortController();
    const pending = call(abort.signal);
    const [rec] = await server.waitForRequests(1);
    assert.equal(rec.status, 0);
    assert.equal(server.openResponses, 1);
    let answered = false;
    void pending.then(() => (answered = true), () => undefined);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(answered, false);
    abort.abort();
    await assert.rejects(pending);
    await server.waitForNoOpenResponses();
  });

  it('stallAfter writes that many deltas, then keeps the connection open and silent', async () => {
    server.enqueue({ text: 'abcdef', chunkSize: 2, stallAfter: 2 });
    const abort = new AbortController();
    const res = await call(abort.signal);
    const reader = res.body?.getReader();
    assert.ok(reader);
    let received = '';
    const decoder = new TextDecoder();
    while ((received.match(/\n\n/g) ?? []).length < 2) {
      const { value } = await reader.read();
      received += decoder.decode(value, { stream: true });
    }
    const more = reader.read();
    const raced = await Promise.race([more.then(() => 'data'), new Promise((r) => setTimeout(() => r('silent'), 100))]);
    assert.equal(raced, 'silent');
    assert.match(received, /"content":"ab"/);
    assert.match(received, /"content":"cd"/);
    assert.equal(server.openResponses, 1);
    abort.abort();
    await more.catch(() => undefined);
    await server.waitForNoOpenResponses();
  });

  it('plays a named fixture byte for byte, with its headers', async () => {
    const f = STREAM_FIXTURES.find((x) => x.name === 'cr-line-endings');
    assert.ok(f);
    server.enqueue(fixtureReply(f));
    const res = await call();
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.ok(res.headers.get('x-session-id'));
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), f.body);
  });
});
