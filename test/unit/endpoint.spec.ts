/** Where requests go: the built Pathors URL, a full endpoint URL used as is, and what makes either unusable. */
import assert from 'node:assert/strict';
import { buildV1EndpointUrl, resolveEndpoint, settingToFix, urlFault, type EndpointSettings } from '../../src/core/endpoint';
import { buildEndpointUrl } from '../../src/core/pathorsClient';
import { PathorsServer } from '../server/pathorsServer';
import { collect, last, textOf } from './helpers';

const base: EndpointSettings = { baseUrl: 'https://app.pathors.com', projectId: 'p-1', endpointUrl: '' };

describe('endpoint settings', () => {
  it('builds the Pathors URL from base URL and project ID when no endpoint URL is set', () => {
    assert.deepEqual(resolveEndpoint(base), {
      ok: true,
      url: 'https://app.pathors.com/api/project/p-1/integration/api/chat/completions',
      source: 'baseUrl',
    });
  });

  it('uses a set endpoint URL as is, and then needs no project ID', () => {
    const url = 'https://api.pathors.com/v1/projects/p-1/chat/completions?x=1';
    assert.deepEqual(resolveEndpoint({ ...base, projectId: '', endpointUrl: url }), { ok: true, url, source: 'endpointUrl' });
    assert.deepEqual(resolveEndpoint({ ...base, endpointUrl: `  ${url} ` }), { ok: true, url, source: 'endpointUrl' });
  });

  it('reports a missing project only when no endpoint URL is set', () => {
    assert.deepEqual(resolveEndpoint({ ...base, projectId: '' }), { ok: false, problem: 'noProject' });
    assert.deepEqual(resolveEndpoint({ ...base, projectId: '   ' }), { ok: false, problem: 'noProject' });
  });

  it('refuses an endpoint URL that is not an http(s) URL, naming the setting and why', () => {
    const cases: Array<[string, string]> = [
      ['api.pathors.com/v1/projects/p/chat/completions', 'invalid'],
      ['not a url', 'invalid'],
      ['http://', 'invalid'],
      ['ftp://example.com/chat', 'protocol'],
      ['file:///etc/passwd', 'protocol'],
      ['javascript:alert(1)', 'protocol'],
      ['https://api.pathors.com/v1/projects/{projectId}/chat/completions', 'placeholder'],
    ];
    for (const [endpointUrl, fault] of cases) {
      assert.deepEqual(resolveEndpoint({ ...base, endpointUrl }), { ok: false, problem: 'badEndpoint', setting: 'endpointUrl', fault }, endpointUrl);
    }
  });

  it('refuses a base URL that is not an http(s) URL once a project is set', () => {
    assert.deepEqual(resolveEndpoint({ ...base, baseUrl: 'app.pathors.com' }), { ok: false, problem: 'badEndpoint', setting: 'baseUrl', fault: 'invalid' });
    // Without a project the project is what to fix first.
    assert.deepEqual(resolveEndpoint({ ...base, baseUrl: 'app.pathors.com', projectId: '' }), { ok: false, problem: 'noProject' });
  });

  it('accepts http and https URLs with ports, paths and queries', () => {
    for (const url of ['http://127.0.0.1:8080/v1/chat/completions', 'https://example.com/a/b?c=d', 'HTTPS://EXAMPLE.COM/x']) {
      assert.equal(urlFault(url), undefined, url);
    }
  });

  it('points at the setting to fix', () => {
    assert.equal(settingToFix(resolveEndpoint(base)), 'pathors.projectId');
    assert.equal(settingToFix(resolveEndpoint({ ...base, projectId: '' })), 'pathors.projectId');
    assert.equal(settingToFix(resolveEndpoint({ ...base, endpointUrl: 'http://x.test/chat' })), 'pathors.endpointUrl');
    assert.equal(settingToFix(resolveEndpoint({ ...base, endpointUrl: 'nope' })), 'pathors.endpointUrl');
    assert.equal(settingToFix(resolveEndpoint({ ...base, baseUrl: 'nope' })), 'pathors.baseUrl');
  });

  it('builds the newer form with the project ID encoded', () => {
    assert.equal(buildV1EndpointUrl('https://api.pathors.com/', 'a b/c'), 'https://api.pathors.com/v1/projects/a%20b%2Fc/chat/completions');
  });
});

describe('both URL shapes against the local server', function () {
  this.timeout(10_000);
  let server: PathorsServer;

  before(async () => (server = await PathorsServer.start({ projectId: 'shape-project' })));
  beforeEach(() => server.reset());
  after(() => server.close());

  const ask = (url: string) => collect({ url, apiKey: server.apiKey, messages: [{ role: 'user', content: 'which route?' }], retry: { maxRetries: 0 } });

  it('answers the built URL and a v1 endpoint URL alike, each starting a session', async () => {
    const legacy = resolveEndpoint({ baseUrl: server.baseUrl, projectId: server.projectId, endpointUrl: '' });
    const v1 = resolveEndpoint({ baseUrl: 'https://unused.test', projectId: '', endpointUrl: server.v1EndpointUrl() });
    assert.ok(legacy.ok && v1.ok);
    assert.equal(legacy.url, buildEndpointUrl(server.baseUrl, server.projectId));
    assert.equal(v1.url, buildV1EndpointUrl(server.baseUrl, server.projectId));

    for (const url of [legacy.url, v1.url]) {
      const events = await ask(url);
      assert.equal(last(events).type, 'done', url);
      assert.match(textOf(events), /You asked: “which route\?”/);
      assert.ok(events.some((e) => e.type === 'session'), url);
    }
    assert.deepEqual(
      server.requests.map((r) => [r.path, r.status]),
      [
        ['/api/project/shape-project/integration/api/chat/completions', 200],
        ['/v1/projects/shape-project/chat/completions', 200],
      ],
    );
  });

  it('gives 404 for another project on the v1 route, and 401 for a wrong key, as on the built one', async () => {
    const notFound = last(await ask(server.v1EndpointUrl('someone-else')));
    assert.ok(notFound.type === 'error' && notFound.error.kind === 'notFound');
    const rejected = last(await collect({ url: server.v1EndpointUrl(), apiKey: 'sk_wrong', messages: [{ role: 'user', content: 'hi' }] }));
    assert.ok(rejected.type === 'error' && rejected.error.kind === 'unauthorized');
  });
});
