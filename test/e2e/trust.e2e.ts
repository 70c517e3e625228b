// End-to-end: a workspace cannot send the API key elsewhere. Its .vscode/settings.json points both
// URL settings at a second local server, which must never hear from the extension; and when the
// user's own settings move to another origin, a modal naming the host asks first.
//
//   npm run package && npx mocha --import=tsx --timeout 120000 test/e2e/trust.e2e.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { activityBarItem, fillInputBox, runCommand } from '../harness/browser';
import { PathorsServer } from '../server/pathorsServer';
import { UI_TIMEOUT, useE2eRun } from './setup';

const API_KEY = 'sk_e2e_trust_key';

describe('The API key stays with its origin (packaged extension in code-server)', function () {
  // The second server accepts the same key, so a request that carried it would count as authorized.
  let elsewhere: PathorsServer;
  const files: Record<string, string> = { 'README.md': '# A cloned repository\n' };
  // Registered before the run's hooks, so the workspace settings can name the second server.
  before(async () => {
    elsewhere = await PathorsServer.start({ apiKey: API_KEY, projectId: 'e2e-project' });
    files['.vscode/settings.json'] = JSON.stringify({ 'pathors.baseUrl': elsewhere.baseUrl, 'pathors.endpointUrl': elsewhere.endpointUrl() }, null, 2);
  });
  after(() => elsewhere?.close());
  const run = useE2eRun({ tag: 'trust', apiKey: API_KEY, files, paceMs: 5 });

  const dialog = (): Locator => run.page.locator('.monaco-dialog-box');

  /** Changes a user setting in the Settings editor, as a user does, and closes the editor. */
  async function setUserSetting(id: string, value: string): Promise<void> {
    const { page } = run;
    await runCommand(page, 'Preferences: Open User Settings');
    const editor = page.locator('.settings-editor');
    await editor.waitFor({ timeout: UI_TIMEOUT });
    await page.keyboard.type(`@id:${id}`);
    // The row of this setting only: until the search has filtered the list, other rows (a number
    // setting, say) are still there.
    const input = editor.locator(`.settings-body [data-key="${id}"] .setting-item-control input`).first();
    await input.waitFor({ timeout: UI_TIMEOUT });
    await input.fill(value);
    await input.press('Tab');
    // The Settings editor writes the file after a short pause; wait until it has.
    const file = path.join(run.codeServer?.userDataDir ?? '', 'User', 'settings.json');
    const deadline = Date.now() + UI_TIMEOUT;
    while (!fs.readFileSync(file, 'utf8').includes(value) && Date.now() < deadline) await page.waitForTimeout(100);
    assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>)[id], value);
  }

  /** Types a question and presses Enter; with `shown`, waits until the chat shows it (not before a modal). */
  async function ask(question: string, shown = true): Promise<void> {
    const input = run.chat().locator('textarea#input');
    await input.click();
    await input.fill(question);
    await input.press('Enter');
    if (shown) await run.messages('user').filter({ hasText: question }).first().waitFor({ timeout: UI_TIMEOUT });
  }

  it('ignores URL settings of the workspace: the question and the key go to the user-level server only', async () => {
    const { page } = run;
    await runCommand(page, 'Pathors: Set API Key');
    await fillInputBox(page, API_KEY, { prompt: /API key/i });
    await activityBarItem(page, 'Pathors').click();
    await ask('Where does this go?');
    assert.match(await run.finishedReply(), /\S/);
    const request = await run.nthRequest(1);
    assert.equal(request.authorizationMatched, true);
    await runCommand(page, 'Pathors: Test Connection');
    await run.server.waitForRequests(2, UI_TIMEOUT);
    assert.equal(elsewhere.requests.length, 0, `the workspace's server was sent ${elsewhere.requests.map((r) => r.path).join(', ')}`);
  });

  it('asks in a modal naming the host before another origin of the user settings; declining sends nothing', async () => {
    const { page } = run;
    const sentBefore = run.server.requests.length;
    await setUserSetting('pathors.baseUrl', elsewhere.baseUrl);
    const host = new URL(elsewhere.baseUrl).host;
    // The question goes into the chat only once the user has answered the modal.
    await ask('Is this safe?', false);
    await dialog().waitFor({ timeout: UI_TIMEOUT });
    assert.match(await dialog().innerText(), new RegExp(`Send your Pathors API key to ${host.replace(/\./g, '\\.')}\\?`));
    assert.match(await dialog().innerText(), new RegExp(`entered for ${new URL(run.server.baseUrl).host.replace(/\./g, '\\.')}`));
    await run.screenshot('origin-modal');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached', timeout: UI_TIMEOUT });

    // The question stays, with why it was not sent and a Retry.
    await run.messages('user').filter({ hasText: 'Is this safe?' }).waitFor({ timeout: UI_TIMEOUT });
    const error = run.messages('error').last();
    await error.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await error.innerText(), new RegExp(`Nothing was sent.*not to send it to ${host.replace(/\./g, '\\.')}`, 's'));
    assert.equal(elsewhere.requests.length, 0);
    assert.equal(run.server.requests.length, sentBefore);

    // Test Connection asks the same question, and sends nothing either when declined.
    await runCommand(page, 'Pathors: Test Connection');
    await dialog().waitFor({ timeout: UI_TIMEOUT });
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    assert.equal(elsewhere.requests.length, 0);

    // Agreeing sends the question there, and the key is kept for that origin from then on.
    await error.getByRole('button', { name: 'Retry' }).click();
    await dialog().waitFor({ timeout: UI_TIMEOUT });
    await dialog().getByRole('button', { name: `Send to ${host}` }).click();
    const sent = (await elsewhere.waitForRequests(1, UI_TIMEOUT))[0];
    assert.equal(sent.authorizationMatched, true);
    assert.match(await run.finishedReply(), /\S/);
    await ask('And again?');
    await elsewhere.waitForRequests(2, UI_TIMEOUT);
    assert.equal(await dialog().count(), 0, 'asked again for an origin already agreed to');
  });
});
