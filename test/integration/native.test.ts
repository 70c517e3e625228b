// @pathors and the Pathors language model inside a real extension host, against the local server:
// both registered, `vscode.lm` requests streamed, tool calls mapped both ways, and a cancelled
// request aborted at the server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PathorsApi } from '../../src/extension';
import { PathorsServer, type RecordedRequest } from '../server/pathorsServer';

const EXTENSION_ID = 'pathors.pathors-chat';
const API_KEY = 'sk_native_key';
const PROJECT_ID = 'native-project';
const SETTINGS = ['baseUrl', 'projectId', 'endpointUrl', 'sendWholeTranscript'] as const;

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function activate(): Promise<PathorsApi> {
  const ext = vscode.extensions.getExtension<PathorsApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

async function pathorsModel(): Promise<vscode.LanguageModelChat> {
  let models: vscode.LanguageModelChat[] = [];
  await waitFor('the Pathors model is listed', async () => (models = await vscode.lm.selectChatModels({ vendor: 'pathors' })).length > 0);
  return models[0];
}

/** Reads a response to its end: the text and the tool calls, in order. */
async function read(response: vscode.LanguageModelChatResponse): Promise<{ text: string; calls: vscode.LanguageModelToolCallPart[] }> {
  let text = '';
  const calls: vscode.LanguageModelToolCallPart[] = [];
  for await (const part of response.stream) {
    if (part instanceof vscode.LanguageModelTextPart) text += part.value;
    else if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
  }
  return { text, calls };
}

const config = () => vscode.workspace.getConfiguration('pathors');
const messagesOf = (r: RecordedRequest) => (r.body as { messages: Array<Record<string, unknown>> }).messages;

describe('@pathors and the Pathors language model', () => {
  let server: PathorsServer;
  let api: PathorsApi;
  let saved: Array<[string, unknown]> = [];

  before(async () => {
    server = await PathorsServer.start({ apiKey: API_KEY, projectId: PROJECT_ID });
    saved = SETTINGS.map((key) => [key, config().inspect(key)?.globalValue]);
    api = await activate();
    await config().update('baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('projectId', PROJECT_ID, vscode.ConfigurationTarget.Global);
    await config().update('endpointUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('sendWholeTranscript', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('pathors.setApiKey', API_KEY);
  });

  beforeEach(() => server.reset());

  after(async () => {
    for (const [key, value] of saved) await config().update(key, value, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  it('contributes @pathors (sticky, /new and /explain) and the pathors model vendor with Set API Key as its management command', () => {
    const contributes = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes;
    const participant = contributes.chatParticipants.find((p: { id: string }) => p.id === 'pathors.chat');
    assert.equal(participant.name, 'pathors');
    assert.equal(participant.fullName, 'Pathors');
    assert.equal(participant.isSticky, true);
    assert.deepEqual(participant.commands.map((c: { name: string }) => c.name), ['new', 'explain']);
    assert.deepEqual(contributes.languageModelChatProviders, [{ vendor: 'pathors', displayName: 'Pathors', managementCommand: 'pathors.setApiKey' }]);
  });

  it('lists one selectable Pathors model that calls tools', async () => {
    const models = await vscode.lm.selectChatModels({ vendor: 'pathors' });
    assert.equal(models.length, 1);
    const [model] = models;
    assert.equal(model.name, 'Pathors (your project)');
    assert.equal(model.family, 'pathors');
    assert.ok(model.maxInputTokens > 0);
    // An estimate, not zero and not wildly off for plain text: four characters a token.
    assert.equal(await model.countTokens('x'.repeat(400)), 100);
  });

  it('streams text from the server, sending the messages as given and no session id', async () => {
    const model = await pathorsModel();
    server.enqueue({ text: 'Streamed from the local Pathors server.', chunkSize: 3, delayMs: 5 });
    const response = await model.sendRequest([
      vscode.LanguageModelChatMessage.User('First question'),
      vscode.LanguageModelChatMessage.Assistant('First answer'),
      vscode.LanguageModelChatMessage.User('Second question'),
    ]);
    const { text, calls } = await read(response);
    assert.equal(text, 'Streamed from the local Pathors server.');
    assert.deepEqual(calls, []);
    const [req] = server.requests;
    assert.equal(req.headers['x-session-id'], undefined);
    assert.equal(req.headers.authorization, 'Bearer ***');
    assert.deepEqual(messagesOf(req), [
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: 'First answer' },
      { role: 'user', content: 'Second question' },
    ]);
    assert.equal('tools' in (req.body as object), false);
  });

  it('maps tools to the request and streamed tool calls to tool-call parts, and tool results back to tool messages', async () => {
    const model = await pathorsModel();
    const tools: vscode.LanguageModelChatTool[] = [
      { name: 'read_file', description: 'Reads a workspace file', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
    ];
    const ask = vscode.LanguageModelChatMessage.User('Please call tool read_file with {"path":"src/ünï \\"q\\".ts"}');
    const first = await read(await model.sendRequest([ask], { tools }));
    assert.equal(first.calls.length, 1);
    const [call] = first.calls;
    assert.equal(call.name, 'read_file');
    assert.deepEqual(call.input, { path: 'src/ünï "q".ts' });
    assert.deepEqual((server.requests[0].body as { tools: unknown }).tools, [
      { type: 'function', function: { name: 'read_file', description: 'Reads a workspace file', parameters: tools[0].inputSchema } },
    ]);

    const second = await read(
      await model.sendRequest(
        [
          ask,
          vscode.LanguageModelChatMessage.Assistant([call]),
          vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('const a = 1;')])]),
        ],
        { tools },
      ),
    );
    assert.ok(second.text.startsWith(`Tool result ${call.callId}: const a = 1;`), second.text);
    assert.deepEqual(messagesOf(server.requests[1]).slice(1), [
      { role: 'assistant', content: null, tool_calls: [{ id: call.callId, type: 'function', function: { name: 'read_file', arguments: JSON.stringify(call.input) } }] },
      { role: 'tool', tool_call_id: call.callId, content: 'const a = 1;' },
    ]);
  });

  it('aborts the request at the server when the caller cancels, keeping what arrived; the status bar says Pathors is answering meanwhile', async () => {
    const model = await pathorsModel();
    server.enqueue({ text: 'Arrived before the stop. And much more that never comes.', chunkSize: 24, stallAfter: 1 });
    const cts = new vscode.CancellationTokenSource();
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Long answer please')], {}, cts.token);
    let text = '';
    const reading = (async () => {
      for await (const part of response.stream) if (part instanceof vscode.LanguageModelTextPart) text += part.value;
    })();
    await waitFor('the first text arrives', () => text.length > 0);
    await server.waitForRequests(1, 5_000);
    assert.equal(server.openResponses, 1);
    assert.equal(api.status(), 'streaming');
    cts.cancel();
    await server.waitForNoOpenResponses(5_000);
    await reading.catch(() => undefined);
    assert.equal(text, 'Arrived before the stop.');
    await waitFor('the status bar no longer says Pathors is answering', () => api.status() !== 'streaming');
  });

  it('says what is missing instead of sending when no key is set', async () => {
    const model = await pathorsModel();
    await vscode.commands.executeCommand('pathors.clearApiKey');
    try {
      await assert.rejects(
        async () => read(await model.sendRequest([vscode.LanguageModelChatMessage.User('Hello?')])),
        /No Pathors API key is set/,
      );
      assert.equal(server.requests.length, 0);
    } finally {
      await vscode.commands.executeCommand('pathors.setApiKey', API_KEY);
    }
  });

  it('gets the key through the same guard as the sidebar: plain http to another computer is refused, nothing sent', async () => {
    const model = await pathorsModel();
    // TEST-NET-1: never routed, so nothing could answer even if something were sent.
    await config().update('baseUrl', 'http://192.0.2.10:8080', vscode.ConfigurationTarget.Global);
    try {
      await assert.rejects(
        async () => read(await model.sendRequest([vscode.LanguageModelChatMessage.User('Over plain http?')])),
        /Nothing was sent: 192\.0\.2\.10:8080 is a plain http URL/,
      );
      assert.equal(server.requests.length, 0);
    } finally {
      await config().update('baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
    }
  });
});
