/**
 * Every named stream fixture through the real client and the real local server: whole, one byte
 * per write, and at seeded random splits; at every single cut point in process; and through a
 * chat session, which must keep the text and say clearly what went wrong.
 */
import assert from 'node:assert/strict';
import { ChatSession, type SessionUpdate } from '../../src/core/chatSession';
import type { ChatRequest } from '../../src/core/pathorsClient';
import { FIXTURE_MAX_EVENT_CHARS, STREAM_FIXTURES, fixtureReply, type StreamFixture } from '../server/fixtures';
import { PathorsServer } from '../server/pathorsServer';
import { collect, randomSplit, rng } from './helpers';
import { MemoryTranscript, assertFixture, bytewise, cutAt, plainText, replyFetch } from './replyHelpers';

/** Random splits per fixture against the server. */
const SEEDS = 6;
/** Cuts in one in-process run are this many bytes apart; as many runs put a cut at every byte. */
const STRIDE = 24;
/** Fixtures also cut in two at every byte, one cut per run: the framing-heavy ones. */
const EXHAUSTIVE = new Set(['mixed-line-endings', 'utf8-bom-crlf', 'multi-line-data', 'keep-alive-comments', 'done-without-final-newline']);

describe('stream fixtures', function () {
  this.timeout(60_000);
  let server: PathorsServer;
  const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
    url: server.endpointUrl(),
    apiKey: server.apiKey,
    messages: [{ role: 'user', content: 'fixture' }],
    maxEventChars: FIXTURE_MAX_EVENT_CHARS,
    retry: { maxRetries: 0 },
    ...over,
  });
  /** Plays a fixture in the given pieces and checks what the client makes of it. */
  const play = async (f: StreamFixture, chunks: readonly Uint8Array[] | undefined, where: string) => {
    server.reset();
    server.enqueue(fixtureReply(f, chunks));
    const events = await collect(request());
    const header = f.sessionHeader === false ? null : server.requests[0].sessionId;
    assertFixture(f, events, header, where);
  };

  before(async () => (server = await PathorsServer.start()));
  after(() => server.close());

  it('has a unique name for each fixture and covers every outcome', () => {
    const names = STREAM_FIXTURES.map((f) => f.name);
    assert.equal(new Set(names).size, names.length);
    const outcomes = new Set(STREAM_FIXTURES.map((f) => f.expected.outcome));
    assert.deepEqual([...outcomes].sort(), ['done', 'emptyBody', 'eventTooLarge', 'incomplete', 'notEventStream', 'streamError']);
  });

  for (const f of STREAM_FIXTURES) {
    describe(f.name, () => {
      it('whole, in one write, through the server', () => play(f, undefined, 'one write'));

      if (!f.large) {
        it('one byte per write, through the server', () => play(f, bytewise(f.body), 'one byte per write'));
      }

      it(`at ${SEEDS} seeded random splits, through the server`, async () => {
        for (let seed = 1; seed <= SEEDS; seed++) {
          await play(f, f.body.length > 1 ? randomSplit(f.body, rng(seed * 7919 + f.body.length)) : [f.body], `seed ${seed}`);
        }
      });

      if (!f.large) {
        const headers = { ...f.headers, ...(f.sessionHeader === false ? {} : { 'x-session-id': 'session-header' }) };
        const playInProcess = async (chunks: Uint8Array[], where: string) => {
          const events = await collect(request({ fetch: replyFetch(chunks, headers) }));
          assertFixture(f, events, f.sessionHeader === false ? null : 'session-header', where);
        };

        it('one byte per read, and a cut at every byte, in process', async () => {
          await playInProcess(bytewise(f.body), 'one byte per read');
          for (let offset = 1; offset <= STRIDE; offset++) {
            const cuts = Array.from({ length: Math.ceil(f.body.length / STRIDE) }, (_c, i) => offset + i * STRIDE);
            await playInProcess(cutAt(f.body, cuts), `cuts every ${STRIDE} bytes from ${offset}`);
          }
        });

        if (EXHAUSTIVE.has(f.name)) {
          it('cut in two at every byte, in process', async () => {
            for (let cut = 1; cut < f.body.length; cut++) await playInProcess(cutAt(f.body, [cut]), `cut at ${cut}`);
          });
        }
      }

      // The session uses the client's default event cap; the fixtures' small cap is exercised above.
      if (f.large) return;
      it('through a chat session: the text, the notices, and a clear error with the text kept', async () => {
        server.reset();
        server.enqueue(fixtureReply(f, f.body.length > 1 ? randomSplit(f.body, rng(f.body.length)) : [f.body]));
        const store = new MemoryTranscript();
        const updates: SessionUpdate[] = [];
        const session = new ChatSession({ store, text: plainText, retry: { maxRetries: 0 } });
        session.onUpdate((u) => updates.push(u));
        session.send({ text: 'fixture' }, { url: server.endpointUrl(), apiKey: server.apiKey });
        await session.whenIdle();
        const [user, ...rest] = session.transcript;
        assert.equal(user.role, 'user');
        const reply = rest.find((e) => e.role === 'assistant');
        const error = rest.find((e) => e.role === 'error');
        const { outcome, text } = f.expected;
        const notices = [
          ...(f.expected.finish && f.expected.finish !== 'stop' ? [`finish:${f.expected.finish}`] : []),
          ...(f.expected.warnings ? ['malformed'] : []),
        ];
        if (outcome === 'done') {
          assert.ok(reply, 'a reply');
          assert.equal(error, undefined);
          assert.equal(reply.text, text);
          assert.equal(reply.incomplete, undefined);
          // Finish reasons other than stop are never silent.
          if (notices.length) assert.ok(notices.every((n) => reply.notice?.includes(n)), `notice ${reply.notice}`);
          else assert.equal(reply.notice, undefined);
        } else {
          assert.equal(error?.text, `error:${outcome}`);
          assert.equal(error?.forEntry, user.id);
          if (text === '') {
            assert.equal(reply, undefined, 'nothing arrived: the error takes the reply’s place');
          } else {
            assert.equal(reply?.text, text, 'what arrived is kept');
            assert.equal(reply?.incomplete, true);
          }
        }
        assert.ok(session.transcript.every((e) => !/-1\b/.test(`${e.text} ${e.notice ?? ''}`)), 'no -1 token counts shown');
        // The view saw the same text through its deltas as the transcript holds.
        const shown = updates.flatMap((u) => (u.type === 'delta' ? [u.text] : [])).join('');
        assert.equal(shown, text);
      });
    });
  }
});

describe('bounded buffers on endless input', () => {
  /** A reply that never ends: `unit` again and again, after `head`. */
  const endless = (head: string, unit: string): typeof fetch => async () => {
    const encoder = new TextEncoder();
    let first = true;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent++;
        if (sent > 100_000) throw new Error('the client kept reading an endless event: its buffer is unbounded');
        controller.enqueue(encoder.encode(first ? head : unit.repeat(64)));
        first = false;
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
  const run = (fetch: typeof globalThis.fetch) =>
    collect({ url: 'http://127.0.0.1/endless', apiKey: 'k', messages: [], fetch, maxEventChars: 32 * 1024, retry: { maxRetries: 0 } });
  const head = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'kept' } }] })}\n\n`;

  it('an event of data lines that never ends is refused once it outgrows the buffer', async () => {
    const events = await run(endless(head, 'data: more and more\n'));
    const end = events.at(-1);
    assert.ok(end?.type === 'error' && end.error.kind === 'eventTooLarge');
    assert.equal(events.filter((e) => e.type === 'delta').map((e) => (e.type === 'delta' ? e.text : '')).join(''), 'kept');
  });

  it('a line that never ends is refused, field or not', async () => {
    for (const start of ['data: ', ': ', 'garbage ']) {
      const events = await run(endless(head + start, 'x'));
      const end = events.at(-1);
      assert.ok(end?.type === 'error' && end.error.kind === 'eventTooLarge', start);
    }
  });
});
