/** Sidebar turns with tools against the real local server: entries for each call, approvals, Stop, the step cap, persistence and export. */
import assert from 'node:assert/strict';
import { ChatSession, type SessionUpdate } from '../../src/core/chatSession';
import type { SessionText } from '../../src/core/ports';
import type { ChatMessage } from '../../src/core/streamEvents';
import type { Tool } from '../../src/core/toolLoop';
import type { AgentSettings } from '../../src/core/agentTurn';
import { transcriptToMarkdown } from '../../src/core/exportMarkdown';
import { MAX_TOOL_DISPLAY_CHARS } from '../../src/core/toolEntries';
import type { TranscriptEntry } from '../../src/protocol';
import { MemoryTranscript } from './replyHelpers';
import { PathorsServer, type RecordedRequest } from '../server/pathorsServer';

const text: SessionText = {
  error: (err) => ({ message: `error:${err.kind}`, actions: ['retry'] }),
  finishNotice: (reason) => (reason === 'stop' ? undefined : `finish:${reason}`),
  malformedNotice: () => 'malformed',
  stoppedNotice: () => 'stopped',
  interruptedNotice: () => 'interrupted',
  replyCapNotice: (chars) => `cap:${chars}`,
  toolStepCapNotice: (steps) => `step cap ${steps}`,
  toolsRefused: (err) => ({ message: `tools refused:${err.status}:${err.detail}`, actions: ['disableTools'] }),
};

/** A tool whose calls are recorded; `run` decides what it returns. */
function tool(name: string, readOnly: boolean, run: (args: Record<string, unknown>, signal: AbortSignal) => Promise<string>): Tool & { calls: Record<string, unknown>[] } {
  const calls: Record<string, unknown>[] = [];
  return {
    calls,
    readOnly,
    definition: { type: 'function', function: { name, parameters: { type: 'object', properties: {} } } },
    invoke(args, signal) {
      calls.push(args);
      return run(args, signal);
    },
  };
}

const bodyOf = (r: RecordedRequest) => r.body as { messages: ChatMessage[]; tools?: unknown[] };
const roles = (entries: readonly TranscriptEntry[]) => entries.map((e) => e.role);

async function until<T>(what: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = what();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('agent turns in a conversation', function () {
  this.timeout(20_000);
  let server: PathorsServer;
  let store: MemoryTranscript;
  let updates: SessionUpdate[];
  const make = (s = store) => {
    const session = new ChatSession({ store: s, text });
    session.onUpdate((u) => updates.push(u));
    return session;
  };
  const endpoint = (agent: AgentSettings, extra: { sendWholeTranscript?: boolean } = {}) => ({ url: server.endpointUrl(), apiKey: server.apiKey, agent, ...extra });
  const readFile = () => tool('read_file', true, async (args) => `contents of ${String(args.path)}`);
  const runCommand = () => tool('run_command', false, async () => 'exit code 0');
  const waiting = (s: ChatSession) => () => s.transcript.find((e) => e.tool?.status === 'waiting');

  before(async () => (server = await PathorsServer.start()));
  beforeEach(() => {
    server.reset();
    store = new MemoryTranscript();
    updates = [];
  });
  after(() => server.close());

  it('runs a read-only call without asking, shows it as an entry, and the answer follows in the same session', async () => {
    const read = readFile();
    const s = make();
    s.send({ text: 'call tool read_file with {"path":"package.json"}' }, endpoint({ tools: [read] }));
    await s.whenIdle();
    assert.deepEqual(read.calls, [{ path: 'package.json' }]);
    // The reply that only called the tool is replaced by the call's entry.
    assert.deepEqual(roles(s.transcript), ['user', 'tool', 'assistant']);
    const call = s.transcript[1].tool;
    assert.deepEqual({ name: call?.name, status: call?.status, arguments: call?.arguments, result: call?.result, unsent: call?.unsent }, {
      name: 'read_file', status: 'ok', arguments: '{"path":"package.json"}', result: 'contents of package.json', unsent: undefined,
    });
    assert.match(s.transcript[2].text, /Tool result \S+: contents of package\.json/);
    assert.equal(s.transcript[2].notice, undefined, 'a reply that called tools is not "cut short"');
    const [first, second] = server.requests;
    assert.equal(second.headers['x-session-id'], first.sessionId);
    assert.equal(s.sessionId, first.sessionId);
    assert.deepEqual(bodyOf(second).messages.map((m) => m.role), ['tool']);
    // The view saw the entry appear running and then end.
    const seen = updates.filter((u) => (u.type === 'append' || u.type === 'update') && u.entry.role === 'tool').map((u) => 'entry' in u && u.entry.tool?.status);
    assert.deepEqual(seen, ['running', 'ok']);
    // Persisted: a new session on the same store restores the entry as it was.
    assert.deepEqual(make().transcript, s.transcript);
  });

  it('whole-transcript mode: each request carries the history and the call, without a session id', async () => {
    const read = readFile();
    const s = make();
    s.send({ text: 'call tool read_file with {"path":"a.ts"}' }, endpoint({ tools: [read] }, { sendWholeTranscript: true }));
    await s.whenIdle();
    assert.deepEqual(roles(s.transcript), ['user', 'tool', 'assistant']);
    const [first, second] = server.requests;
    assert.equal(first.headers['x-session-id'], undefined);
    assert.equal(second.headers['x-session-id'], undefined);
    assert.deepEqual(bodyOf(second).messages.map((m) => m.role), ['user', 'assistant', 'tool']);
  });

  it('a call that needs approval waits; Allow runs it, Deny does not and the agent gets the reason', async () => {
    const run = runCommand();
    const s = make();
    s.send({ text: 'call tool run_command with {"command":"npm test"}' }, endpoint({ tools: [run] }));
    const card = await until(waiting(s));
    assert.equal(run.calls.length, 0, 'nothing runs before the answer');
    assert.equal(s.answerApproval('not-a-card', 'allow', ''), false, 'an answer for another entry does nothing');
    assert.equal(s.answerApproval(card.id, 'allow', ''), true);
    assert.equal(s.answerApproval(card.id, 'allow', ''), false, 'a second answer does nothing');
    await s.whenIdle();
    assert.equal(run.calls.length, 1);
    assert.equal(s.transcript.find((e) => e.id === card.id)?.tool?.status, 'ok');

    s.send({ text: 'call tool run_command with {"command":"rm -rf build"}' }, endpoint({ tools: [run] }));
    const second = await until(waiting(s));
    assert.equal(s.answerApproval(second.id, 'deny', '  not on this branch '), true);
    await s.whenIdle();
    assert.equal(run.calls.length, 1, 'a denied call never runs');
    const denied = s.transcript.find((e) => e.id === second.id)?.tool;
    assert.equal(denied?.status, 'denied');
    assert.equal(denied?.reason, 'not on this branch');
    const sent = bodyOf(server.requests.at(-1)!).messages;
    assert.match(String(sent[0].content), /denied.*Their reason: not on this branch/);
  });

  it('a command edited on the card is the one that runs, and the entry shows it', async () => {
    const run = runCommand();
    const s = make();
    s.send({ text: 'call tool run_command with {"command":"npm test"}' }, endpoint({ tools: [run] }));
    const card = await until(waiting(s));
    s.answerApproval(card.id, 'allow', '', 'npm test -- --grep tools');
    await s.whenIdle();
    assert.deepEqual(run.calls, [{ command: 'npm test -- --grep tools' }]);
    assert.equal(s.transcript.find((e) => e.id === card.id)?.tool?.arguments, '{"command":"npm test -- --grep tools"}');
  });

  it('read-only calls ask when askReadOnly is on, and "Allow for this conversation" stops the asking', async () => {
    const read = readFile();
    const s = make();
    const agent = { tools: [read], askReadOnly: true };
    s.send({ text: 'call tool read_file with {"path":"a.ts"}' }, endpoint(agent));
    const card = await until(waiting(s));
    assert.equal(card.tool?.readOnly, true);
    s.answerApproval(card.id, 'allowConversation', '');
    await s.whenIdle();
    s.send({ text: 'call tool read_file with {"path":"b.ts"}' }, endpoint(agent));
    await s.whenIdle();
    assert.deepEqual(read.calls, [{ path: 'a.ts' }, { path: 'b.ts' }]);
    assert.equal(s.transcript.filter((e) => e.tool).every((e) => e.tool?.status === 'ok'), true);
    // Only read-only tools can be allowed for the conversation.
    const run = runCommand();
    s.send({ text: 'call tool run_command with {"command":"ls"}' }, endpoint({ tools: [run], askReadOnly: true }));
    const asked = await until(waiting(s));
    s.answerApproval(asked.id, 'allowConversation', '');
    await s.whenIdle();
    s.send({ text: 'call tool run_command with {"command":"ls"}' }, endpoint({ tools: [run], askReadOnly: true }));
    const again = await until(waiting(s));
    s.stop();
    await s.whenIdle();
    assert.equal(s.transcript.find((e) => e.id === again.id)?.tool?.status, 'stopped');
  });

  it('a deny-listed file asks with its reason every time: "Allow for this conversation" does not cover it', async () => {
    const why = 'secret.env is on the deny list';
    const read: Tool & { calls: Record<string, unknown>[] } = {
      ...readFile(),
      askWhy: async (args) => (String(args.path).endsWith('.env') ? why : undefined),
    };
    const s = make();
    const agent = { tools: [read], askReadOnly: true };
    s.send({ text: 'call tool read_file with {"path":"a.ts"}' }, endpoint(agent));
    s.answerApproval((await until(waiting(s))).id, 'allowConversation', '');
    await s.whenIdle();
    s.send({ text: 'call tool read_file with {"path":"secret.env"}' }, endpoint(agent));
    const card = await until(waiting(s));
    assert.deepEqual([card.tool?.why, card.tool?.readOnly], [why, true]);
    s.answerApproval(card.id, 'allowConversation', '');
    await s.whenIdle();
    assert.equal(read.calls.length, 2);
    s.send({ text: 'call tool read_file with {"path":"secret.env"}' }, endpoint(agent));
    const again = await until(() => s.transcript.find((e) => e.tool?.status === 'waiting' && e.id !== card.id));
    assert.equal(again.tool?.why, why, 'the secret asks again');
    s.answerApproval(again.id, 'deny', '');
    await s.whenIdle();
    assert.deepEqual([read.calls.length, s.transcript.find((e) => e.id === again.id)?.tool?.status], [2, 'denied']);
  });

  it('Stop while an approval waits: nothing runs, nothing is sent, and the owed result goes before the next question', async () => {
    const run = runCommand();
    const s = make();
    s.send({ text: 'call tool run_command with {"command":"npm test"}' }, endpoint({ tools: [run] }));
    const card = await until(waiting(s));
    s.stop();
    await s.whenIdle();
    assert.equal(run.calls.length, 0);
    assert.equal(server.requests.length, 1);
    assert.equal(s.answerApproval(card.id, 'allow', ''), false, 'a late Allow does nothing');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(run.calls.length, 0);
    const stopped = s.transcript.find((e) => e.id === card.id)?.tool;
    assert.deepEqual({ status: stopped?.status, unsent: stopped?.unsent }, { status: 'stopped', unsent: true });
    assert.equal(s.busyRequestId, null);

    s.send({ text: 'and now?' }, endpoint({ tools: [run] }));
    await s.whenIdle();
    const next = bodyOf(server.requests.at(-1)!).messages;
    assert.deepEqual(next.map((m) => m.role), ['tool', 'user']);
    assert.equal(next[0].role === 'tool' && next[0].tool_call_id, stopped && s.transcript.find((e) => e.id === card.id)?.tool?.callId);
    assert.match(String(next[0].content), /Not run: the user stopped/);
    assert.equal(s.transcript.find((e) => e.id === card.id)?.tool?.unsent, undefined, 'owed once, sent once');
  });

  it('Stop while a tool runs: its signal aborts, and no request follows', async () => {
    let aborted = false;
    const slow = tool('read_file', true, (_args, signal) => new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => {
        aborted = true;
        reject(new Error('aborted'));
      });
    }));
    const s = make();
    s.send({ text: 'call tool read_file with {"path":"a.ts"}' }, endpoint({ tools: [slow] }));
    await until(() => s.transcript.find((e) => e.tool?.status === 'running'));
    s.stop();
    await s.whenIdle();
    assert.equal(aborted, true);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(roles(s.transcript), ['user', 'tool']);
    assert.equal(s.transcript[1].tool?.status, 'stopped');
  });

  it('Stop during a later step\'s stream keeps what arrived, marked stopped', async () => {
    const read = readFile();
    const s = make();
    server.enqueue({ toolCalls: [{ name: 'read_file', arguments: '{"path":"a.ts"}' }] }, { text: 'a long answer '.repeat(200), delayMs: 20, chunkSize: 10 });
    s.send({ text: 'what is in a.ts?' }, endpoint({ tools: [read] }));
    await until(() => s.transcript.find((e) => e.role === 'assistant' && e.streaming && e.text !== ''));
    s.stop();
    await s.whenIdle();
    assert.deepEqual(roles(s.transcript), ['user', 'tool', 'assistant']);
    const reply = s.transcript[2];
    assert.equal(reply.incomplete, true);
    assert.equal(reply.notice, 'stopped');
    assert.equal(server.requests.length, 2);
  });

  it('the step cap ends the turn with a notice, and the calls it did not run are answered with the next question', async () => {
    const read = readFile();
    const s = make();
    s.send({ text: 'call tool read_file with {"path":"a.ts"}' }, endpoint({ tools: [read], maxSteps: 1 }));
    await s.whenIdle();
    assert.equal(read.calls.length, 0);
    assert.deepEqual(roles(s.transcript), ['user', 'assistant', 'tool']);
    assert.equal(s.transcript[1].notice, 'step cap 1');
    assert.deepEqual([s.transcript[2].tool?.status, s.transcript[2].tool?.unsent], ['notRun', true]);
    s.send({ text: 'go on' }, endpoint({ tools: [read], maxSteps: 1 }));
    await s.whenIdle();
    const next = bodyOf(server.requests.at(-1)!).messages;
    assert.deepEqual(next.map((m) => m.role), ['tool', 'user']);
    assert.match(String(next[0].content), /limit of 1 steps/);
  });

  it('a call left running by a reload comes back stopped and owed; long results are cut for display only', async () => {
    const big = 'x'.repeat(MAX_TOOL_DISPLAY_CHARS + 500);
    const read = tool('read_file', true, async () => big);
    const s = make();
    s.send({ text: 'call tool read_file with {"path":"big.txt"}' }, endpoint({ tools: [read] }));
    await s.whenIdle();
    const shown = s.transcript[1].tool?.result ?? '';
    assert.ok(shown.length < big.length && shown.endsWith('[… 500 more characters not shown]'));
    assert.equal(bodyOf(server.requests[1]).messages[0].content, big, 'the agent gets the whole result');

    const run = runCommand();
    const other = new MemoryTranscript();
    const t = make(other);
    t.send({ text: 'call tool run_command with {"command":"npm test"}' }, endpoint({ tools: [run] }));
    await until(waiting(t));
    await t.dispose();
    const restored = make(other).transcript.find((e) => e.role === 'tool')?.tool;
    assert.deepEqual([restored?.status, restored?.unsent], ['stopped', true]);
    assert.match(restored?.result ?? '', /interrupted/);
  });

  it('a server that answers HTTP 400 about tools gets one error offering to turn tools off; other 400s stay ordinary', async () => {
    const s = make();
    server.enqueue({ status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { message: 'Unrecognized request argument supplied: tools' } }) });
    s.send({ text: 'hello' }, endpoint({ tools: [readFile()] }));
    await s.whenIdle();
    assert.deepEqual(roles(s.transcript), ['user', 'error']);
    assert.equal(s.transcript[1].text, 'tools refused:400:Unrecognized request argument supplied: tools');
    assert.deepEqual(s.transcript[1].actions, ['disableTools']);

    server.enqueue({ status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { message: 'messages is empty' } }) });
    s.send({ text: 'again' }, endpoint({ tools: [readFile()] }));
    await s.whenIdle();
    assert.deepEqual(s.transcript.at(-1)?.actions, ['retry']);
    // Without tools a 400 that names them is not about ours.
    server.enqueue({ status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { message: 'tools are broken' } }) });
    s.send({ text: 'plain' }, { url: server.endpointUrl(), apiKey: server.apiKey });
    await s.whenIdle();
    assert.deepEqual(s.transcript.at(-1)?.actions, ['retry']);
  });

  it('the local server\'s demo agent asks for tools in plain words, and quotes what they returned', async () => {
    const read = tool('read_file', true, async () => '{ "name": "demo" }');
    const edit = tool('propose_edit', false, async () => 'accepted: README.md was changed.');
    const run = runCommand();
    const s = make();
    const agent = { tools: [read, edit, run] };
    s.send({ text: 'What does package.json say?' }, endpoint(agent));
    await s.whenIdle();
    assert.deepEqual(read.calls, [{ path: 'package.json' }]);
    assert.match(s.transcript.at(-1)?.text ?? '', /Tool result \S+: \{ "name": "demo" \}/);
    s.send({ text: 'Please fix the typo in README' }, endpoint(agent));
    await until(waiting(s)).then((card) => s.answerApproval(card.id, 'allow', ''));
    await s.whenIdle();
    assert.deepEqual(edit.calls, [{ path: 'README.md', old_text: 'teh', new_text: 'the' }]);
    s.send({ text: 'Now run the tests.' }, endpoint(agent));
    await until(waiting(s)).then((card) => s.answerApproval(card.id, 'allow', ''));
    await s.whenIdle();
    assert.deepEqual(run.calls, [{ command: 'npm test' }]);
    assert.match(s.transcript.at(-1)?.text ?? '', /Tool result \S+: exit code 0/);
  });

  it('exports a call with its status, arguments and result as fenced data', () => {
    const entries: TranscriptEntry[] = [
      { id: 'u', role: 'user', text: 'what does it say?' },
      { id: 't', role: 'tool', text: '', tool: { callId: 'c1', name: 'read_file', arguments: '{"path":"a.md"}', status: 'denied', reason: 'private', result: '```\n<b>not html</b>' } },
    ];
    const md = transcriptToMarkdown('T', entries, { you: 'You', assistant: 'Pathors', error: 'Error', incomplete: 'cut', tool: 'Tool `{0}`', toolStatus: { running: 'Running', waiting: 'Waiting', ok: 'Done', error: 'Failed', denied: 'Denied', stopped: 'Stopped', notRun: 'Not run' } });
    assert.match(md, /### Tool `read_file`\n\n_Denied_\n\n> private\n\n```json\n\{"path":"a\.md"\}\n```/);
    assert.match(md, /````text\n```\n<b>not html<\/b>\n````\n$/);
  });
});
