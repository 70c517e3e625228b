/** Request logging against the real local server: what each level gets, that replies pass through untouched, and never the key. */
import assert from 'node:assert/strict';
import { ChatSession } from '../../src/core/chatSession';
import { PathorsError } from '../../src/core/errors';
import type { SessionText } from '../../src/core/ports';
import { describeFailure, failureLevel, loggingFetch, loggingSessionText, type Logger } from '../../src/core/requestLog';
import { PathorsServer } from '../server/pathorsServer';
import { collect, last, textOf } from './helpers';
import { MemoryTranscript } from './replyHelpers';

type Level = keyof Logger;

/** A logger that keeps every line with its level. */
function recorder(): Logger & { lines: Array<[Level, string]>; at(level: Level): string[] } {
  const lines: Array<[Level, string]> = [];
  const put = (level: Level) => (message: string) => void lines.push([level, message]);
  return {
    lines,
    at: (level) => lines.filter(([l]) => l === level).map(([, m]) => m),
    info: put('info'),
    warn: put('warn'),
    error: put('error'),
    debug: put('debug'),
  };
}

const text: SessionText = {
  error: (err) => ({ message: `error:${err.kind}`, actions: ['retry'] }),
  finishNotice: () => undefined,
  malformedNotice: () => 'malformed',
  stoppedNotice: () => 'stopped',
  interruptedNotice: () => 'interrupted',
  replyCapNotice: (chars) => `cap:${chars}`,
  retryNotice: (s, a, m) => `retry ${a}/${m} in ${s}`,
};

describe('request logging', function () {
  this.timeout(10_000);
  const API_KEY = 'sk_log_secret_4711';
  let server: PathorsServer;
  let log: ReturnType<typeof recorder>;

  before(async () => (server = await PathorsServer.start({ apiKey: API_KEY })));
  beforeEach(() => {
    server.reset();
    log = recorder();
  });
  afterEach(() => {
    for (const [, line] of log.lines) assert.ok(!line.includes(API_KEY), `the key reached the log: ${line}`);
  });
  after(() => server.close());

  const ask = (apiKey = API_KEY, extra: { idleTimeoutMs?: number; url?: string } = {}) =>
    collect({
      url: extra.url ?? server.endpointUrl(),
      apiKey,
      messages: [{ role: 'user', content: 'log me' }],
      fetch: loggingFetch(log),
      idleTimeoutMs: extra.idleTimeoutMs,
      retry: { maxRetries: 0 },
    });

  it('logs the status and time at info, then the end of the reply, and passes the reply through unchanged', async () => {
    const plain = await collect({ url: server.endpointUrl(), apiKey: API_KEY, messages: [{ role: 'user', content: 'log me' }] });
    const logged = await ask();
    assert.equal(last(logged).type, 'done');
    assert.equal(textOf(logged), textOf(plain));
    const [status, end, ...rest] = log.at('info');
    assert.match(status, new RegExp(`^POST ${server.endpointUrl().replace(/[.?*+^$()[\]\\/]/g, '\\$&')} → HTTP 200 \\(text/event-stream[^)]*\\) in \\d+ ms$`));
    assert.match(end, /: reply (finished|closed) after \d+ bytes in \d+ ms$/);
    assert.deepEqual(rest, []);
    assert.deepEqual([...log.at('warn'), ...log.at('error')], []);
  });

  it('logs an HTTP error reply at debug only: the failure the user sees is logged where it is shown', async () => {
    const ev = last(await ask('sk_wrong'));
    assert.ok(ev.type === 'error' && ev.error.kind === 'unauthorized');
    assert.deepEqual(log.at('info'), []);
    assert.match(log.at('debug').join('\n'), /→ HTTP 401 \(application\/json[^)]*\) in \d+ ms/);
  });

  it('logs a connection failure at debug with its socket error code, and still fails the request', async () => {
    const gone = await PathorsServer.start();
    const url = gone.endpointUrl();
    await gone.close();
    const ev = last(await ask(API_KEY, { url }));
    assert.ok(ev.type === 'error' && ev.error.kind === 'network');
    assert.match(log.at('debug').join('\n'), /^POST .* failed after \d+ ms: ECONNREFUSED$/m);
  });

  it('logs a reply that breaks off at debug', async () => {
    server.enqueue({ hang: true });
    const ev = last(await ask(API_KEY, { idleTimeoutMs: 150 }));
    assert.ok(ev.type === 'error' && ev.error.kind === 'stalled');
    assert.match(log.at('debug').join('\n'), /reply broke off after 0 bytes/);
    await server.waitForNoOpenResponses();
  });
});

describe('session logging', function () {
  this.timeout(10_000);
  let server: PathorsServer;
  let log: ReturnType<typeof recorder>;

  before(async () => (server = await PathorsServer.start()));
  beforeEach(() => {
    server.reset();
    log = recorder();
  });
  after(() => server.close());

  const session = () =>
    new ChatSession({ store: new MemoryTranscript(), text: loggingSessionText(text, log), fetch: loggingFetch(log), retry: { baseDelayMs: 5 } });

  it('logs each retry at debug and the answered attempt at info', async () => {
    server.enqueue({ status: 503 });
    const s = session();
    s.send({ text: 'again' }, { url: server.endpointUrl(), apiKey: server.apiKey });
    await s.whenIdle();
    assert.equal(s.transcript.at(-1)?.role, 'assistant');
    const debug = log.at('debug').join('\n');
    assert.match(debug, /→ HTTP 503/);
    assert.match(debug, /^Retrying in 1 s \(retry 1 of 2\)$/m);
    assert.equal(log.at('info').filter((l) => l.includes('→ HTTP 200')).length, 1);
    assert.deepEqual([...log.at('warn'), ...log.at('error')], []);
  });

  it('logs a failure the user must fix as an error, with its status and the server message', async () => {
    const s = session();
    s.send({ text: 'wrong key' }, { url: server.endpointUrl(), apiKey: 'sk_wrong' });
    await s.whenIdle();
    assert.deepEqual(log.at('error'), ['Request failed: unauthorized, HTTP 401: Invalid API key']);
    // The wording the session shows is still the host's.
    assert.equal(s.transcript.at(-1)?.text, 'error:unauthorized');
  });

  it('logs a failure that may pass by itself as a warning', async () => {
    server.enqueue({ status: 503 }, { status: 503 }, { status: 503 });
    const s = session();
    s.send({ text: 'busy' }, { url: server.endpointUrl(), apiKey: server.apiKey });
    await s.whenIdle();
    assert.deepEqual(log.at('warn'), ['Request failed: server, HTTP 503: Service Unavailable']);
    assert.equal(log.at('debug').filter((l) => l.startsWith('Retrying')).length, 2);
  });

  it('keeps the wrapped wording: no retry note when the host gives none', () => {
    const { retryNotice: _omit, ...withoutRetry } = text;
    assert.equal(loggingSessionText(withoutRetry, log).retryNotice, undefined);
    assert.equal(loggingSessionText(text, log).retryNotice?.(3, 1, 2), 'retry 1/2 in 3');
  });

  it('chooses the level by what the user can do about it', () => {
    assert.equal(failureLevel('unauthorized'), 'error');
    assert.equal(failureLevel('notFound'), 'error');
    assert.equal(failureLevel('notEventStream'), 'error');
    assert.equal(failureLevel('network'), 'warn');
    assert.equal(failureLevel('timeout'), 'warn');
    assert.equal(failureLevel('aborted'), 'debug');
    assert.equal(describeFailure(new PathorsError('timeout', 'x', undefined, undefined, 2500)), 'timeout, after 2500 ms');
  });
});
