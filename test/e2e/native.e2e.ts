// End-to-end: @pathors in VS Code's own Chat view, driven as a user without a GitHub account or
// Copilot does it: the API key, "Use @pathors in VS Code's Chat" (the chat setting, "Pathors"
// picked in the model picker), then @pathors questions; sessions per thread across a reload, /new,
// Stop, the selection and files sent as context, errors with their fixes, and never a sign-in dialog.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { fillInputBox, quickOpen, runCommand, waitForWorkbench } from '../harness/browser';
import { SCREENSHOTS_DIR } from '../harness/paths';
import { UI_TIMEOUT, useE2eRun } from './setup';

const API_KEY = 'sk_e2e_native_key';
const MODEL_NAME = 'Pathors (your project)';
/** `npm test` in the workspace: the marker file says whether it really ran. */
const PACKAGE_JSON = JSON.stringify({
  name: 'e2e-native-demo',
  private: true,
  scripts: { test: "node -e \"require('fs').writeFileSync('ran.txt', 'yes')\" && echo all 3 tests passed" },
}, null, 2);
const GREET = ['export function greet(name: string): string {', '  return `Hello, ${name}!`;', '}', ''].join('\n');

describe('@pathors in the Chat view, as a user without Copilot (packaged extension in code-server)', function () {
  this.timeout(180_000);
  const run = useE2eRun({
    tag: 'native',
    apiKey: API_KEY,
    paceMs: 40,
    files: { 'src/greet.ts': GREET, 'package.json': PACKAGE_JSON },
    // Nothing about VS Code's Chat: the harness's profile has AI features off, as a user may
    // have, and "Use @pathors in VS Code's Chat" has to turn on what the Chat needs.
  });
  /** The user settings file code-server reads, as the user's settings.json. */
  const userSettingsFile = () => path.join(run.codeServer?.userDataDir ?? '', 'User', 'settings.json');
  /** The text of the last user message the server received. */
  const lastUserMessage = (body: unknown) => {
    const messages = (body as { messages: Array<{ role: string; content: string }> }).messages;
    return messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  };

  const page = () => run.page;
  const chatPart = () => page().locator('.interactive-session').first();
  const input = () => chatPart().locator('.interactive-input-part .monaco-editor').first();
  const responses = () => chatPart().locator('.interactive-item-container.interactive-response');

  /** No modal dialog (a sign-in prompt or any other) is on screen. */
  async function assertNoDialog(when: string): Promise<void> {
    assert.equal(await page().locator('.monaco-dialog-box').count(), 0, `a dialog appeared ${when}: ${await page().locator('.monaco-dialog-box').allInnerTexts()}`);
  }

  /** The reply lists one reference (what `stream.reference` showed), `name`, under "Used 1 reference". */
  async function assertListsReference(reply: Locator, name: string): Promise<void> {
    const label = reply.getByText('Used 1 reference').first();
    // The chat's list may have scrolled the part out of view: present is what counts.
    await label.waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    await label.dispatchEvent('click');
    await reply.locator('.chat-used-context-list').getByText(name).first().waitFor({ state: 'attached', timeout: UI_TIMEOUT });
  }

  /** The Pathors status bar item while its accessible name starts with `label`. */
  const statusItem = (label: string) => page().locator(`.part.statusbar [aria-label^="${label}"]`).first();

  /** The Chat view alone, for the README (copied to media/screenshots when retaken). */
  const shootChatView = (name: string) => page().locator('.part.auxiliarybar').screenshot({ path: path.join(SCREENSHOTS_DIR, `native-${name}-view.png`) });

  /** What the chat input shows. */
  const inputText = async () => (await input().locator('.view-lines').innerText()).replace(/\s+/g, ' ').trim();

  /**
   * Types a message into the chat input (replacing what is there) and sends it with Enter, as a
   * user does: again when the typing did not land (focus still moving) or Enter did not send.
   */
  async function send(text: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await input().click({ force: true });
      await page().keyboard.press('Control+A');
      await page().keyboard.press('Backspace');
      await page().keyboard.type(text, { delay: 15 });
      await page().waitForTimeout(300);
      // A typed /command or @name opens a suggestion list, where Enter would pick instead of send.
      if (await page().locator('.interactive-input-part .suggest-widget.visible').isVisible()) await page().keyboard.press('Escape');
      const typed = await inputText();
      if (typed.endsWith(text.split(' ').slice(-1)[0])) {
        await page().keyboard.press('Enter');
        // Sent: the input no longer holds the question (the sticky @pathors may stay).
        const question = text.replace(/^@pathors /, '');
        const deadline = Date.now() + 5_000;
        let sent = false;
        while (!sent && Date.now() < deadline) {
          sent = !(await inputText()).includes(question);
          if (!sent) await page().waitForTimeout(100);
        }
        if (sent) return;
      }
      if (attempt === 3) assert.fail(`Could not send "${text}" (the input shows "${typed}")`);
    }
  }

  /**
   * The latest response once it shows `text` and has finished. The chat's list renders only the
   * items in view, so earlier responses are not counted by position.
   */
  async function lastResponse(text: string | RegExp): Promise<Locator> {
    // The list stops following when an earlier part (a reference list) grew under the pointer.
    const scrollDown = chatPart().locator('.chat-scroll-down').first();
    if (await scrollDown.isVisible()) await scrollDown.click().catch(() => undefined);
    const last = responses().last();
    await last.getByText(text).first().waitFor({ timeout: UI_TIMEOUT });
    await page().waitForFunction((el) => !el?.classList.contains('chat-response-loading'), await last.elementHandle(), { timeout: UI_TIMEOUT });
    return last;
  }

  it('sets the key, then "Use @pathors in VS Code\'s Chat" turns the Chat on in settings.json, picks Pathors and opens the Chat on @pathors', async () => {
    await runCommand(page(), 'Pathors: Set API Key');
    await fillInputBox(page(), API_KEY);
    await runCommand(page(), "Pathors: Use @pathors in VS Code's Chat");
    // Toasts are hidden under the test driver: the message is read, and answered, in the notification centre.
    const message = page().locator('.notifications-center .notification-list-item').filter({ hasText: 'chat.allowAnonymousAccess' }).first();
    await page().locator('.part.statusbar [id="status.notifications"]').first().click();
    await message.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await message.innerText(), new RegExp(`Open it with "${MODEL_NAME.replace(/[()]/g, '\\$&')}" as its model\\?`));
    const settings = fs.readFileSync(userSettingsFile(), 'utf8');
    assert.match(settings, /"chat\.allowAnonymousAccess": true/);
    assert.match(settings, /"chat\.disableAIFeatures": false/);
    await message.getByRole('button', { name: 'Open Chat' }).click();
    // The notification centre covers the bottom of the Chat view, its input included.
    const center = page().locator('.notifications-center');
    if (await center.isVisible()) await page().locator('.part.statusbar [id="status.notifications"]').first().click();
    await center.waitFor({ state: 'hidden', timeout: 5_000 });
    await input().waitFor({ timeout: UI_TIMEOUT });
    await chatPart().locator('.chat-input-toolbars').getByText(MODEL_NAME).first().waitFor({ timeout: UI_TIMEOUT });
    await input().getByText('@pathors').first().waitFor({ timeout: UI_TIMEOUT });
    await assertNoDialog('while setting up');
    // The user has seen the lines added to settings.json; typing goes to the Chat from here on.
    await runCommand(page(), 'View: Close All Editors');
  });

  it('streams the reply to "@pathors hello"', async () => {
    await send('@pathors hello');
    const first = await run.nthRequest(1);
    assert.equal(first.headers['x-session-id'], undefined);
    const reply = await lastResponse('Hello from the Pathors demo server');
    assert.match(await reply.innerText(), /You asked: “hello”/);
    await assertNoDialog('after the first message');
    await run.screenshot('hello');
    await shootChatView('hello');
  });

  it('sends the second turn of the thread in the same Pathors session', async () => {
    const first = await run.nthRequest(1);
    assert.ok(first.sessionId);
    await send('@pathors and a follow-up');
    const second = await run.nthRequest(2);
    assert.equal(second.headers['x-session-id'], first.sessionId);
    await lastResponse('This is message 2 in this session');
    await assertNoDialog('after the second message');
  });

  it('continues the session of the thread after a window reload', async () => {
    const first = await run.nthRequest(1);
    await page().reload();
    await waitForWorkbench(page());
    await runCommand(page(), 'Chat: Open Chat');
    // The thread comes back with the reload. The list draws only the items in view, and which
    // ones those are after a reload varies, so any question of the thread counts.
    await chatPart().locator('.interactive-request').first().waitFor({ timeout: UI_TIMEOUT });
    await send('@pathors still there after the reload?');
    const third = await run.nthRequest(3);
    assert.equal(third.headers['x-session-id'], first.sessionId);
    await lastResponse('This is message 3 in this session');
    await assertNoDialog('after the reload');
  });

  it('starts a fresh session with /new', async () => {
    const first = await run.nthRequest(1);
    await send('@pathors /new a fresh start');
    const fourth = await run.nthRequest(4);
    assert.equal(fourth.headers['x-session-id'], undefined);
    assert.ok(fourth.sessionId && fourth.sessionId !== first.sessionId);
    await lastResponse(/You asked: “a fresh start”/);
    await lastResponse('This is message 1 in this session');
    await send('@pathors and again');
    assert.equal((await run.nthRequest(5)).headers['x-session-id'], fourth.sessionId);
    await lastResponse('This is message 2 in this session');
    await run.screenshot('thread');
    await shootChatView('thread');
    await assertNoDialog('after /new');
  });

  it('Stop aborts the request at the server and keeps what arrived', async () => {
    run.server.enqueue({ text: `Arrived before the stop. ${'More text that never arrives. '.repeat(40)}`, chunkSize: 24, delayMs: 250 });
    await send('@pathors a long answer please');
    const reply = responses().last();
    await reply.getByText('Arrived before the stop.').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(run.server.openResponses, 1);
    // The status bar shares the sidebar's state: Pathors is answering, here in the Chat view.
    await statusItem('Pathors is answering').waitFor({ timeout: 5_000 });
    const stop = chatPart().locator('.chat-execute-toolbar .action-label[aria-label^="Cancel"], .chat-execute-toolbar .action-label[aria-label^="Stop"]').first();
    await stop.click({ timeout: 5_000 }).catch(async (err) => {
      const labels = await chatPart().locator('.chat-execute-toolbar .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      throw new Error(`No Stop button among ${JSON.stringify(labels)}: ${err}`);
    });
    await run.server.waitForNoOpenResponses(5_000);
    await lastResponse('Arrived before the stop.');
    const text = await reply.innerText();
    assert.match(text, /Arrived before the stop\./);
    assert.doesNotMatch(text, /(More text that never arrives\. ){30}/);
    await assertNoDialog('after Stop');
  });

  it('/explain sends the editor selection in the attachment format and lists it under the reply', async () => {
    const before = run.server.requests.length;
    await quickOpen(page(), 'greet.ts');
    const editor = page().locator('.part.editor .monaco-editor').first();
    await editor.click();
    await page().keyboard.press('Control+A');
    // Words after the command, so Enter sends instead of picking from the command suggestions.
    await send('@pathors /explain briefly');
    const request = await run.nthRequest(before + 1);
    assert.equal(
      lastUserMessage(request.body),
      ['Explain this code. briefly', '', 'Context: `src/greet.ts` (typescript), lines 1-3:', '', '```typescript', GREET.trimEnd(), '```'].join('\n'),
    );
    const reply = await lastResponse(/You asked/);
    await assertListsReference(reply, 'greet.ts');
    await assertNoDialog('after /explain');
  });

  it('sends a file added with "Add File to Chat" as a whole-file attachment, listed under the reply', async () => {
    const before = run.server.requests.length;
    await quickOpen(page(), 'greet.ts');
    // No selection left from /explain: VS Code would attach it as well.
    await page().locator('.part.editor .monaco-editor').first().click();
    await page().keyboard.press('Control+Home');
    await runCommand(page(), 'Chat: Add File to Chat');
    await chatPart().locator('.chat-attached-context').getByText('greet.ts').first().waitFor({ timeout: UI_TIMEOUT });
    await send('@pathors what does this file do?');
    const request = await run.nthRequest(before + 1);
    assert.equal(
      lastUserMessage(request.body),
      ['what does this file do?', '', 'Context: `src/greet.ts` (typescript), lines 1-3 (whole file):', '', '```typescript', GREET.trimEnd(), '```'].join('\n'),
    );
    const reply = await lastResponse(/You asked/);
    await assertListsReference(reply, 'greet.ts');
  });

  /** The tool results the server received in request `req`. */
  const toolMessages = (body: unknown): string[] =>
    (body as { messages: Array<{ role: string; content: string }> }).messages.filter((m) => m.role === 'tool').map((m) => m.content);
  const ranFile = () => path.join(run.workspace, 'ran.txt');

  it('"@pathors run the tests" asks with Allow and Deny; Allow runs npm test and the agent gets its output', async () => {
    fs.rmSync(ranFile(), { force: true });
    const before = run.server.requests.length;
    await send('@pathors run the tests');
    const reply = responses().last();
    const allow = reply.getByRole('button', { name: 'Allow', exact: true });
    await allow.waitFor({ timeout: UI_TIMEOUT });
    await reply.getByRole('button', { name: 'Deny', exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await reply.getByText('Pathors wants to run this command:').first().waitFor({ timeout: UI_TIMEOUT });
    // The command is shown in a code block, whose editor renders spaces as no-break spaces.
    assert.match(await reply.innerText(), /Pathors wants to run this command:\s+npm\stest\s+Allow\s+Deny/);
    assert.equal(fs.existsSync(ranFile()), false, 'nothing runs before the user allows it');
    await shootChatView('tools');
    await allow.click();
    const result = toolMessages((await run.nthRequest(before + 2)).body)[0] ?? '';
    assert.match(result, /^Ran `npm test` in the workspace folder "[^"]+"\. Exit code: 0\./);
    assert.match(result, /all 3 tests passed/);
    assert.equal(fs.readFileSync(ranFile(), 'utf8'), 'yes');
    await lastResponse(/Tool result/);
    await assertNoDialog('after Allow');
  });

  it('Deny runs nothing, and the agent is told', async () => {
    fs.rmSync(ranFile(), { force: true });
    const before = run.server.requests.length;
    await send('@pathors run the tests');
    const reply = responses().last();
    const deny = reply.getByRole('button', { name: 'Deny', exact: true });
    await deny.waitFor({ timeout: UI_TIMEOUT });
    await deny.click();
    assert.deepEqual(toolMessages((await run.nthRequest(before + 2)).body), ['The user denied this call; it did not run.']);
    await lastResponse('run_command was denied and did not run.');
    assert.equal(fs.existsSync(ranFile()), false);
  });

  it('a rejected key (401) gives the sidebar\'s wording and a Set API Key button that sets it', async () => {
    run.server.setApiKey('sk_e2e_native_rotated');
    const before = run.server.requests.length;
    await send('@pathors is my key still good?');
    assert.equal((await run.nthRequest(before + 1)).status, 401);
    const reply = await lastResponse('The Pathors API key was rejected (HTTP 401). Set a valid API key, then send the message again.');
    await reply.getByRole('button', { name: 'Set API Key' }).click();
    await fillInputBox(page(), 'sk_e2e_native_rotated');
    await send('@pathors and now?');
    assert.equal((await run.nthRequest(before + 2)).status, 200);
    await lastResponse(/You asked: “and now\?”/);
    await assertNoDialog('after the rejected key');
  });

  it('an unknown project (404) names it, and Open Settings lands on the project ID setting', async () => {
    run.server.enqueue({ status: 404, body: JSON.stringify({ error: { message: 'Project not found', type: 'invalid_request_error' } }) });
    const before = run.server.requests.length;
    await send('@pathors hello again');
    assert.equal((await run.nthRequest(before + 1)).status, 404);
    const reply = await lastResponse(`Pathors found no chat endpoint for project "${run.server.projectId}" (HTTP 404).`);
    await reply.getByRole('button', { name: 'Open Settings' }).click();
    const search = page().locator('.settings-editor .suggest-input-container .monaco-editor .view-lines').first();
    await page().waitForFunction((el) => el?.textContent?.includes('pathors.projectId'), await search.elementHandle(), { timeout: UI_TIMEOUT });
    await run.screenshot('not-found');
  });
});
