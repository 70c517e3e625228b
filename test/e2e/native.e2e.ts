// End-to-end: @pathors in VS Code's own Chat view, driven as a user without a GitHub account or
// Copilot does it: the chat setting, the API key, "Pathors" picked in the model picker, then
// @pathors questions; sessions per thread across a reload, /new, Stop, and never a sign-in dialog.
import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { fillInputBox, runCommand, waitForWorkbench } from '../harness/browser';
import { UI_TIMEOUT, useE2eRun } from './setup';

const API_KEY = 'sk_e2e_native_key';
const MODEL_NAME = 'Pathors (your project)';

describe('@pathors in the Chat view, as a user without Copilot (packaged extension in code-server)', function () {
  this.timeout(180_000);
  const run = useE2eRun({
    tag: 'native',
    apiKey: API_KEY,
    paceMs: 40,
    files: { 'src/greet.ts': 'export const greet = (name: string) => `Hello, ${name}!`;\n' },
    // The harness turns VS Code's AI features off for the other suites; a user of the Chat view has them on.
    settings: { 'chat.disableAIFeatures': false, 'chat.allowAnonymousAccess': true },
  });

  const page = () => run.page;
  const chatPart = () => page().locator('.interactive-session').first();
  const input = () => chatPart().locator('.interactive-input-part .monaco-editor').first();
  const responses = () => chatPart().locator('.interactive-item-container.interactive-response');

  /** No modal dialog (a sign-in prompt or any other) is on screen. */
  async function assertNoDialog(when: string): Promise<void> {
    assert.equal(await page().locator('.monaco-dialog-box').count(), 0, `a dialog appeared ${when}: ${await page().locator('.monaco-dialog-box').allInnerTexts()}`);
  }

  /** Types a message into the chat input (replacing what is there) and sends it with Enter. */
  async function send(text: string): Promise<void> {
    await input().click({ force: true });
    await page().keyboard.press('Control+A');
    await page().keyboard.press('Backspace');
    await page().keyboard.type(text, { delay: 10 });
    await page().keyboard.press('Enter');
  }

  /** The text of the last response once it has finished. */
  async function lastResponse(count: number): Promise<Locator> {
    await responses().nth(count - 1).waitFor({ timeout: UI_TIMEOUT });
    const last = responses().nth(count - 1);
    await page().waitForFunction(
      (el) => !el?.classList.contains('chat-response-loading'),
      await last.elementHandle(),
      { timeout: UI_TIMEOUT },
    );
    return last;
  }

  it('sets the key, opens the Chat view and picks Pathors in the model picker', async () => {
    await runCommand(page(), 'Pathors: Set API Key');
    await fillInputBox(page(), API_KEY);
    await runCommand(page(), 'Chat: Open Chat');
    await input().waitFor({ timeout: UI_TIMEOUT });
    const picker = chatPart().locator('.chat-input-toolbars .action-item').filter({ hasText: /Auto|Models|Pathors/ }).first();
    await picker.click();
    const row = page().locator('.action-widget .monaco-list-row').filter({ hasText: MODEL_NAME }).first();
    await row.waitFor({ timeout: UI_TIMEOUT }).catch(async (err) => {
      await run.screenshot('picker');
      throw new Error(`The model picker has no "${MODEL_NAME}": ${await page().locator('.action-widget .monaco-list-row').allInnerTexts()}\n${err}`);
    });
    await row.click();
    await chatPart().locator('.chat-input-toolbars').getByText(MODEL_NAME).first().waitFor({ timeout: UI_TIMEOUT });
    await assertNoDialog('while setting up');
  });

  it('streams the reply to "@pathors hello"', async () => {
    await send('@pathors hello');
    const first = await run.nthRequest(1);
    assert.equal(first.headers['x-session-id'], undefined);
    const reply = await lastResponse(1);
    await reply.getByText('Hello from the Pathors demo server').waitFor({ timeout: UI_TIMEOUT });
    assert.match(await reply.innerText(), /You asked: “hello”/);
    await assertNoDialog('after the first message');
    await run.screenshot('hello');
  });
});
