/** "Test Connection" against the real local server, told to fail in each way a user's set-up can. */
import assert from 'node:assert/strict';
import {
  diagnose,
  fixActions,
  suspect,
  testConnection,
  TEST_MESSAGE,
  type ConnectionFault,
  type ConnectionResult,
  type ConnectionTestInput,
} from '../../src/core/connectionCheck';
import { resolveEndpoint } from '../../src/core/endpoint';
import { PathorsError, type PathorsErrorKind } from '../../src/core/errors';
import { PathorsServer } from '../server/pathorsServer';

describe('testConnection', function () {
  this.timeout(15_000);
  let server: PathorsServer;

  before(async () => (server = await PathorsServer.start({ projectId: 'conn-project' })));
  beforeEach(() => server.reset());
  after(() => server.close());

  const endpoint = (over: { baseUrl?: string; projectId?: string; endpointUrl?: string } = {}) =>
    resolveEndpoint({ baseUrl: server.baseUrl, projectId: server.projectId, endpointUrl: '', ...over });
  const check = (over: Partial<ConnectionTestInput> = {}) => testConnection({ endpoint: endpoint(), apiKey: server.apiKey, ...over });
  const failure = (r: ConnectionResult): Extract<ConnectionResult, { ok: false }> => {
    assert.equal(r.ok, false, 'the test passed');
    return r as Extract<ConnectionResult, { ok: false }>;
  };

  it('succeeds with the time taken and the session id, in a new session, sending one short message', async () => {
    const r = await check();
    assert.ok(r.ok);
    assert.ok(Number.isFinite(r.elapsedMs) && r.elapsedMs >= 0);
    assert.equal(r.url, server.endpointUrl());
    const [req] = await server.waitForRequests(1);
    assert.equal(r.sessionId, req.sessionId);
    assert.equal(req.headers['x-session-id'], undefined, 'a test must not continue a session');
    assert.deepEqual(req.body, { messages: [{ role: 'user', content: TEST_MESSAGE }], stream: true });
    assert.equal(req.authorizationMatched, true);
  });

  it('succeeds through a v1 endpoint URL without a project ID', async () => {
    const r = await check({ endpoint: endpoint({ projectId: '', endpointUrl: server.v1EndpointUrl() }) });
    assert.ok(r.ok);
    assert.equal((await server.waitForRequests(1))[0].path, '/v1/projects/conn-project/chat/completions');
  });

  it('says when no session id came back (an OpenAI-style server)', async () => {
    server.enqueue({ text: 'pong', sessionInHeader: false, sessionInBody: false });
    const r = await check();
    assert.ok(r.ok);
    assert.equal(r.sessionId, undefined);
  });

  it('takes the session id from the body when the header is missing', async () => {
    server.enqueue({ text: 'pong', sessionInHeader: false });
    const r = await check();
    assert.ok(r.ok && r.sessionId);
    assert.equal(r.sessionId, (await server.waitForRequests(1))[0].sessionId);
  });

  it('stops reading at the first text of a long reply', async () => {
    server.enqueue({ text: 'x'.repeat(400), chunkSize: 1, delayMs: 20 });
    const r = await check();
    assert.ok(r.ok);
    await server.waitForNoOpenResponses();
  });

  it('reports the settings and a missing key before making any request', async () => {
    assert.equal(failure(await check({ endpoint: endpoint({ projectId: '' }) })).fault, 'noProject');
    assert.equal(failure(await check({ endpoint: endpoint({ endpointUrl: 'ftp://x.test/chat' }) })).fault, 'badEndpoint');
    assert.equal(failure(await check({ endpoint: endpoint({ baseUrl: 'not a url' }) })).fault, 'badEndpoint');
    assert.equal(failure(await check({ apiKey: undefined })).fault, 'noKey');
    assert.equal(failure(await check({ apiKey: '' })).fault, 'noKey');
    assert.equal(server.requests.length, 0);
  });

  const faults: Array<[string, () => Partial<ConnectionTestInput> | void, ConnectionFault, number?]> = [
    ['a wrong key', () => ({ apiKey: 'sk_wrong' }), 'keyRejected', 401],
    ['a wrong project', () => ({ endpoint: endpoint({ projectId: 'nope' }) }), 'notFound', 404],
    ['a v1 URL for a wrong project', () => ({ endpoint: endpoint({ endpointUrl: server.v1EndpointUrl('nope') }) }), 'notFound', 404],
    ['a URL with no chat route', () => ({ endpoint: endpoint({ endpointUrl: `${server.baseUrl}/v1/chat/completions` }) }), 'notFound', 404],
    ['a proxy page answering 200', () => void server.enqueue({ body: '<!doctype html><html><body>Sign in to the proxy</body></html>' }), 'notPathors', 200],
    ['an empty 200', () => void server.enqueue({ body: '', headers: { 'content-type': 'text/plain' } }), 'notPathors', 200],
    ['a 405 from something that is not a chat endpoint', () => void server.enqueue({ status: 405 }), 'rejected', 405],
    ['a 400', () => void server.enqueue({ status: 400 }), 'rejected', 400],
    ['a 429, not retried', () => void server.enqueue({ status: 429 }), 'rateLimited', 429],
    ['a 503, not retried', () => void server.enqueue({ status: 503 }), 'server', 503],
    ['an error event before any text', () => void server.enqueue({ text: 'never shown', errorAfter: 0 }), 'replyFailed', 200],
    ['a connection dropped before any text', () => void server.enqueue({ text: 'never shown', dropAfter: 0 }), 'replyFailed', 200],
  ];
  for (const [what, arrange, fault, status] of faults) {
    it(`diagnoses ${what} as ${fault}`, async () => {
      const r = failure(await check(arrange() ?? {}));
      assert.equal(r.fault, fault);
      const reqs = await server.waitForRequests(1);
      assert.equal(reqs.length, 1, 'the test made more than one request');
      assert.equal(reqs[0].status, status);
      assert.ok(r.error, 'no error kept for the log');
    });
  }

  it('diagnoses no response headers within the timeout as timeout', async () => {
    server.enqueue({ hangBeforeHeaders: true });
    const r = failure(await check({ requestTimeoutMs: 200 }));
    assert.equal(r.fault, 'timeout');
    assert.equal(r.error?.timeoutMs, 200);
    await server.waitForNoOpenResponses();
  });

  it('diagnoses headers and then silence as stalled', async () => {
    server.enqueue({ hang: true });
    const r = failure(await check({ idleTimeoutMs: 200 }));
    assert.equal(r.fault, 'stalled');
    await server.waitForNoOpenResponses();
  });

  it('diagnoses a closed port as refused', async () => {
    const gone = await PathorsServer.start();
    const url = gone.endpointUrl();
    await gone.close();
    const r = failure(await check({ endpoint: endpoint({ endpointUrl: url }) }));
    assert.equal(r.fault, 'refused');
    assert.equal(r.error?.detail, 'ECONNREFUSED');
  });

  it('diagnoses a host name that does not resolve as dns', async () => {
    // .invalid never resolves (RFC 6761), so this needs no network.
    const r = failure(await check({ endpoint: endpoint({ endpointUrl: 'http://pathors-test.invalid/v1/chat/completions' }) }));
    assert.equal(r.fault, 'dns');
  });

  it('diagnoses https to a plain-http port as tls', async () => {
    const r = failure(await check({ endpoint: endpoint({ endpointUrl: server.endpointUrl().replace('http:', 'https:') }) }));
    assert.equal(r.fault, 'tls');
  });

  it('reports a cancelled test as cancelled', async () => {
    server.enqueue({ hangBeforeHeaders: true });
    const abort = new AbortController();
    const pending = check({ signal: abort.signal });
    await server.waitForRequests(1);
    abort.abort();
    assert.equal(failure(await pending).fault, 'cancelled');
    await server.waitForNoOpenResponses();
  });
});

describe('connection diagnosis', () => {
  const BY_KIND: Record<PathorsErrorKind, ConnectionFault> = {
    unauthorized: 'keyRejected',
    notFound: 'notFound',
    network: 'network',
    timeout: 'timeout',
    stalled: 'stalled',
    notEventStream: 'notPathors',
    emptyBody: 'notPathors',
    badRequest: 'rejected',
    http: 'rejected',
    rateLimited: 'rateLimited',
    server: 'server',
    malformedChunk: 'replyFailed',
    streamError: 'replyFailed',
    eventTooLarge: 'replyFailed',
    incomplete: 'replyFailed',
    redirect: 'redirected',
    aborted: 'cancelled',
  };

  it('maps every error kind of the client to a fault', () => {
    for (const [kind, fault] of Object.entries(BY_KIND)) {
      assert.equal(diagnose(new PathorsError(kind as PathorsErrorKind, kind)), fault, kind);
    }
  });

  it('reads the socket error code of a network failure', () => {
    const net = (detail?: string) => diagnose(new PathorsError('network', 'Network error', undefined, detail));
    assert.equal(net('ENOTFOUND'), 'dns');
    assert.equal(net('EAI_AGAIN'), 'dns');
    assert.equal(net('ECONNREFUSED'), 'refused');
    assert.equal(net('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'tls');
    assert.equal(net('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls');
    assert.equal(net('ECONNRESET'), 'network');
    assert.equal(net(undefined), 'network');
  });

  it('offers the fix that matches: the key, the settings, or the log', () => {
    assert.deepEqual(fixActions('noKey'), ['setApiKey']);
    assert.deepEqual(fixActions('keyRejected'), ['setApiKey']);
    assert.deepEqual(fixActions('notFound'), ['openSettings']);
    assert.deepEqual(fixActions('noProject'), ['openSettings']);
    assert.deepEqual(fixActions('notPathors'), ['openSettings']);
    assert.deepEqual(fixActions('refused'), ['openSettings', 'showLog']);
    assert.deepEqual(fixActions('server'), ['showLog']);
    assert.deepEqual(fixActions('cancelled'), []);
  });

  it('blames the project for a 404 on the built URL and the URL for a 404 on an endpoint URL', () => {
    assert.equal(suspect('notFound', 'baseUrl'), 'project');
    assert.equal(suspect('notFound', 'endpointUrl'), 'url');
    assert.equal(suspect('keyRejected', 'baseUrl'), 'key');
    assert.equal(suspect('dns', 'baseUrl'), 'url');
    assert.equal(suspect('timeout', 'baseUrl'), 'network');
  });
});
