// @pathors with tools inside a real extension host, against the local server: the participant's
// handler runs the tool loop, asks with Allow and Deny buttons whose registered command answers
// only a waiting call, runs run_command in a real terminal, and Stop ends a wait with nothing run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PathorsApi } from '../../src/extension';
import { PathorsServer, type RecordedRequest } from '../server/pathorsServer';

const EXTENSION_ID = 'pathors.pathors-chat';
const API_KEY = 'sk_native_tools_key';
const PROJECT_ID = 'native-tools-project';
const SETTINGS = ['baseUrl', 'projectId', 'endpointUrl', 'sendWholeTranscript', 'tools.enabled'] as const;
const ANSWER = 'pathors.chat.answerToolCall';

async function waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What the handler put in the chat, in order: VS Code's Chat view shows the same parts. */
class RecordedStream {
  readonly markdown: string[] = [];
  readonly progress: string[] = [];
  readonly buttons: vscode.Command[] = [];
  /** The stream the handler writes to; parts it does not use here are accepted and ignored. */
  readonly stream = new Proxy({} as vscode.ChatResponseStream, {
    get: (_target, name) => (value: unknown) => {
      if (name === 'markdown') this.markdown.push(typeof value === 'string' ? value : (value as vscode.MarkdownString).value);
      else if (name === 'progress') this.progress.push(String(value));
      else if (name === 'button') this.buttons.push(value as vscode.Command);
    },
  });

  text(): string {
    return this.markdown.join('');
  }

  /** The button titled `title`, once the handler shows it. */
  async button(title: string): Promise<vscode.Command> {
    await waitFor(`the chat shows "${title}"`, () => this.buttons.some((b) => b.title === title));
    return this.buttons.filter((b) => b.title === title).at(-1) as vscode.Command;
  }
}

/** Clicks a button: VS Code's Chat runs its command with its arguments. */
const click = (button: vscode.Command) => vscode.commands.executeCommand<boolean>(button.command, ...(button.arguments ?? []));

/** The `n`th request the server received (from 1), once it arrives. */
const nth = async (server: PathorsServer, n: number) => (await server.waitForRequests(n, 20_000))[n - 1];
const config = () => vscode.workspace.getConfiguration('pathors');
const messagesOf = (r: RecordedRequest) => (r.body as { messages: Array<{ role: string; content: string | null }> }).messages;

describe('@pathors with tools', function () {
  this.timeout(90_000);
  let server: PathorsServer;
  let api: PathorsApi;
  let saved: Array<[string, unknown]> = [];

  /** Sends `prompt` to @pathors in a new thread, as the Chat view does. */
  function ask(prompt: string, token = new vscode.CancellationTokenSource().token) {
    const recorded = new RecordedStream();
    const request = { prompt, command: undefined, references: [], toolReferences: [] } as unknown as vscode.ChatRequest;
    const done = Promise.resolve(api.chatRequestHandler(request, { history: [] }, recorded.stream, token));
    return { recorded, done };
  }

  before(async () => {
    server = await PathorsServer.start({ apiKey: API_KEY, projectId: PROJECT_ID });
    saved = SETTINGS.map((key) => [key, config().inspect(key)?.globalValue]);
    const ext = vscode.extensions.getExtension<PathorsApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    api = await ext.activate();
    await config().update('baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('projectId', PROJECT_ID, vscode.ConfigurationTarget.Global);
    await config().update('endpointUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('sendWholeTranscript', undefined, vscode.ConfigurationTarget.Global);
    await config().update('tools.enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('pathors.setApiKey', API_KEY);
  });

  beforeEach(() => server.reset());

  after(async () => {
    for (const t of vscode.window.terminals) if (t.name === 'Pathors') t.dispose();
    for (const [key, value] of saved) await config().update(key, value, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  it('offers the tools, asks before run_command with Allow and Deny, runs it on Allow and sends the output in the same session', async () => {
    const { recorded, done } = ask('call tool run_command with {"command":"echo native-$((40 + 2))"}');
    const allow = await recorded.button('Allow');
    assert.ok(recorded.buttons.some((b) => b.title === 'Deny'));
    assert.match(recorded.text(), /Pathors wants to run this command:\n\n```text\necho native-\$\(\(40 \+ 2\)\)\n```/);
    assert.ok(recorded.progress.includes('Pathors calls the tool run_command'));
    const first = await nth(server, 1);
    assert.ok(Array.isArray((first.body as { tools?: unknown[] }).tools), 'the request offers the tools');
    assert.equal(await click(allow), true);
    const result = (await done) as vscode.ChatResult;
    const second = await nth(server, 2);
    assert.equal(second.headers['x-session-id'], (result.metadata as { sessionId: string }).sessionId);
    const tool = messagesOf(second).find((m) => m.role === 'tool');
    assert.match(tool?.content ?? '', /Exit code: 0\.\nOutput:\nnative-42/);
    assert.match(recorded.text(), /run_command returned:\n\n```text\nRan `echo/);
    assert.match(recorded.text(), /Tool result .*native-42/s);
    // Answered once: the same button does nothing the second time.
    assert.equal(await click(allow), false);
    assert.equal(result.errorDetails, undefined);
  });

  it('tells the agent when the user denies, and runs nothing', async () => {
    const { recorded, done } = ask('call tool run_command with {"command":"echo must-not-run > denied.txt"}');
    assert.equal(await click(await recorded.button('Deny')), true);
    await done;
    const tool = messagesOf(await nth(server, 2)).find((m) => m.role === 'tool');
    assert.equal(tool?.content, 'The user denied this call; it did not run.');
    assert.match(recorded.text(), /run_command was denied and did not run\./);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, 'denied.txt'))));
  });

  it('Stop ends the wait: nothing runs, no further request, and the buttons answer nothing', async () => {
    const cts = new vscode.CancellationTokenSource();
    const { recorded, done } = ask('call tool run_command with {"command":"echo stopped > stopped.txt"}', cts.token);
    const allow = await recorded.button('Allow');
    cts.cancel();
    const result = (await done) as vscode.ChatResult;
    assert.equal(result.errorDetails, undefined);
    assert.equal(await click(allow), false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(server.requests.length, 1);
  });

  it('answers only a waiting id with allow or deny', async () => {
    assert.equal(await vscode.commands.executeCommand(ANSWER, 'no-such-id', 'allow'), false);
    const { recorded, done } = ask('call tool run_command with {"command":"echo checked"}');
    const allow = await recorded.button('Allow');
    const id = allow.arguments?.[0] as string;
    assert.equal(await vscode.commands.executeCommand(ANSWER, id, 'run it anyway'), false);
    assert.equal(await vscode.commands.executeCommand(ANSWER, { id }, 'allow'), false);
    assert.equal(await vscode.commands.executeCommand(ANSWER, id, 'deny'), true);
    await done;
  });

  it('sends no tools when they are turned off in the settings, as in the sidebar', async () => {
    await config().update('tools.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      const { recorded, done } = ask('call tool run_command with {"command":"echo off"}');
      await done;
      assert.equal((server.requests[0].body as { tools?: unknown }).tools, undefined);
      assert.equal(recorded.buttons.length, 0);
    } finally {
      await config().update('tools.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
