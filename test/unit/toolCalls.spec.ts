/**
 * Streamed tool calls: any split of the argument texts, in any interleaving of the calls, and any
 * split of the bytes of the stream, gives the same calls; the local server streams them the way
 * the contract says, and the client reads them from it.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ToolCallAssembler, parseToolArguments, type ToolCall } from '../../src/core/toolCalls';
import { PathorsServer } from '../server/pathorsServer';
import { collect, textOf } from './helpers';
import { cutAt, replyFetch } from './replyHelpers';

const RUNS = 300;
const encoder = new TextEncoder();

const toolCall = fc.record({
  id: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
  name: fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/),
  arguments: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify({ v })),
});
// Distinct ids, as a real reply has.
const toolCalls = fc.uniqueArray(toolCall, { minLength: 1, maxLength: 4, selector: (c) => c.id }).map((cs) => cs.map((c): ToolCall => ({ ...c })));

/** The fragments of `calls` as a server streams them: each call's first fragment, then its arguments cut at `cuts`, interleaved by `order`. */
function fragments(calls: readonly ToolCall[], cuts: readonly number[], order: readonly number[]): unknown[][] {
  const queues = calls.map((c, index) => {
    const points = [...new Set(cuts.map((n) => n % (c.arguments.length + 1)))].sort((a, b) => a - b);
    const pieces: string[] = [];
    let prev = 0;
    for (const p of [...points, c.arguments.length]) {
      if (p > prev) pieces.push(c.arguments.slice(prev, p));
      prev = p;
    }
    return [
      [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }],
      ...pieces.map((arg) => [{ index, function: { arguments: arg } }]),
    ];
  });
  const out: unknown[][] = [];
  let k = 0;
  while (queues.some((q) => q.length > 0)) {
    const live = queues.filter((q) => q.length > 0);
    out.push(live[(order[k++ % Math.max(1, order.length)] ?? 0) % live.length].shift()!);
  }
  return out;
}

describe('tool-call assembly', () => {
  it(`any split and interleaving of the fragments gives the same calls (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(toolCalls, fc.array(fc.nat(), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 30 }), (calls, cuts, order) => {
        const assembler = new ToolCallAssembler();
        for (const f of fragments(calls, cuts, order)) assembler.add(f);
        assert.deepEqual(assembler.calls(), calls);
      }),
      { numRuns: RUNS },
    );
  });

  it('continues a call when a server leaves out the index, and starts the next one on a new id', () => {
    const a = new ToolCallAssembler();
    a.add([{ id: 'c1', function: { name: 'read_file', arguments: '{"pa' } }]);
    a.add([{ function: { arguments: 'th":1}' } }]);
    a.add([{ id: 'c2', function: { name: 'list', arguments: '' } }]);
    a.add([{ id: 'c2', function: { name: 'list', arguments: '{}' } }]);
    assert.deepEqual(a.calls(), [
      { id: 'c1', name: 'read_file', arguments: '{"path":1}' },
      { id: 'c2', name: 'list', arguments: '{}' },
    ]);
  });

  it('ignores what is not a fragment and leaves out a call without a name', () => {
    const a = new ToolCallAssembler();
    a.add('nope');
    a.add([null, 3, { index: 1, function: { arguments: '{}' } }]);
    assert.deepEqual(a.calls(), []);
    assert.equal(a.isEmpty, false);
  });

  it('parses arguments: empty text is no arguments, anything but a JSON object is refused', () => {
    assert.deepEqual(parseToolArguments(''), {});
    assert.deepEqual(parseToolArguments('{"a":[1]}'), { a: [1] });
    assert.equal(parseToolArguments('[1]'), undefined);
    assert.equal(parseToolArguments('{"a":'), undefined);
  });

  it(`the client reads the calls from any byte split of a stream with text before them (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(toolCalls, fc.array(fc.nat(), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 40 }), async (calls, cuts, byteCuts) => {
        const chunk = (delta: unknown, finish: string | null = null) =>
          `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        let body = chunk({ role: 'assistant', content: 'Let me look.' });
        for (const f of fragments(calls, cuts, cuts)) body += chunk({ tool_calls: f });
        body += `${chunk({}, 'tool_calls')}data: [DONE]\n\n`;
        const bytes = encoder.encode(body);
        const events = await collect({
          url: 'http://127.0.0.1/tools',
          apiKey: 'sk_x',
          messages: [{ role: 'user', content: 'q' }],
          fetch: replyFetch(cutAt(bytes, byteCuts.map((n) => n % bytes.length)), { 'content-type': 'text/event-stream' }),
        });
        assert.equal(textOf(events), 'Let me look.');
        const types = events.map((e) => e.type).filter((t) => t !== 'delta');
        assert.deepEqual(types, ['toolCalls', 'finish', 'done']);
        const got = events.find((e) => e.type === 'toolCalls');
        assert.deepEqual(got?.type === 'toolCalls' ? got.calls : undefined, calls);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('tool calls against the local server', () => {
  let server: PathorsServer;
  before(async () => {
    server = await PathorsServer.start({ apiKey: 'sk_tools' });
  });
  after(() => server.close());

  const url = () => server.endpointUrl();
  const tools = [{ type: 'function' as const, function: { name: 'read_file', description: 'Reads a file', parameters: { type: 'object' } } }];

  it('sends the tools, and the server streams the call the user asked for, in pieces', async () => {
    const events = await collect({
      url: url(),
      apiKey: 'sk_tools',
      messages: [{ role: 'user', content: 'Please call tool read_file with {"path":"src/a.ts"}' }],
      tools,
    });
    const calls = events.find((e) => e.type === 'toolCalls');
    assert.ok(calls?.type === 'toolCalls');
    assert.equal(calls.calls.length, 1);
    assert.equal(calls.calls[0].name, 'read_file');
    assert.deepEqual(parseToolArguments(calls.calls[0].arguments), { path: 'src/a.ts' });
    assert.deepEqual(events.find((e) => e.type === 'finish'), { type: 'finish', reason: 'tool_calls' });
    const [req] = server.requests.slice(-1);
    assert.deepEqual((req.body as { tools: unknown }).tools, tools);
  });

  it('takes the results back as tool messages after the assistant turn that asked, and answers with them', async () => {
    const events = await collect({
      url: url(),
      apiKey: 'sk_tools',
      messages: [
        { role: 'user', content: 'call tool read_file' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'read_file', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_9', content: 'const a = 1;' },
      ],
      tools,
    });
    assert.equal(events.at(-1)?.type, 'done');
    assert.ok(textOf(events).startsWith('Tool result call_9: const a = 1;\n\n'));
  });

  it('without tools in the request, "call tool" is an ordinary question', async () => {
    const events = await collect({ url: url(), apiKey: 'sk_tools', messages: [{ role: 'user', content: 'call tool read_file' }] });
    assert.equal(events.some((e) => e.type === 'toolCalls'), false);
    const [req] = server.requests.slice(-1);
    assert.equal('tools' in (req.body as object), false);
  });
});
