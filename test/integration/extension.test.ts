// Runs inside a real VS Code extension host against the local Pathors server: activation,
// command registration, the API key in SecretStorage, the session kept in workspaceState and
// what "Ask Pathors about Selection" sends.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PathorsApi } from '../../src/extension';
import { PathorsServer, type RecordedRequest } from '../server/pathorsServer';

const EXTENSION_ID = 'pathors.pathors-chat';
const API_KEY = 'sk_integration_key';
const PROJECT_ID = 'integration-project';
/** Commands and their palette titles (category "Pathors"). */
const PALETTE_COMMANDS: Readonly<Record<string, string>> = {
  'pathors.askAboutSelection': 'Ask Pathors about Selection',
  'pathors.setApiKey': 'Set API Key',
  'pathors.clearApiKey': 'Clear API Key',
  'pathors.newChat': 'New Chat',
  'pathors.stop': 'Stop Response',
};
const REQUEST_TIMEOUT_MS = 10_000;

let server: PathorsServer;

function extension(): vscode.Extension<PathorsApi> {
  const ext = vscode.extensions.getExtension<PathorsApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  return ext;
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The extension's test API, activating it through its view the way a user does. */
async function api(): Promise<PathorsApi> {
  const ext = extension();
  if (!ext.isActive) {
    await vscode.commands.executeCommand('pathors.chatView.focus');
    await waitFor('the extension is active', () => ext.isActive);
  }
  return ext.exports;
}

async function send(text: string): Promise<void> {
  const started = await vscode.commands.executeCommand<boolean>('pathors.send', text);
  assert.equal(started, true, `pathors.send "${text}" did not start a request`);
  await (await api()).whenIdle();
}

/** The n-th recorded request (1-based), waiting for it. */
async function request(n: number): Promise<RecordedRequest> {
  const all = await server.waitForRequests(n, REQUEST_TIMEOUT_MS);
  return all[n - 1];
}

function userMessages(req: RecordedRequest): Array<{ role: string; content: string }> {
  const body = req.body as { messages?: Array<{ role: string; content: string }> } | undefined;
  assert.ok(body && Array.isArray(body.messages), `request body has no messages: ${req.rawBody}`);
  return body.messages;
}

/** A clean slate for each test: no request in flight, empty chat, no recorded requests, the right key. */
async function resetState(): Promise<void> {
  const pathors = await api();
  await vscode.commands.executeCommand('pathors.stop');
  await pathors.whenIdle();
  await vscode.commands.executeCommand('pathors.newChat');
  server.reset();
  server.setApiKey(API_KEY);
  await vscode.commands.executeCommand('pathors.setApiKey', API_KEY);
}

before(async () => {
  server = await PathorsServer.start({ apiKey: API_KEY, projectId: PROJECT_ID });
  const config = vscode.workspace.getConfiguration('pathors');
  await config.update('baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
  await config.update('projectId', server.projectId, vscode.ConfigurationTarget.Global);
});

after(async () => {
  if (extension().isActive) {
    await vscode.commands.executeCommand('pathors.stop');
    await vscode.commands.executeCommand('pathors.newChat');
    await vscode.commands.executeCommand('pathors.clearApiKey');
  }
  const config = vscode.workspace.getConfiguration('pathors');
  await config.update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
  await config.update('projectId', undefined, vscode.ConfigurationTarget.Global);
  await server?.close();
});

describe('Activation and contributions', () => {
  it('activates when its chat view is shown', async () => {
    const ext = extension();
    const events: string[] = ext.packageJSON.activationEvents ?? [];
    const eager = events.some((e) => e === '*' || e === 'onStartupFinished');
    if (!eager) assert.equal(ext.isActive, false, 'the extension activated before anything needed it');

    await vscode.commands.executeCommand('pathors.chatView.focus');
    await waitFor('the extension is active', () => ext.isActive);

    const pathors = ext.exports;
    for (const fn of ['sessionId', 'transcript', 'whenIdle', 'hasApiKey'] as const) {
      assert.equal(typeof pathors[fn], 'function', `the test API has no ${fn}()`);
    }
  });

  it('registers every command', async () => {
    await api();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of [...Object.keys(PALETTE_COMMANDS), 'pathors.send']) {
      assert.ok(registered.has(id), `${id} is not registered`);
    }
  });

  it('contributes the commands with their titles in the "Pathors" category, and hides pathors.send from the palette', async () => {
    const ext = extension();
    const nls = await readNls(ext.extensionUri);
    const contributes = ext.packageJSON.contributes as {
      commands: Array<{ command: string; title: string; category?: string }>;
      menus?: { commandPalette?: Array<{ command: string; when?: string }> };
    };
    for (const [id, title] of Object.entries(PALETTE_COMMANDS)) {
      const command = contributes.commands.find((c) => c.command === id);
      assert.ok(command, `${id} is not contributed`);
      assert.equal(command.title.replace(/^%(.+)%$/, (_, key: string) => nls[key] ?? key), title);
      assert.equal(command.category, 'Pathors');
    }
    const send = contributes.commands.find((c) => c.command === 'pathors.send');
    if (send) {
      const entry = contributes.menus?.commandPalette?.find((m) => m.command === 'pathors.send');
      assert.equal(entry?.when, 'false', 'pathors.send is contributed but shown in the command palette');
    }
  });
});

describe('API key in SecretStorage', () => {
  beforeEach(resetState);

  it('is stored by "Set API Key", sent as a Bearer token, and removed by "Clear API Key"', async () => {
    const pathors = await api();
    await vscode.commands.executeCommand('pathors.clearApiKey');
    assert.equal(await pathors.hasApiKey(), false);

    await vscode.commands.executeCommand('pathors.setApiKey', API_KEY);
    assert.equal(await pathors.hasApiKey(), true);

    await send('Is my key right?');
    const req = await request(1);
    assert.equal(req.authorizationMatched, true, `Authorization header was ${req.headers.authorization}`);
    assert.equal(req.status, 200);
    assert.match(req.path, new RegExp(`/${PROJECT_ID}/`));

    await vscode.commands.executeCommand('pathors.clearApiKey');
    assert.equal(await pathors.hasApiKey(), false);
  });

  it('never returns the key through the test API', async () => {
    const pathors = await api();
    await send('hello');
    assert.ok(!JSON.stringify(pathors.transcript()).includes(API_KEY));
  });
});

describe('Session kept in workspaceState', () => {
  beforeEach(resetState);

  it('adopts the session the server starts, continues it, and sends only the new turn', async () => {
    const pathors = await api();
    assert.equal(pathors.sessionId(), undefined);
    server.enqueue({ text: 'First answer.' }, { text: 'Second answer.' });

    await send('first question');
    const first = await request(1);
    assert.equal(first.headers['x-session-id'], undefined, 'a new chat must not send X-Session-ID');
    assert.ok(first.sessionId, 'the server started no session');
    assert.equal(pathors.sessionId(), first.sessionId);

    await send('second question');
    const second = await request(2);
    assert.equal(second.headers['x-session-id'], first.sessionId);
    assert.equal(second.sessionId, first.sessionId);
    assert.deepEqual(userMessages(second), [{ role: 'user', content: 'second question' }]);

    assert.deepEqual(
      pathors.transcript().map((e) => [e.role, e.text]),
      [
        ['user', 'first question'],
        ['assistant', 'First answer.'],
        ['user', 'second question'],
        ['assistant', 'Second answer.'],
      ],
    );
    assert.deepEqual(server.sessionTranscript(first.sessionId)?.map((m) => m.content), [
      'first question',
      'First answer.',
      'second question',
      'Second answer.',
    ]);
  });

  it('with "Send Whole Transcript" on, sends every earlier turn and no session id', async () => {
    const config = vscode.workspace.getConfiguration('pathors');
    await config.update('sendWholeTranscript', true, vscode.ConfigurationTarget.Global);
    try {
      server.enqueue({ text: 'First answer.' }, { text: 'Second answer.' });
      await send('first question');
      await send('second question');
      const second = await request(2);
      assert.equal(second.headers['x-session-id'], undefined);
      assert.deepEqual(userMessages(second), [
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: 'First answer.' },
        { role: 'user', content: 'second question' },
      ]);
    } finally {
      await config.update('sendWholeTranscript', undefined, vscode.ConfigurationTarget.Global);
    }
    // Back to the Pathors way: only the new turn, in the session the server keeps.
    await send('third question');
    const third = await request(3);
    assert.deepEqual(userMessages(third), [{ role: 'user', content: 'third question' }]);
    assert.equal(third.headers['x-session-id'], (await api()).sessionId());
  });

  it('"New Chat" forgets the session and the transcript', async () => {
    const pathors = await api();
    await send('before');
    const before = await request(1);
    assert.ok(pathors.sessionId());

    await vscode.commands.executeCommand('pathors.newChat');
    assert.equal(pathors.sessionId(), undefined);
    assert.deepEqual(pathors.transcript(), []);

    await send('after');
    const afterNewChat = await request(2);
    assert.equal(afterNewChat.headers['x-session-id'], undefined);
    assert.ok(afterNewChat.sessionId);
    assert.notEqual(afterNewChat.sessionId, before.sessionId);
    assert.equal(pathors.sessionId(), afterNewChat.sessionId);
  });
});

describe('Ask Pathors about Selection', () => {
  const LINES = [
    'export function add(a: number, b: number): number {',
    '  const sum = a + b;',
    '  return sum;',
    '}',
    '',
  ];
  let fileUri: vscode.Uri;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has no workspace folder');
    fileUri = vscode.Uri.joinPath(folder.uri, 'src', 'math.ts');
    await vscode.workspace.fs.writeFile(fileUri, new TextEncoder().encode(LINES.join('\n')));
  });

  beforeEach(resetState);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.workspace.fs.delete(fileUri).then(undefined, () => undefined);
  });

  async function selectLines(selection: vscode.Selection): Promise<vscode.TextEditor> {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri));
    editor.selection = selection;
    return editor;
  }

  async function askAndGetPrompt(question: string): Promise<string> {
    const started = await vscode.commands.executeCommand<boolean>('pathors.askAboutSelection', { question });
    assert.equal(started, true, 'askAboutSelection did not start a request');
    await (await api()).whenIdle();
    const messages = userMessages(await request(1));
    assert.equal(messages.length, 1, 'one user message expected');
    assert.equal(messages[0].role, 'user');
    return messages[0].content;
  }

  it('sends the question with the file, language, line range and the code in a fence', async () => {
    const editor = await selectLines(new vscode.Selection(1, 0, 2, LINES[2].length));
    assert.equal(editor.document.languageId, 'typescript');

    const prompt = await askAndGetPrompt('What does this do?');
    assert.ok(prompt.includes('What does this do?'), prompt);
    assert.ok(prompt.includes('src/math.ts'), `no workspace-relative path in:\n${prompt}`);
    assert.ok(prompt.includes('typescript'), `no language id in:\n${prompt}`);
    assert.match(prompt, /lines? 2\s*[-–]\s*3/, `no line range 2-3 in:\n${prompt}`);
    assert.ok(
      new RegExp('(`{3,})[\\w-]*\\n' + escapeRegExp(`${LINES[1]}\n${LINES[2]}`) + '\\n\\1').test(prompt),
      `lines 2-3 are not in a code fence in:\n${prompt}`,
    );
    assert.ok(!prompt.includes(LINES[0]), 'sent more than the selection');

    const user = (await api()).transcript().find((e) => e.role === 'user');
    assert.equal(user?.text, 'What does this do?');
    assert.equal(user?.context?.label, 'src/math.ts:2-3');
  });

  it('does not count the line a selection ends at column 0 of', async () => {
    await selectLines(new vscode.Selection(1, 0, 3, 0));
    const prompt = await askAndGetPrompt('Explain this code');
    assert.match(prompt, /lines? 2\s*[-–]\s*3/, prompt);
    assert.ok(!prompt.includes(`${LINES[2]}\n${LINES[3]}`), 'line 4 was sent');
  });

  it('sends nothing without a selection', async () => {
    await selectLines(new vscode.Selection(1, 0, 1, 0));
    const started = await vscode.commands.executeCommand<boolean>('pathors.askAboutSelection', { question: 'Anything?' });
    assert.notEqual(started, true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(server.requests.length, 0);
  });
});

describe('Conversations', () => {
  beforeEach(resetState);

  it('keeps a Pathors session per conversation and continues the one switched to', async () => {
    const pathors = await api();
    await send('First conversation');
    const first = pathors.activeConversationId();
    const firstSession = pathors.sessionId();
    await vscode.commands.executeCommand('pathors.newChat');
    assert.notEqual(pathors.activeConversationId(), first);
    assert.equal(pathors.sessionId(), undefined);
    await send('Second conversation');
    const secondSession = pathors.sessionId();
    assert.ok(firstSession && secondSession && firstSession !== secondSession);

    assert.equal(await vscode.commands.executeCommand('pathors.showConversations', first), true);
    assert.equal(pathors.sessionId(), firstSession);
    assert.equal(pathors.transcript()[0].text, 'First conversation');
    await send('Back to the first');
    assert.equal((await request(3)).headers['x-session-id'], firstSession);
    const titles = pathors.conversations().map((c) => c.title);
    assert.ok(titles.includes('First conversation') && titles.includes('Second conversation'), JSON.stringify(titles));
  });

  it('exports the conversation as a Markdown document', async () => {
    await send('Export me, please');
    const uri = await vscode.commands.executeCommand<string>('pathors.exportConversation');
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(uri && doc && doc.uri.toString() === uri);
    assert.equal(doc.languageId, 'markdown');
    assert.ok(doc.isUntitled);
    const text = doc.getText();
    assert.match(text, /^# Export me, please\n/);
    assert.match(text, /## You\n\nExport me, please/);
    assert.match(text, /## Pathors\n\n### Hello from the Pathors demo server/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

describe('Conversation files', () => {
  beforeEach(resetState);

  it('keeps each conversation in its own file in the workspace storage, listed in the index', async () => {
    const pathors = await api();
    await send('Kept in a file of its own');
    const folder = pathors.conversationFolder();
    const file = path.join(folder, `${pathors.activeConversationId()}.jsonl`);
    await waitFor('the reply is in the file', () => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('Hello from the Pathors demo server'));
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(lines.some((l) => (l.e as { text?: string } | undefined)?.text === 'Kept in a file of its own'));
    assert.ok(lines.some((l) => l.session === pathors.sessionId()));
    const index = JSON.parse(fs.readFileSync(path.join(folder, 'index.json'), 'utf8')) as { conversations: Array<{ id: string; title: string }> };
    assert.ok(index.conversations.some((c) => c.id === pathors.activeConversationId() && c.title === 'Kept in a file of its own'));
  });

  it('sets a damaged file aside, keeps what could be read, and the other conversations still load', async () => {
    const pathors = await api();
    await send('An undamaged conversation');
    const healthy = pathors.activeConversationId();
    const folder = pathors.conversationFolder();
    const damaged = path.join(folder, 'damaged-by-a-crash.jsonl');
    const good = { e: { id: 'q1', role: 'user', text: 'Readable question' } };
    fs.writeFileSync(damaged, `${JSON.stringify({ pathors: 'conversation', v: 1 })}\n${JSON.stringify(good)}\n{"e":{"id":"q2","ro`);

    assert.equal(await vscode.commands.executeCommand('pathors.showConversations', 'damaged-by-a-crash'), true);
    assert.deepEqual(pathors.transcript().map((e) => e.text), ['Readable question']);
    const aside = fs.readdirSync(folder).filter((n) => n.startsWith('damaged-by-a-crash.jsonl.damaged-'));
    assert.equal(aside.length, 1, 'the damaged file is renamed, not deleted');
    assert.ok(fs.readFileSync(path.join(folder, aside[0]), 'utf8').includes('"id":"q2","ro'));

    assert.equal(await vscode.commands.executeCommand('pathors.showConversations', healthy), true);
    assert.equal(pathors.transcript()[0].text, 'An undamaged conversation');
  });
});

/** The extension's default (English) strings, for manifest values written as `%key%`. */
async function readNls(extensionUri: vscode.Uri): Promise<Record<string, string>> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'package.nls.json'));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, string>;
  } catch {
    return {};
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
