/**
 * The official `openai` client as an oracle: it reads the local server's text and tool-call
 * streams, and it assembles the same calls our client does, so both the server and our reading
 * of the contract match the OpenAI convention.
 */
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { PathorsServer } from '../server/pathorsServer';
import { collect, textOf } from './helpers';

describe('the openai client reads the local server', () => {
  let server: PathorsServer;
  let client: OpenAI;
  const apiKey = 'sk_oracle';
  const tools = [
    { type: 'function' as const, function: { name: 'read_file', description: 'Reads a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } },
  ];

  before(async () => {
    server = await PathorsServer.start({ apiKey });
    // The client appends /chat/completions to its base URL.
    client = new OpenAI({ apiKey, baseURL: server.endpointUrl().replace(/\/chat\/completions$/, ''), maxRetries: 0 });
  });
  after(() => server.close());

  it('reads a text stream, as our client does', async () => {
    const stream = client.chat.completions.stream({ model: 'pathway-default', messages: [{ role: 'user', content: 'hello' }] });
    const completion = await stream.finalChatCompletion();
    const theirs = completion.choices[0].message.content ?? '';
    assert.ok(theirs.length > 0);
    assert.equal(completion.choices[0].finish_reason, 'stop');
    const ours = textOf(await collect({ url: server.endpointUrl(), apiKey, messages: [{ role: 'user', content: 'hello' }] }));
    assert.equal(ours, theirs);
  });

  it('assembles the streamed tool calls into the calls our assembler gives', async () => {
    const ask = 'call tool read_file with {"path":"src/deep/ünïcode \\"quoted\\".ts"}';
    const stream = client.chat.completions.stream({ model: 'pathway-default', messages: [{ role: 'user', content: ask }], tools });
    const completion = await stream.finalChatCompletion();
    const message = completion.choices[0].message;
    assert.equal(completion.choices[0].finish_reason, 'tool_calls');
    const theirs = (message.tool_calls ?? []).map((c) => {
      assert.equal(c.type, 'function');
      return c.type === 'function' ? { name: c.function.name, arguments: c.function.arguments } : undefined;
    });
    assert.deepEqual(theirs, [{ name: 'read_file', arguments: '{"path":"src/deep/ünïcode \\"quoted\\".ts"}' }]);

    const events = await collect({ url: server.endpointUrl(), apiKey, messages: [{ role: 'user', content: ask }], tools });
    const ours = events.find((e) => e.type === 'toolCalls');
    assert.ok(ours?.type === 'toolCalls');
    assert.deepEqual(ours.calls.map(({ name, arguments: args }) => ({ name, arguments: args })), theirs);
  });

  it('sends a tool result the server accepts and answers', async () => {
    const completion = await client.chat.completions
      .stream({
        model: 'pathway-default',
        messages: [
          { role: 'user', content: 'call tool read_file' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'file text' },
        ],
        tools,
      })
      .finalChatCompletion();
    assert.ok(completion.choices[0].message.content?.startsWith('Tool result call_1: file text\n\n'));
  });
});
