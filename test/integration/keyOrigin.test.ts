// Inside a real extension host with VS Code's own fetch: the key is refused to plain http off
// this computer, a redirect is not followed (nothing reaches its target), and both say why in the
// chat and in Test Connection. The modal for another origin is driven in test/e2e/trust.e2e.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PathorsApi } from '../../src/extension';
import type { ConnectionResult } from '../../src/core/connectionCheck';
import { PathorsServer } from '../server/pathorsServer';

const EXTENSION_ID = 'pathors.pathors-chat';
const API_KEY = 'sk_origin_key';
const PROJECT_ID = 'origin-project';
const SETTINGS = ['baseUrl', 'projectId', 'endpointUrl'] as const;
/** TEST-NET-1: never routed, so nothing could answer even if something were sent. */
const FAR_HTTP = 'http://192.0.2.10:8080';

const config = () => vscode.workspace.getConfiguration('pathors');
const set = (key: (typeof SETTINGS)[number], value: string | undefined) => config().update(key, value, vscode.ConfigurationTarget.Global);

async function api(): Promise<PathorsApi> {
  const ext = vscode.extensions.getExtension<PathorsApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  if (!ext.isActive) await ext.activate();
  return ext.exports;
}

describe('Where the API key may go', () => {
  let server: PathorsServer;
  let target: PathorsServer;
  let saved: Array<[(typeof SETTINGS)[number], string | undefined]> = [];

  before(async () => {
    server = await PathorsServer.start({ apiKey: API_KEY, projectId: PROJECT_ID });
    target = await PathorsServer.start({ apiKey: API_KEY, projectId: PROJECT_ID });
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
    // Setting the key binds it to the origin of the settings of the moment.
    await vscode.commands.executeCommand('pathors.setApiKey', API_KEY);
    server.reset();
    target.reset();
  });

  after(async () => {
    await vscode.commands.executeCommand('pathors.newChat');
    for (const [key, value] of saved) await set(key, value);
    await server?.close();
    await target?.close();
  });

  it('gives the URL settings application scope, so workspace and folder settings cannot set them', () => {
    const properties = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.configuration.properties as Record<string, { scope?: string }>;
    assert.equal(properties['pathors.baseUrl'].scope, 'application');
    assert.equal(properties['pathors.endpointUrl'].scope, 'application');
  });

  it('refuses plain http to another computer: the question stays with why, and Test Connection says so too', async () => {
    const pathors = await api();
    await set('baseUrl', FAR_HTTP);
    assert.equal(await vscode.commands.executeCommand<boolean>('pathors.send', 'Over plain http?'), false);
    const [question, error] = pathors.transcript().slice(-2);
    assert.equal(question?.text, 'Over plain http?');
    assert.equal(error?.role, 'error');
    assert.match(error.text, /Nothing was sent: 192\.0\.2\.10:8080 is a plain http URL/);
    assert.deepEqual(error.actions, ['openSettings']);
    const result = await vscode.commands.executeCommand<ConnectionResult>('pathors.testConnection');
    assert.ok(!result.ok && result.fault === 'notSent', JSON.stringify(result));
    assert.equal(result.elapsedMs, 0);
  });

  it('does not follow a redirect with VS Code\'s fetch: nothing reaches the target, and the chat names it', async () => {
    const pathors = await api();
    server.enqueue({ status: 307, headers: { Location: target.endpointUrl() }, body: '' });
    assert.equal(await vscode.commands.executeCommand<boolean>('pathors.send', 'Where do you send me?'), true);
    await pathors.whenIdle();
    const error = pathors.transcript().at(-1);
    assert.equal(error?.role, 'error');
    assert.ok(error.text.includes(target.endpointUrl()), error.text);
    assert.equal(server.requests.length, 1);
    assert.equal(target.requests.length, 0);

    server.enqueue({ status: 302, headers: { Location: target.endpointUrl() }, body: '' });
    const result = await vscode.commands.executeCommand<ConnectionResult>('pathors.testConnection');
    assert.ok(!result.ok && result.fault === 'redirected', JSON.stringify(result));
    assert.equal(target.requests.length, 0);
  });

  it('binds the key again when it is set while the settings name another origin', async () => {
    const pathors = await api();
    await set('baseUrl', target.baseUrl);
    await vscode.commands.executeCommand('pathors.setApiKey', API_KEY);
    // No modal: the key was entered for this origin.
    assert.equal(await vscode.commands.executeCommand<boolean>('pathors.send', 'Now here?'), true);
    await pathors.whenIdle();
    assert.equal(target.requests.length, 1);
    assert.equal(target.requests[0].authorizationMatched, true);
    assert.equal(server.requests.length, 0);
  });
});
