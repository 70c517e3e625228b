/** Redirects are never followed: the question and the key are not re-posted, and the error names the target. */
import assert from 'node:assert/strict';
import { streamChat, type ChatRequest } from '../../src/core/pathorsClient';
import { testConnection } from '../../src/core/connectionCheck';
import { PathorsServer } from '../server/pathorsServer';
import { collect, last } from './helpers';

describe('redirects', () => {
  let server: PathorsServer;
  let elsewhere: PathorsServer;
  let req: () => ChatRequest;

  before(async () => {
    server = await PathorsServer.start();
    elsewhere = await PathorsServer.start({ apiKey: server.apiKey, projectId: server.projectId });
    req = () => ({ url: server.endpointUrl(), apiKey: server.apiKey, messages: [{ role: 'user', content: 'secret code' }], retry: { baseDelayMs: 1 } });
  });
  beforeEach(() => {
    server.reset();
    elsewhere.reset();
  });
  after(async () => {
    await server.close();
    await elsewhere.close();
  });

  for (const status of [301, 302, 303, 307, 308]) {
    it(`treats a ${status} to another origin as an error naming the target, and posts nothing there`, async () => {
      server.enqueue({ status, headers: { Location: `${elsewhere.endpointUrl()}?token=abc` }, body: '' });
      const events = await collect(req());
      const end = last(events);
      assert.ok(end.type === 'error', JSON.stringify(end));
      assert.equal(end.error.kind, 'redirect');
      assert.equal(end.error.status, status);
      // The target without its query string, which may carry the other server's own tokens.
      assert.equal(end.error.detail, elsewhere.endpointUrl());
      assert.equal(events.some((e) => e.type === 'retry' || e.type === 'delta'), false);
      assert.equal(server.requests.length, 1, 'asked once, not retried');
      assert.equal(elsewhere.requests.length, 0, 'the redirect target received a request');
    });
  }

  it('does not follow a redirect on the same origin either, and resolves a relative target', async () => {
    server.enqueue({ status: 307, headers: { Location: '/moved/here' }, body: '' });
    const end = last(await collect(req()));
    assert.ok(end.type === 'error' && end.error.kind === 'redirect');
    assert.equal(end.error.detail, `${server.baseUrl}/moved/here`);
    assert.equal(server.requests.length, 1);
  });

  it('says so when a redirect has no target', async () => {
    server.enqueue({ status: 302, body: '' });
    const end = last(await collect(req()));
    assert.ok(end.type === 'error' && end.error.kind === 'redirect');
    assert.equal(end.error.detail, 'unknown');
  });

  it('sends the fetch redirect: manual, whatever fetch is passed in', async () => {
    const modes: Array<RequestRedirect | undefined> = [];
    const spy: typeof fetch = (input, init) => {
      modes.push(init?.redirect);
      return fetch(input, init);
    };
    server.enqueue({ text: 'ok' });
    for await (const ev of streamChat({ ...req(), fetch: spy })) void ev;
    assert.deepEqual(modes, ['manual']);
  });

  it('reports a redirect in Test Connection as such, with the target', async () => {
    server.enqueue({ status: 308, headers: { Location: elsewhere.endpointUrl() }, body: '' });
    const result = await testConnection({ endpoint: { ok: true, url: server.endpointUrl(), source: 'baseUrl' }, apiKey: server.apiKey });
    assert.ok(!result.ok);
    assert.equal(result.fault, 'redirected');
    assert.equal(result.error?.detail, elsewhere.endpointUrl());
    assert.equal(elsewhere.requests.length, 0);
  });
});
