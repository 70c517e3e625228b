/**
 * Property tests of the client's parsing, fed real `Response` bodies: any split of any valid
 * stream gives the same text as the whole stream, and no sequence of bytes can crash it.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ChatRequest } from '../../src/core/pathorsClient';
import { collect, last, textOf } from './helpers';
import { assertWellFormed, cutAt, replyFetch } from './replyHelpers';

/** Iterations per property; a failure prints its seed and the shrunk case to replay. */
const VALID_RUNS = 300;
const FUZZ_RUNS = 500;

const encoder = new TextEncoder();
const request = (fetch: typeof globalThis.fetch, over: Partial<ChatRequest> = {}): ChatRequest => ({
  url: 'http://127.0.0.1/property',
  apiKey: 'sk_property',
  messages: [{ role: 'user', content: 'property' }],
  fetch,
  ...over,
});

/** How one event is written: its line ending, the space after the colon, and the extras around it. */
const eventStyle = fc.record({
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  space: fc.boolean(),
  // The chunk's JSON spread over several data lines (joined with "\n" it is the same JSON).
  multiLine: fc.boolean(),
  comment: fc.boolean(),
  fields: fc.boolean(),
});

const validStream = fc.record({
  deltas: fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 16 }),
  styles: fc.array(eventStyle, { minLength: 20, maxLength: 20 }),
  bom: fc.boolean(),
  session: fc.option(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== ''), { nil: undefined }),
  finish: fc.constantFrom('stop', 'length', 'content_filter', 'tool_calls'),
  cuts: fc.array(fc.nat(), { maxLength: 40 }),
});

type Style = { eol: string; space: boolean; multiLine: boolean; comment: boolean; fields: boolean };

function writeEvent(data: string, s: Style): string {
  const lines = s.multiLine && data.startsWith('{') ? JSON.stringify(JSON.parse(data), null, 1).split('\n') : [data];
  let out = s.comment ? `: keep-alive${s.eol}${s.eol}` : '';
  if (s.fields) out += `event: message${s.eol}id: 42${s.eol}retry: 1000${s.eol}`;
  for (const line of lines) out += `data:${s.space ? ' ' : ''}${line}${s.eol}`;
  return out + s.eol;
}

describe('stream properties', function () {
  this.timeout(60_000);

  it(`any split of any valid stream gives the text of the whole stream (${VALID_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(validStream, async ({ deltas, styles, bom, session, finish, cuts }) => {
        const extra = session ? { session_id: session } : {};
        const chunks = [
          { choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }], ...extra },
          ...deltas.map((content) => ({ choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra })),
          { choices: [{ index: 0, delta: {}, finish_reason: finish }], ...extra },
        ];
        const text = (bom ? '\uFEFF' : '') + [...chunks.map((c) => JSON.stringify(c)), '[DONE]'].map((d, i) => writeEvent(d, styles[i % styles.length])).join('');
        const bytes = encoder.encode(text);
        const headers = { 'content-type': 'text/event-stream' };
        const whole = await collect(request(replyFetch([bytes], headers)));
        const split = await collect(request(replyFetch(cutAt(bytes, cuts.map((c) => c % bytes.length)), headers)));
        assertWellFormed(split);
        assert.equal(textOf(whole), deltas.join(''));
        assert.equal(textOf(split), textOf(whole));
        assert.deepEqual(last(split), { type: 'done' });
        assert.deepEqual(split.filter((e) => e.type !== 'delta'), whole.filter((e) => e.type !== 'delta'), 'same events besides how the text is batched');
        assert.deepEqual(split.filter((e) => e.type === 'session'), session ? [{ type: 'session', sessionId: session }] : []);
        assert.deepEqual(split.filter((e) => e.type === 'finish'), [{ type: 'finish', reason: finish }]);
      }),
      { numRuns: VALID_RUNS },
    );
  });

  /** Pieces that make random bytes look like a stream often enough to reach the parser's corners. */
  const token = fc.oneof(
    fc.constantFrom(
      'data: ', 'data:', 'event: error\n', 'event: message\n', 'id: 1\n', 'retry: x\n', ': ping\n', '\n', '\r', '\r\n', '\n\n',
      '[DONE]', '[DONE]x', '{', '}', '"', '\\', '\uFEFF', 'null', '[]', '42', '<html>',
      '{"choices":[{"index":0,"delta":{"content":"a"}}]}', '{"choices":[{"delta":{"content":"é🌏"},"finish_reason":"stop"}]}',
      '{"error":{"message":"boom"}}', '{"choices":[]}', '{"session_id":"s"}', '{"usage":{"total_tokens":-1}}',
      '{"choices":[{"index":0,"message":{"content":"whole"},"finish_reason":"stop"}]}',
    ),
    fc.string({ unit: 'binary', maxLength: 6 }),
  );
  const body = fc.oneof(
    fc.uint8Array({ maxLength: 400 }),
    fc.array(token, { maxLength: 60 }).map((t) => encoder.encode(t.join(''))),
    // A stream-like body with a few bytes flipped: broken UTF-8 in the middle of events.
    fc.tuple(fc.array(token, { maxLength: 40 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 })).map(([t, flips]) => {
      const bytes = encoder.encode(t.join(''));
      for (const [at, value] of flips) if (bytes.length) bytes[at % bytes.length] = value;
      return bytes;
    }),
  );

  it(`arbitrary bytes as a reply never crash the client: typed events ending in done or error (${FUZZ_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom('text/event-stream', 'application/json', 'text/html', 'text/plain', '', 'application/octet-stream'),
        fc.constantFrom(200, 200, 200, 200, 204, 400, 429, 500),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.constantFrom(64, 256, 4096),
        async (bytes, contentType, status, cuts, maxEventChars) => {
          const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
          const pieces = bytes.length ? cutAt(bytes, cuts.map((c) => c % bytes.length)) : [];
          const reply = status === 204 ? replyFetch([], headers, 204) : replyFetch(pieces, headers, status);
          const events = await collect(request(reply, { maxEventChars, retry: { maxRetries: 1, baseDelayMs: 0 } }));
          assertWellFormed(events, `(${status} ${contentType})`);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
