// Inside a real extension host against the local server: the endpoint URL setting (both URL
// shapes, and a bad one as a config problem), "Test Connection", "Show Log" and the status bar item.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PathorsApi } from '../../src/extension';
import type { ConnectionResult } from '../../src/core/connectionCheck';
import { PathorsServer } from '../server/pathorsServer';

const EXTENSION_ID = 'pathors.pathors-chat';
const API_KEY = 'sk_connection_key';
const PROJECT_ID = 'connection-project';
const SETTINGS = ['baseUrl', 'projectId', 'endpointUrl'] as const;

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function api(): Promise<PathorsApi> {
  const ext = vscode.extensions.getExtension<PathorsApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  if (!ext.isActive) {
    await vscode.commands.executeCommand('pathors.chatView.focus');
    await waitFor('the extension is active', () => ext.isActive);
  }
  return ext.exports;
}

const config = () => vscode.workspace.getConfiguration('pathors');
const set = (key: (typeof SETTINGS)[number], value: string | undefined) => config().update(key, value, vscode.ConfigurationTarget.Global);
const testConnection = () => vscode.commands.executeCommand<ConnectionResult>('pathors.testConnection');

describe('Endpoint URL, Test Connection and the status bar', () => {
  let server: PathorsServer;
  let saved: Array<[(typeof SETTINGS)[number], string | undefined]> = [];

  before(async () => {
    server = await PathorsServer.start({ apiKey: API_KEY, projectId: PROJECT_ID });
    saved = SETTINGS.map((key) => [key, config().inspect<string>(key)?.globalValue]);
  });

  beforeEach(async () => {
    const pathors = await api();
    await vscode.commands.executeCommand('pathors.stop');
    await pathors.whenIdle();
    await vscode.commands.executeCommand('pathors.newChat');
    await set('baseUrl', server.baseUrl);
    await set('projectId', PROJECT_ID);
    await set('endpointUrl', undefined);
    await vscode.commands.executeCommand('pathors.setApiKey', API_KEY);
    server.reset();
    await waitFor('the status bar shows ready', () => pathors.status() === 'ready');
  });

  after(async () => {
    await vscode.commands.executeCommand('pathors.stop');
    await vscode.commands.executeCommand('pathors.newChat');
    for (const [key, value] of saved) await set(key, value);
    await server?.close();
  });

  it('registers Test Connection and Show Log in the "Pathors" category', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.commands ?? []) as Array<{ command: string; category?: string }>;
    for (const id of ['pathors.testConnection', 'pathors.showLog']) {
      assert.ok(registered.has(id), `${id} is not registered`);
      assert.equal(contributed.find((c) => c.command === id)?.category, 'Pathors', `${id} is not contributed in the Pathors category`);
    }
    // Opens the log channel; nothing to assert but that it does not fail.
    await vscode.commands.executeCommand('pathors.showLog');
  });

  it('tests the built URL with one request in a new session, leaving the chat untouched', async () => {
    const pathors = await api();
    const before = JSON.stringify(pathors.transcript());
    const result = await testConnection();
    assert.ok(result.ok, JSON.stringify(result));
    const [req] = await server.waitForRequests(1);
    assert.equal(req.path, `/api/project/${PROJECT_ID}/integration/api/chat/completions`);
    assert.equal(req.headers['x-session-id'], undefined);
    assert.equal(req.authorizationMatched, true);
    assert.equal(result.sessionId, req.sessionId);
    assert.equal(JSON.stringify(pathors.transcript()), before);
    assert.equal(pathors.sessionId(), undefined, 'the test session leaked into the chat');
  });

  it('uses a v1 endpoint URL as is, without a project ID, for tests and chat alike', async () => {
    await set('projectId', '');
    await set('endpointUrl', server.v1EndpointUrl());
    const pathors = await api();
    await waitFor('the status bar shows ready', () => pathors.status() === 'ready');
    assert.ok((await testConnection()).ok);
    assert.equal(await vscode.commands.executeCommand<boolean>('pathors.send', 'Over the v1 route?'), true);
    await pathors.whenIdle();
    const paths = (await server.waitForRequests(2)).map((r) => [r.path, r.status]);
    assert.deepEqual(paths, [
      [`/v1/projects/${PROJECT_ID}/chat/completions`, 200],
      [`/v1/projects/${PROJECT_ID}/chat/completions`, 200],
    ]);
    assert.equal(pathors.transcript().at(-1)?.role, 'assistant');

    // A 404 there points at the endpoint URL setting, not at the project ID.
    await set('endpointUrl', server.v1EndpointUrl('not-this-one'));
    assert.equal(await vscode.commands.executeCommand<boolean>('pathors.send', 'And now?'), true);
    await pathors.whenIdle();
    const error = pathors.transcript().at(-1);
    assert.equal(error?.role, 'error');
    assert.match(error.text, /pathors\.endpointUrl/);
  });

  it('treats an endpoint URL that is not http(s) as a config problem: nothing is sent, nothing breaks', async () => {
    const pathors = await api();
    await set('endpointUrl', 'ftp://example.test/chat');
    await waitFor('the status bar shows the bad URL', () => pathors.status() === 'badEndpoint');
    const result = await testConnection();
    assert.ok(!result.ok && result.fault === 'badEndpoint', JSON.stringify(result));
    assert.equal(await vscode.commands.executeCommand<boolean>('pathors.send', 'Anyone?'), false);
    assert.equal(server.requests.length, 0);
    await set('endpointUrl', undefined);
    await waitFor('the status bar is ready again', () => pathors.status() === 'ready');
  });

  it('diagnoses a rejected key, a wrong project and a missing key', async () => {
    const pathors = await api();
    server.setApiKey('sk_other');
    const rejected = await testConnection();
    server.setApiKey(API_KEY);
    assert.ok(!rejected.ok && rejected.fault === 'keyRejected', JSON.stringify(rejected));

    await set('projectId', 'not-this-one');
    const notFound = await testConnection();
    assert.ok(!notFound.ok && notFound.fault === 'notFound', JSON.stringify(notFound));
    await set('projectId', PROJECT_ID);

    await vscode.commands.executeCommand('pathors.clearApiKey');
    await waitFor('the status bar shows the missing key', () => pathors.status() === 'noKey');
    const noKey = await testConnection();
    assert.ok(!noKey.ok && noKey.fault === 'noKey', JSON.stringify(noKey));
    assert.equal(server.requests.length, 2);
  });

  it('shows streaming during a reply, and an error after a failed one until a new chat', async () => {
    const pathors = await api();
    server.enqueue({ hang: true });
    assert.equal(await vscode.commands.executeCommand<boolean>('pathors.send', 'Take your time'), true);
    await waitFor('the status bar shows streaming', () => pathors.status() === 'streaming');
    await vscode.commands.executeCommand('pathors.stop');
    await pathors.whenIdle();
    assert.equal(pathors.status(), 'ready', 'a stopped reply is not a failure');

    server.setApiKey('sk_other');
    assert.equal(await vscode.commands.executeCommand<boolean>('pathors.send', 'Will this fail?'), true);
    await pathors.whenIdle();
    server.setApiKey(API_KEY);
    assert.equal(pathors.transcript().at(-1)?.role, 'error');
    assert.equal(pathors.status(), 'error');

    await vscode.commands.executeCommand('pathors.newChat');
    await waitFor('the status bar is ready after New Chat', () => pathors.status() === 'ready');
  });

  it('shows a missing project when neither a project ID nor an endpoint URL is set', async () => {
    const pathors = await api();
    await set('projectId', '');
    await waitFor('the status bar shows the missing project', () => pathors.status() === 'noProject');
    const result = await testConnection();
    assert.ok(!result.ok && result.fault === 'noProject');
  });
});
