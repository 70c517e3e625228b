/** The tool loop against the real local server: session and whole-transcript requests, the step cap, Stop at every point, and each bad call. */
import assert from 'node:assert/strict';
import type { ChatMessage } from '../../src/core/streamEvents';
import { runToolLoop, type Approval, type Tool, type ToolLoopEvent, type ToolLoopOptions } from '../../src/core/toolLoop';
import { PathorsServer, type RecordedRequest } from '../server/pathorsServer';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

/** A tool whose calls are recorded and whose behaviour each test chooses. */
function tool(name: string, run: (args: Record<string, unknown>, signal: AbortSignal) => Promise<string>, readOnly = true, required: string[] = []): Tool & { calls: Record<string, unknown>[]; signals: AbortSignal[] } {
  const calls: Record<string, unknown>[] = [];
  const signals: AbortSignal[] = [];
  return {
    calls,
    signals,
    readOnly,
    definition: { type: 'function', function: { name, description: name, parameters: { type: 'object', properties: {}, required } } },
    invoke(args, signal) {
      calls.push(args);
      signals.push(signal);
      return run(args, signal);
    },
  };
}

const bodyOf = (r: RecordedRequest) => r.body as { messages: ChatMessage[]; tools?: unknown[] };

describe('tool loop', function () {
  this.timeout(20_000);
  let server: PathorsServer;
  let events: ToolLoopEvent[];
  const readFile = () => tool('read_file', async (args) => `contents of ${String(args.path)}`, true, ['path']);
  const options = (o: Partial<ToolLoopOptions> & Pick<ToolLoopOptions, 'tools'>, question = 'call tool read_file with {"path":"a.ts"}'): ToolLoopOptions => ({
    request: { url: server.endpointUrl(), apiKey: server.apiKey, messages: [{ role: 'user', content: question }] },
    wholeTranscript: false,
    approve: async (): Promise<Approval> => ({ allowed: true }),
    signal: new AbortController().signal,
    onEvent: (e) => events.push(e),
    ...o,
  });

  before(async () => (server = await PathorsServer.start()));
  beforeEach(() => {
    server.reset();
    events = [];
  });
  after(() => server.close());

  it('session mode: the results go back alone, under the session id, and the agent answers with them', async () => {
    const read = readFile();
    const result = await runToolLoop(options({ tools: [read] }));
    assert.equal(result.end, 'answered');
    assert.equal(result.steps, 2);
    assert.deepEqual(read.calls, [{ path: 'a.ts' }]);
    const [first, second] = server.requests;
    assert.ok(first.sessionId);
    assert.equal(second.headers['x-session-id'], first.sessionId);
    assert.equal(result.sessionId, first.sessionId);
    const sent = bodyOf(second).messages;
    assert.equal(sent.length, 1);
    assert.equal(sent[0].role, 'tool');
    assert.equal(sent[0].role === 'tool' && sent[0].content, 'contents of a.ts');
    assert.deepEqual(bodyOf(second).tools, [read.definition]);
    assert.match(result.text, /^Tool result call_\w+: contents of a\.ts/);
    // The server's conversation is whole: question, the turn that called, the result, the answer.
    assert.deepEqual(server.sessionTranscript(first.sessionId)?.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant']);
    const results = events.filter((e) => e.type === 'toolResult');
    assert.deepEqual(results.map((e) => e.type === 'toolResult' && e.status), ['ok']);
  });

  it('whole-transcript mode: no session id, and every request carries the history with the turn that called', async () => {
    const read = readFile();
    const result = await runToolLoop(options({ tools: [read], wholeTranscript: true }));
    assert.equal(result.end, 'answered');
    const [first, second] = server.requests;
    assert.equal(first.headers['x-session-id'], undefined);
    assert.equal(second.headers['x-session-id'], undefined);
    const sent = bodyOf(second).messages;
    assert.deepEqual(sent.map((m) => m.role), ['user', 'assistant', 'tool']);
    const asked = sent[1];
    assert.ok(asked.role === 'assistant' && 'tool_calls' in asked);
    assert.equal(asked.content, null);
    assert.equal(asked.tool_calls[0].function.name, 'read_file');
    assert.equal(sent[2].role === 'tool' && sent[2].tool_call_id, asked.tool_calls[0].id);
  });

  it('whole-transcript mode grows the history step by step', async () => {
    const read = readFile();
    server.enqueue(
      { text: 'First.', toolCalls: [{ id: 'c1', name: 'read_file', arguments: '{"path":"1"}' }] },
      { toolCalls: [{ id: 'c2', name: 'read_file', arguments: '{"path":"2"}' }] },
      { text: 'Done.' },
    );
    const result = await runToolLoop(options({ tools: [read], wholeTranscript: true }, 'go'));
    assert.equal(result.end, 'answered');
    assert.equal(result.text, 'Done.');
    const third = bodyOf(server.requests[2]).messages;
    assert.deepEqual(third.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant', 'tool']);
    assert.equal(third[1].content, 'First.');
    assert.deepEqual(third.filter((m) => m.role === 'tool').map((m) => m.role === 'tool' && m.content), ['contents of 1', 'contents of 2']);
  });

  it('the step cap ends the turn with a notice; the calls it left are answered as not run', async () => {
    const read = readFile();
    for (let i = 0; i < 5; i++) server.enqueue({ toolCalls: [{ id: `c${i}`, name: 'read_file', arguments: `{"path":"${i}"}` }] });
    const result = await runToolLoop(options({ tools: [read], maxSteps: 3 }, 'go'));
    assert.equal(result.end, 'capped');
    assert.equal(result.steps, 3);
    assert.equal(server.requests.length, 3);
    assert.equal(read.calls.length, 2);
    assert.deepEqual(events.filter((e) => e.type === 'capped'), [{ type: 'capped', maxSteps: 3 }]);
    assert.equal(result.unanswered.length, 1);
    assert.equal(result.unanswered[0].call.id, 'c2');
    assert.match(result.unanswered[0].content, /limit of 3 steps/);
  });

  it('the default cap is 10 steps', async () => {
    for (let i = 0; i < 12; i++) server.enqueue({ toolCalls: [{ name: 'read_file', arguments: '{"path":"x"}' }] });
    const result = await runToolLoop(options({ tools: [readFile()] }, 'go'));
    assert.equal(result.end, 'capped');
    assert.equal(server.requests.length, 10);
  });

  it('bad calls become tool results that say so, and the turn goes on', async () => {
    const read = readFile();
    const broken = tool('broken', async () => {
      throw new Error('disk on fire');
    });
    const slow = tool('slow', (_args, signal) => new Promise((_r, reject) => signal.addEventListener('abort', () => reject(new Error('stopped')))));
    server.enqueue({
      toolCalls: [
        { id: 'bad_json', name: 'read_file', arguments: '{"path": "a' },
        { id: 'not_object', name: 'read_file', arguments: '[1,2]' },
        { id: 'unknown', name: 'format_disk', arguments: '{}' },
        { id: 'missing', name: 'read_file', arguments: '{}' },
        { id: 'throws', name: 'broken', arguments: '{}' },
        { id: 'times_out', name: 'slow', arguments: '{}' },
      ],
    });
    const result = await runToolLoop(options({ tools: [read, broken, slow], toolTimeoutMs: 100 }, 'go'));
    assert.equal(result.end, 'answered');
    assert.equal(read.calls.length, 0);
    assert.equal(slow.signals[0].aborted, true, 'the timed-out tool is told to stop');
    const sent = bodyOf(server.requests[1]).messages;
    const content = Object.fromEntries(sent.map((m) => [m.role === 'tool' ? m.tool_call_id : '?', m.content]));
    assert.deepEqual(Object.keys(content), ['bad_json', 'not_object', 'unknown', 'missing', 'throws', 'times_out']);
    assert.match(content.bad_json as string, /must be a JSON object/);
    assert.match(content.not_object as string, /must be a JSON object/);
    assert.match(content.unknown as string, /no tool named "format_disk"\. Available tools: read_file, broken, slow/);
    assert.match(content.missing as string, /needs the parameter\(s\) path/);
    assert.match(content.throws as string, /broken failed: disk on fire/);
    assert.match(content.times_out as string, /slow did not finish within 0\.1 s/);
    assert.deepEqual(
      events.flatMap((e) => (e.type === 'toolResult' ? [e.status] : [])),
      ['error', 'error', 'error', 'error', 'error', 'error'],
    );
  });

  it('a tool that changes things asks first; a denial and its reason reach the agent and nothing runs', async () => {
    const edit = tool('propose_edit', async () => 'accepted', false);
    const asked: string[] = [];
    server.enqueue({ toolCalls: [{ id: 'e1', name: 'propose_edit', arguments: '{"path":"a"}' }] });
    const result = await runToolLoop(
      options({ tools: [edit], approve: async (r) => (asked.push(r.call.name), { allowed: false, reason: 'not that file' }) }, 'go'),
    );
    assert.equal(result.end, 'answered');
    assert.deepEqual(asked, ['propose_edit']);
    assert.equal(edit.calls.length, 0);
    const [sent] = bodyOf(server.requests[1]).messages;
    assert.equal(sent.content, 'The user denied this call; it did not run. Their reason: not that file');
  });

  it('read-only tools run without asking unless asked to ask', async () => {
    const asked: string[] = [];
    const approve = async (r: { call: { name: string } }): Promise<Approval> => (asked.push(r.call.name), { allowed: true });
    await runToolLoop(options({ tools: [readFile()], approve }));
    assert.deepEqual(asked, []);
    server.reset();
    const read = readFile();
    await runToolLoop(options({ tools: [read], approve, askReadOnly: true }));
    assert.deepEqual(asked, ['read_file']);
    assert.equal(read.calls.length, 1);
  });

  it('a read-only call that says why it must ask waits for the user, and only an Allow runs it, marked as allowed', async () => {
    const granted: unknown[] = [];
    const secret: Tool = {
      readOnly: true,
      definition: { type: 'function', function: { name: 'read_file', description: 'r', parameters: { type: 'object', properties: {}, required: ['path'] } } },
      askWhy: async (args) => (args.path === 'a.ts' ? 'a.ts is on the deny list' : undefined),
      invoke: async (_args, _signal, o) => (granted.push(o?.allowedByUser), 'secret text'),
    };
    const asked: (string | undefined)[] = [];
    const allow = async (r: { why?: string }): Promise<Approval> => (asked.push(r.why), { allowed: true });
    await runToolLoop(options({ tools: [secret], approve: allow }));
    assert.deepEqual(asked, ['a.ts is on the deny list']);
    assert.deepEqual(granted, [true]);
    assert.equal(bodyOf(server.requests[1]).messages[0].content, 'secret text');

    server.reset();
    await runToolLoop(options({ tools: [secret], approve: async () => ({ allowed: false }) }));
    assert.deepEqual(granted, [true], 'a denied call did not run');
    assert.equal(bodyOf(server.requests[1]).messages[0].content, 'The user denied this call; it did not run.');

    server.reset();
    asked.length = 0;
    await runToolLoop(options({ tools: [secret], approve: allow }, 'call tool read_file with {"path":"b.ts"}'));
    assert.deepEqual(asked, [], 'a file off the list does not ask');
    assert.deepEqual(granted, [true, undefined]);
  });

  it('a result past the cap is cut, and the cut is said', async () => {
    const big = tool('read_file', async () => 'x'.repeat(500));
    await runToolLoop(options({ tools: [big], maxResultChars: 100 }));
    const [sent] = bodyOf(server.requests[1]).messages;
    assert.equal(sent.content, `${'x'.repeat(100)}\n[Cut: the result had 500 characters; only the first 100 are shown.]`);
  });

  it('a failed request ends the turn with its error', async () => {
    server.enqueue({ toolCalls: [{ name: 'read_file', arguments: '{"path":"x"}' }] }, { status: 500 });
    const result = await runToolLoop(options({ tools: [readFile()], request: { url: server.endpointUrl(), apiKey: server.apiKey, messages: [{ role: 'user', content: 'go' }], retry: { maxRetries: 0 } } }));
    assert.equal(result.end, 'failed');
    assert.equal(result.error?.status, 500);
  });

  describe('Stop', () => {
    it('during a stream: the request is cut and nothing follows', async () => {
      const controller = new AbortController();
      const read = readFile();
      server.enqueue({ hang: true });
      const running = runToolLoop(options({ tools: [read], signal: controller.signal }, 'go'));
      await server.waitForRequests(1);
      controller.abort();
      const result = await running;
      assert.equal(result.end, 'aborted');
      await server.waitForNoOpenResponses();
      await tick(50);
      assert.equal(server.requests.length, 1);
      assert.equal(read.calls.length, 0);
    });

    it('while a tool runs, even one that ignores the signal: the turn ends at once and no result is sent', async () => {
      const controller = new AbortController();
      let started!: () => void;
      const isRunning = new Promise<void>((r) => (started = r));
      const stuck = tool('read_file', () => (started(), new Promise<string>(() => undefined)));
      const after = readFile();
      server.enqueue({
        toolCalls: [
          { name: 'read_file', arguments: '{"path":"x"}' },
          { name: 'other', arguments: '{}' },
        ],
      });
      const running = runToolLoop(options({ tools: [stuck, { ...after, definition: { type: 'function', function: { name: 'other' } } }], signal: controller.signal }, 'go'));
      await isRunning;
      controller.abort();
      const result = await running;
      assert.equal(result.end, 'aborted');
      assert.equal(stuck.signals[0].aborted, true);
      assert.equal(after.calls.length, 0, 'the next tool never runs');
      await tick(50);
      assert.equal(server.requests.length, 1);
    });

    it('while an approval waits: the wait ends, the tool never runs', async () => {
      const controller = new AbortController();
      const edit = tool('propose_edit', async () => 'accepted', false);
      let waiting!: (signal: AbortSignal) => void;
      const approvalSignal = new Promise<AbortSignal>((r) => (waiting = r));
      server.enqueue({ toolCalls: [{ name: 'propose_edit', arguments: '{}' }] });
      const running = runToolLoop(
        options({ tools: [edit], signal: controller.signal, approve: (_r, signal) => (waiting(signal), new Promise<Approval>(() => undefined)) }, 'go'),
      );
      const signal = await approvalSignal;
      controller.abort();
      const result = await running;
      assert.equal(result.end, 'aborted');
      assert.equal(signal.aborted, true, 'the approval is told to go away');
      assert.equal(edit.calls.length, 0);
      await tick(50);
      assert.equal(server.requests.length, 1);
    });

    it('between steps: after the last result, no request goes out', async () => {
      const controller = new AbortController();
      const read = readFile();
      const result = await runToolLoop(
        options({
          tools: [read],
          signal: controller.signal,
          onEvent: (e) => {
            events.push(e);
            if (e.type === 'toolResult') controller.abort();
          },
        }),
      );
      assert.equal(result.end, 'aborted');
      assert.equal(read.calls.length, 1);
      await tick(50);
      assert.equal(server.requests.length, 1);
    });

    it('an approval granted after Stop runs nothing', async () => {
      const controller = new AbortController();
      const edit = tool('propose_edit', async () => 'accepted', false);
      server.enqueue({ toolCalls: [{ name: 'propose_edit', arguments: '{}' }] });
      const result = await runToolLoop(
        options({ tools: [edit], signal: controller.signal, approve: async () => (controller.abort(), { allowed: true }) }, 'go'),
      );
      assert.equal(result.end, 'aborted');
      assert.equal(edit.calls.length, 0);
    });
  });
});
