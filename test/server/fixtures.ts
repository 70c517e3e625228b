/**
 * Named reply bodies that the local server can play back: every odd stream that real SSE
 * servers, OpenAI-compatible services and proxies send (docs: pathors-api.md, "A robust
 * client must also survive…"), each with what a correct client makes of it.
 *
 * The unit tests play each one through the real server and client, whole, one byte per write
 * and at seeded random splits, and through a chat session. Node built-ins only, like the server.
 */
import type { ScriptedReply } from './pathorsServer';

/** How a reply ends for the client: completed, or the kind of error it reports. */
export type FixtureOutcome = 'done' | 'incomplete' | 'streamError' | 'notEventStream' | 'emptyBody' | 'eventTooLarge';

export interface StreamFixture {
  readonly name: string;
  /** The reply's headers besides the server's own (the content type, mostly). */
  readonly headers: Readonly<Record<string, string>>;
  /** Default true: the server sends its X-Session-ID header, which the client must prefer. */
  readonly sessionHeader?: boolean;
  /** The body, byte for byte. */
  readonly body: Uint8Array;
  /** Large bodies are split at random only, never byte by byte. */
  readonly large?: boolean;
  readonly expected: {
    /** The reply text the client reports (the text kept, for an error). */
    readonly text: string;
    readonly outcome: FixtureOutcome;
    /** The server's message, for an error the server reported. */
    readonly detail?: string;
    /** The session id from the body, when there is no header (none when absent). */
    readonly session?: string;
    /** The finish reason reported (none when absent). */
    readonly finish?: string;
    /** Warnings about unreadable chunks (reported once at most). Default 0. */
    readonly warnings?: number;
    /** Token counts reported (none when absent: -1 counts are never reported). */
    readonly usage?: { readonly promptTokens?: number; readonly completionTokens?: number; readonly totalTokens?: number };
  };
}

/** The `maxEventChars` the tests give the client, so the "too large" fixtures stay small. */
export const FIXTURE_MAX_EVENT_CHARS = 64 * 1024;

const SSE = { 'content-type': 'text/event-stream; charset=utf-8' };
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };
const encoder = new TextEncoder();

/** A reply text with ASCII, CJK, an emoji (4 UTF-8 bytes), quotes, a backslash and a newline. */
const PARTS = ['Hello ', '你好, ', '🌏 — ', '"quoted" \\ ', 'and\nmore'];
const TEXT = PARTS.join('');

/** One OpenAI-style chunk as JSON. */
function chunk(delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'chatcmpl-fixture',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'pathway-default',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });
}

/** One event: `data: <json>` and a blank line. */
function ev(data: string, eol = '\n', space = true): string {
  return `data:${space ? ' ' : ''}${data}${eol}${eol}`;
}

interface StreamOptions {
  eol?: string | ((i: number) => string);
  space?: boolean;
  /** `session_id` in every chunk. */
  session?: string;
  finish?: string;
  done?: boolean;
  parts?: readonly string[];
}

/** The usual stream: a role-only first chunk, one chunk per part, a finish chunk, [DONE]. */
function stream(o: StreamOptions = {}): string {
  const eol = (i: number) => (typeof o.eol === 'function' ? o.eol(i) : (o.eol ?? '\n'));
  const extra = o.session ? { session_id: o.session } : {};
  const events = [chunk({ role: 'assistant' }, null, extra), ...(o.parts ?? PARTS).map((p) => chunk({ content: p }, null, extra)), chunk({}, o.finish ?? 'stop', extra)];
  let out = events.map((e, i) => ev(e, eol(i), o.space ?? true)).join('');
  if (o.done !== false) out += ev('[DONE]', eol(events.length), o.space ?? true);
  return out;
}

function fixture(
  name: string,
  body: string | Uint8Array,
  expected: StreamFixture['expected'],
  opts: { headers?: Record<string, string>; sessionHeader?: boolean; large?: boolean } = {},
): StreamFixture {
  return {
    name,
    headers: opts.headers ?? SSE,
    sessionHeader: opts.sessionHeader,
    large: opts.large,
    body: typeof body === 'string' ? encoder.encode(body) : body,
    expected,
  };
}

const ok = { text: TEXT, outcome: 'done', finish: 'stop' } as const;
const completion = (message: Record<string, unknown>, finish: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'chatcmpl-fixture',
    object: 'chat.completion',
    created: 1700000000,
    model: 'pathway-default',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
    usage: { prompt_tokens: -1, completion_tokens: -1, total_tokens: -1 },
    ...extra,
  });
const big = (n: number) => 'x'.repeat(n);
const head = stream({ done: false, finish: undefined }).split('\n\n').slice(0, 3).join('\n\n') + '\n\n'; // role + "Hello " + "你好, "

/** Every fixture, in the order the issue lists the cases. */
export const STREAM_FIXTURES: readonly StreamFixture[] = [
  // Line endings, BOM, comments, field syntax.
  fixture('lf-line-endings', stream(), ok),
  fixture('crlf-line-endings', stream({ eol: '\r\n' }), ok),
  fixture('cr-line-endings', stream({ eol: '\r' }), ok),
  fixture('mixed-line-endings', stream({ eol: (i) => ['\n', '\r\n', '\r'][i % 3] }), ok),
  fixture('utf8-bom', '\uFEFF' + stream(), ok),
  fixture('utf8-bom-crlf', '\uFEFF' + stream({ eol: '\r\n' }), ok),
  fixture(
    'keep-alive-comments',
    ': ping\n\n:\n' + stream().replace(/\n\n/g, '\n: keep-alive inside an event\n\n: ping\n\n'),
    ok,
  ),
  fixture('data-without-space', stream({ space: false }), ok),
  fixture('many-events-in-one-write', stream({ parts: Array.from(TEXT) }), ok),
  fixture(
    'multi-line-data',
    // Each chunk pretty-printed over several data lines: joined with "\n" they are one JSON document.
    [chunk({ role: 'assistant' }), ...PARTS.map((p) => chunk({ content: p })), chunk({}, 'stop')]
      .map((c) => JSON.stringify(JSON.parse(c), null, 1).split('\n').map((l) => `data: ${l}\n`).join('') + '\n')
      .join('') + ev('[DONE]'),
    ok,
  ),
  fixture(
    'chunk-per-data-line',
    // Several whole chunks as the data lines of one event, which some servers send.
    `data: ${chunk({ content: PARTS[0] })}\ndata: ${chunk({ content: PARTS[1] })}\n\n` +
      PARTS.slice(2).map((p) => ev(chunk({ content: p }))).join('') +
      ev(chunk({}, 'stop')) +
      ev('[DONE]'),
    ok,
  ),
  fixture(
    'event-id-retry-fields',
    stream().replace(/data: /g, 'event: message\nid: 7\nretry: 2500\ndata: '),
    ok,
  ),
  fixture('unknown-event-type', `event: ping\ndata: {"type":"ping"}\n\n` + stream(), ok),

  // Chunk shapes.
  fixture('empty-choices', ev(JSON.stringify({ id: 'x', choices: [], prompt_filter_results: [{ prompt_index: 0 }] })) + stream(), ok),
  fixture(
    'role-only-and-empty-content',
    ev(chunk({ role: 'assistant' })) + ev(chunk({ role: 'assistant', content: '' })) + stream(),
    ok,
  ),
  fixture('null-content', stream().replace(/\n\n/g, `\n\n${ev(chunk({ content: null }))}`), ok),
  fixture(
    'several-choices',
    PARTS.map((p) => ev(JSON.stringify({ choices: [{ index: 1, delta: { content: 'WRONG' } }, { index: 0, delta: { content: p } }] }))).join('') +
      ev(JSON.stringify({ choices: [{ index: 1, delta: {}, finish_reason: 'length' }, { index: 0, delta: {}, finish_reason: 'stop' }] })) +
      ev('[DONE]'),
    ok,
  ),
  fixture(
    'usage-minus-one',
    stream({ done: false }) + ev(JSON.stringify({ choices: [], usage: { prompt_tokens: -1, completion_tokens: -1, total_tokens: -1 } })) + ev('[DONE]'),
    ok,
  ),
  fixture(
    'usage-counts',
    stream({ done: false }) + ev(JSON.stringify({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 34, total_tokens: 46 } })) + ev('[DONE]'),
    { ...ok, usage: { promptTokens: 12, completionTokens: 34, totalTokens: 46 } },
  ),

  // Where the session id is.
  fixture('session-in-chunks-only', stream({ session: 'session-from-chunks' }), { ...ok, session: 'session-from-chunks' }, { sessionHeader: false }),
  fixture('session-in-header-only', stream(), ok, { sessionHeader: true }),
  fixture('session-in-header-and-chunks', stream({ session: 'session-from-chunks' }), ok, { sessionHeader: true }),
  fixture('session-nowhere', stream(), ok, { sessionHeader: false }),

  // Why the reply ended.
  fixture('finish-stop', stream({ finish: 'stop' }), ok),
  fixture('finish-length', stream({ finish: 'length' }), { ...ok, finish: 'length' }),
  fixture('finish-content-filter', stream({ finish: 'content_filter' }), { ...ok, finish: 'content_filter' }),
  fixture(
    'finish-tool-calls',
    ev(chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '' } }] })) +
      ev(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"q":"x"}' } }] })) +
      ev(chunk({}, 'tool_calls')) +
      ev('[DONE]'),
    { text: '', outcome: 'done', finish: 'tool_calls' },
  ),

  // Errors inside the stream.
  fixture(
    'error-object-mid-stream',
    head + ev(JSON.stringify({ error: { message: 'The pathway failed.', type: 'server_error' } })),
    { text: 'Hello 你好, ', outcome: 'streamError', detail: 'The pathway failed.' },
  ),
  fixture(
    'error-object-then-more',
    head + ev(JSON.stringify({ error: { message: 'Rate limit reached', code: 429 } })) + ev(chunk({ content: 'never shown' })) + ev('[DONE]'),
    { text: 'Hello 你好, ', outcome: 'streamError', detail: 'Rate limit reached' },
  ),
  fixture(
    'event-error-json',
    head + 'event: error\ndata: {"message":"Upstream timed out"}\n\n',
    { text: 'Hello 你好, ', outcome: 'streamError', detail: 'Upstream timed out' },
  ),
  fixture('event-error-text', head + 'event: error\ndata: upstream overloaded\n\n', { text: 'Hello 你好, ', outcome: 'streamError', detail: 'upstream overloaded' }),
  fixture('error-null-is-not-an-error', stream().replace(/"model":/g, '"error":null,"model":'), ok),

  // How the stream ends.
  fixture('no-done-after-last-chunk', stream({ done: false }), { text: TEXT, outcome: 'incomplete', finish: 'stop' }),
  fixture(
    'no-done-mid-chunk',
    (() => {
      const s = stream();
      const cut = s.indexOf(PARTS[3].slice(0, 5).replace(/"/g, '\\"'));
      return s.slice(0, cut);
    })(),
    { text: PARTS.slice(0, 3).join(''), outcome: 'incomplete' },
  ),
  fixture('no-final-blank-line', stream({ done: false }).replace(/\n\n$/, '\n'), { text: TEXT, outcome: 'incomplete', finish: 'stop' }),
  fixture('done-without-final-newline', stream().replace(/\n\n$/, ''), ok),
  fixture('done-with-surrounding-spaces', stream().replace('data: [DONE]', 'data:  [DONE] '), ok),
  fixture(
    'after-done-ignored',
    stream() + ev(chunk({ content: 'after done' })) + 'data: {not json\n\n' + ev(JSON.stringify({ error: { message: 'late' } })) + 'garbage without newline',
    ok,
  ),
  fixture(
    'done-with-suffix-is-not-done',
    ev(chunk({ role: 'assistant' })) +
      PARTS.slice(0, 3).map((p) => ev(chunk({ content: p }))).join('') +
      ev('[DONE]x') +
      PARTS.slice(3).map((p) => ev(chunk({ content: p }))).join('') +
      ev(chunk({}, 'stop')) +
      ev('[DONE]'),
    { ...ok, warnings: 1 },
  ),

  // Unreadable chunks.
  fixture(
    'malformed-chunks-skipped',
    head + 'data: {not json\n\n' + 'data: {"choices": [\n\n' + PARTS.slice(2).map((p) => ev(chunk({ content: p }))).join('') + ev(chunk({}, 'stop')) + ev('[DONE]'),
    { ...ok, warnings: 1 },
  ),
  fixture('malformed-last-event', stream({ done: false }) + 'data: {"truncated\n\n' + ev('[DONE]'), { ...ok, warnings: 1 }),
  fixture('non-object-json', ev('42') + ev('[1,2]') + ev('"text"') + stream(), { ...ok, warnings: 1 }),

  // A 200 that is not an event stream.
  fixture(
    'json-body',
    completion({ content: TEXT }, 'stop', { session_id: 'session-from-json' }),
    { text: TEXT, outcome: 'done', finish: 'stop', session: 'session-from-json' },
    { headers: JSON_TYPE, sessionHeader: false },
  ),
  fixture('json-body-with-bom', '\uFEFF' + completion({ content: TEXT }, 'length'), { text: TEXT, outcome: 'done', finish: 'length' }, { headers: JSON_TYPE }),
  fixture(
    'json-body-tool-calls',
    completion({ content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{}' } }] }, 'tool_calls'),
    { text: '', outcome: 'done', finish: 'tool_calls' },
    { headers: JSON_TYPE },
  ),
  fixture(
    'json-body-error',
    JSON.stringify({ error: { message: 'Pathway not published', type: 'invalid_request_error' } }),
    { text: '', outcome: 'streamError', detail: 'Pathway not published' },
    { headers: JSON_TYPE },
  ),
  fixture(
    'html-body',
    '<!doctype html><html><head><title>Sign in</title></head><body><form action="/login">…</form></body></html>',
    { text: '', outcome: 'notEventStream' },
    { headers: { 'content-type': 'text/html; charset=utf-8' } },
  ),
  fixture('html-labelled-event-stream', '<!doctype html>\n<html><body>\n<h1>502 Bad Gateway</h1>\n</body></html>\n', { text: '', outcome: 'notEventStream' }),
  fixture('plain-text-body', 'Service temporarily unavailable', { text: '', outcome: 'notEventStream' }, { headers: { 'content-type': 'text/plain' } }),
  fixture('empty-event-stream', '', { text: '', outcome: 'emptyBody' }),
  fixture('empty-json-body', '', { text: '', outcome: 'emptyBody' }, { headers: JSON_TYPE }),
  fixture('whitespace-json-body', ' \r\n\t\n', { text: '', outcome: 'emptyBody' }, { headers: JSON_TYPE }),
  fixture('event-stream-as-text-plain', stream(), ok, { headers: { 'content-type': 'text/plain; charset=utf-8' } }),
  fixture('event-stream-as-octet-stream', '\n' + stream({ eol: '\r\n' }), ok, { headers: { 'content-type': 'application/octet-stream' } }),

  // Bounded buffers.
  fixture('enormous-event', head + ev(chunk({ content: big(FIXTURE_MAX_EVENT_CHARS + 10) })) + ev('[DONE]'), { text: 'Hello 你好, ', outcome: 'eventTooLarge' }, { large: true }),
  fixture(
    'enormous-multi-line-event',
    head + Array.from({ length: 1400 }, () => `data: ${big(60)}\n`).join('') + '\n' + ev('[DONE]'),
    { text: 'Hello 你好, ', outcome: 'eventTooLarge' },
    { large: true },
  ),
  fixture('endless-line', head + big(FIXTURE_MAX_EVENT_CHARS + 10), { text: 'Hello 你好, ', outcome: 'eventTooLarge' }, { large: true }),
  fixture('endless-comment', head + ':' + big(FIXTURE_MAX_EVENT_CHARS + 10), { text: 'Hello 你好, ', outcome: 'eventTooLarge' }, { large: true }),
  fixture('enormous-json-body', completion({ content: big(FIXTURE_MAX_EVENT_CHARS + 10) }, 'stop'), { text: '', outcome: 'eventTooLarge' }, { headers: JSON_TYPE, large: true }),
];

/** The scripted reply that plays a fixture, in the given pieces (default: one write). */
export function fixtureReply(f: StreamFixture, chunks: readonly Uint8Array[] = [f.body]): ScriptedReply {
  return { headers: { ...f.headers }, chunks: [...chunks], sessionInHeader: f.sessionHeader ?? true };
}
