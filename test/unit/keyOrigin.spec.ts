/** Where the API key may go: the origin it is bound to, loopback-only plain http, and what any other URL gets. */
import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { hostOf, isLoopbackHost, keyUse, originOf } from '../../src/core/keyOrigin';

describe('keyOrigin', () => {
  const BOUND = 'https://app.pathors.com';

  it('sends to the bound origin, whatever the path, query or case of the host', () => {
    for (const url of [
      'https://app.pathors.com/api/project/p/integration/api/chat/completions',
      'https://APP.pathors.com:443/v1/projects/x/chat/completions?x=1',
      'https://user@app.pathors.com/anything',
    ]) {
      assert.deepEqual(keyUse(url, BOUND), { kind: 'send', origin: BOUND }, url);
    }
  });

  it('asks before another origin, naming the host and the one the key was entered for', () => {
    assert.deepEqual(keyUse('https://evil.example/steal', BOUND), {
      kind: 'confirm',
      origin: 'https://evil.example',
      host: 'evil.example',
      boundHost: 'app.pathors.com',
    });
    // Same host, another port or scheme, is another origin.
    assert.equal(keyUse('https://app.pathors.com:8443/x', BOUND).kind, 'confirm');
    assert.equal(keyUse('http://127.0.0.1:8080/x', 'http://127.0.0.1:9090').kind, 'confirm');
    // A look-alike host is not the bound one.
    assert.equal(keyUse('https://app.pathors.com.evil.example/x', BOUND).kind, 'confirm');
  });

  it('binds a key that has no origin yet to the first one it is used with', () => {
    assert.deepEqual(keyUse('https://app.pathors.com/x', undefined), { kind: 'bind', origin: BOUND });
    assert.deepEqual(keyUse('http://localhost:3000/x', ''), { kind: 'bind', origin: 'http://localhost:3000' });
  });

  it('refuses plain http to any host other than this computer, even the bound one', () => {
    assert.deepEqual(keyUse('http://pathors.internal:8080/x', undefined), { kind: 'insecure', host: 'pathors.internal:8080' });
    assert.deepEqual(keyUse('http://app.pathors.com/x', 'http://app.pathors.com'), { kind: 'insecure', host: 'app.pathors.com' });
    assert.equal(keyUse('http://10.0.0.5/x', undefined).kind, 'insecure');
    assert.equal(keyUse('http://[::2]/x', undefined).kind, 'insecure');
    assert.equal(keyUse('http://128.0.0.1/x', undefined).kind, 'insecure');
    assert.equal(keyUse('http://localhost.evil.example/x', undefined).kind, 'insecure');
  });

  it('allows plain http to loopback: localhost, 127.0.0.0/8 and ::1', () => {
    for (const url of ['http://localhost:1/x', 'http://LOCALHOST/x', 'http://api.localhost/x', 'http://127.0.0.1:9/x', 'http://127.255.3.4/x', 'http://[::1]:8/x', 'http://127.1/x', 'http://0x7f.0.0.1/x']) {
      assert.equal(keyUse(url, undefined).kind, 'bind', url);
    }
  });

  it('refuses what is not an http(s) URL', () => {
    for (const url of ['', 'app.pathors.com', 'ftp://app.pathors.com/x', 'file:///etc/passwd', 'javascript:alert(1)']) {
      assert.deepEqual(keyUse(url, BOUND), { kind: 'invalid' }, url);
    }
  });

  it('never hands the key to an origin other than the bound one without asking (property)', () => {
    const host = fc.constantFrom('app.pathors.com', 'evil.example', 'localhost', '127.0.0.1', '[::1]', 'xn--pthors-1wa.com', 'a.b.c');
    const url = fc.record({ scheme: fc.constantFrom('http', 'https'), host, port: fc.option(fc.integer({ min: 1, max: 65535 })), path: fc.webPath() });
    fc.assert(
      fc.property(url, url, (a, b) => {
        const toUrl = (u: typeof a) => `${u.scheme}://${u.host}${u.port === null ? '' : `:${u.port}`}${u.path}`;
        const bound = originOf(toUrl(a));
        const use = keyUse(toUrl(b), bound);
        if (use.kind === 'send') assert.equal(use.origin, bound);
        if (use.kind === 'send' || use.kind === 'bind' || use.kind === 'confirm') {
          // Whatever is sent is never clear text to another computer.
          const u = new URL(toUrl(b));
          assert.ok(u.protocol === 'https:' || isLoopbackHost(u.hostname), toUrl(b));
        }
      }),
    );
  });

  it('names hosts for messages', () => {
    assert.equal(hostOf('https://evil.example:8443/x?y'), 'evil.example:8443');
    assert.equal(hostOf('not a url'), 'not a url');
    assert.equal(originOf('mailto:a@b.c'), undefined);
  });
});
