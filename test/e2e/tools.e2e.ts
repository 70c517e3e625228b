// End-to-end: the agent's tools in the packaged extension in code-server, driven in Chromium as a
// user would, against the local server's demo agent: it reads a file and quotes it; proposes an
// edit (Reject, then Accept); asks to run the tests (Deny, then Allow); and Stop while a card waits.
//
//   npm run package && npx mocha --import=tsx --timeout 180000 test/e2e/tools.e2e.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { activityBarItem, fillInputBox, runCommand } from '../harness/browser';
import type { RecordedRequest } from '../server/pathorsServer';
import { UI_TIMEOUT, useE2eRun } from './setup';

const API_KEY = 'sk_e2e_tools_key';
const PACKAGE_JSON = JSON.stringify({
  name: 'e2e-tools-demo',
  private: true,
  // The marker file says whether the command really ran.
  scripts: { test: "node -e \"require('fs').writeFileSync('ran.txt', 'yes')\" && echo all 3 tests passed" },
}, null, 2);
const README = '# Demo\n\nThis is teh demo project.\n';

describe('Agent tools, as a user (packaged extension in code-server)', function () {
  const run = useE2eRun({ tag: 'tools', apiKey: API_KEY, files: { 'package.json': PACKAGE_JSON, 'README.md': README }, paceMs: 5 });

  const chat = () => run.chat();
  const lastTool = (): Locator => chat().locator('#messages .message[data-role="tool"]').last();
  const file = (name: string) => path.join(run.workspace, name);
  /** The `role: "tool"` messages of the n-th request. */
  const toolMessages = (req: RecordedRequest): string[] =>
    ((req.body as { messages: { role: string; content: string }[] }).messages).filter((m) => m.role === 'tool').map((m) => m.content);

  async function ask(question: string): Promise<void> {
    const input = chat().locator('textarea#input');
    await input.click();
    await input.fill(question);
    await input.press('Enter');
    await run.messages('user').filter({ hasText: question }).first().waitFor({ timeout: UI_TIMEOUT });
  }

  /** Waits for the turn to end (Send is back) and returns how many requests the server has had. */
  async function turnEnded(): Promise<number> {
    await chat().getByRole('button', { name: 'Send', exact: true }).waitFor({ timeout: UI_TIMEOUT });
    return run.server.requests.length;
  }

  async function waitingCard(): Promise<Locator> {
    const card = lastTool();
    await card.locator('.tool-card[data-status="waiting"]').waitFor({ timeout: UI_TIMEOUT });
    return card;
  }

  before(async () => {
    await runCommand(run.page, 'Pathors: Set API Key');
    await fillInputBox(run.page, API_KEY, { prompt: /API key/i });
    await activityBarItem(run.page, 'Pathors').click();
    await run.page.mouse.move(800, 450);
    await chat().locator('textarea#input').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  });

  it('reads a file without asking and answers with its content', async () => {
    await ask('What does package.json say?');
    // The reply that only called the tool goes away before the answer's reply comes: wait for the turn's end first.
    await turnEnded();
    const reply = await run.finishedReply();
    assert.match(reply, /e2e-tools-demo/);
    const card = lastTool();
    assert.equal(await card.locator('.tool-title').innerText(), 'Pathors wants to read the file package.json.');
    assert.equal(await card.locator('.tool-status').innerText(), 'Done.');
    assert.match(toolMessages(run.server.requests[1])[0], /"name": "e2e-tools-demo"/);
  });

  it('proposes an edit; Reject leaves the file unchanged and the agent is told', async () => {
    const before = run.server.requests.length;
    await ask('Please fix the typo in README');
    await lastTool().locator('.tool-card[data-status="running"]').waitFor({ timeout: UI_TIMEOUT });
    await run.page.locator('.editor-instance .monaco-diff-editor').first().waitFor({ timeout: UI_TIMEOUT });
    await runCommand(run.page, 'Pathors: Reject Change');
    const after = await turnEnded();
    assert.equal(after, before + 2);
    assert.match(toolMessages(run.server.requests[after - 1])[0], /^rejected: the user rejected the change; README\.md is unchanged\./);
    assert.equal(fs.readFileSync(file('README.md'), 'utf8'), README);
  });

  it('proposes an edit; Accept changes the file', async () => {
    const before = run.server.requests.length;
    await ask('Please fix the typo in README');
    await run.page.locator('.editor-instance .monaco-diff-editor').first().waitFor({ timeout: UI_TIMEOUT });
    await runCommand(run.page, 'Pathors: Accept Change');
    const after = await turnEnded();
    assert.equal(after, before + 2);
    assert.match(toolMessages(run.server.requests[after - 1])[0], /^accepted: README\.md was changed\./);
    // Accept is one undoable edit, not a save: the user saves as with any edit.
    await runCommand(run.page, 'File: Save All Files');
    await waitUntil(() => fs.readFileSync(file('README.md'), 'utf8') === README.replace('teh', 'the'));
  });

  it('asks before running a command; Deny runs nothing and the agent gets the reason', async () => {
    const before = run.server.requests.length;
    await ask('Now run the tests');
    const card = await waitingCard();
    assert.equal(await card.locator('.tool-title').innerText(), 'Pathors wants to run a command in a terminal, in the workspace folder.');
    assert.equal(await card.getByLabel('Command (you can edit it before it runs)').inputValue(), 'npm test');
    await card.getByLabel(/Reason for denying/).fill('not before lunch');
    await card.getByRole('button', { name: 'Deny', exact: true }).click();
    const after = await turnEnded();
    assert.equal(after, before + 2);
    assert.match(toolMessages(run.server.requests[after - 1])[0], /denied this call; it did not run\. Their reason: not before lunch/);
    assert.equal(await card.locator('.tool-status').innerText(), 'Denied; the agent was told.');
    assert.equal(fs.existsSync(file('ran.txt')), false, 'nothing ran');
  });

  it('Allow runs the command in a terminal and its output reaches the agent', async () => {
    // A fresh conversation, so the panel shows only this question and its card (the README's picture).
    await chat().getByRole('button', { name: 'New Chat', exact: true }).click();
    await run.messages('user').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    const before = run.server.requests.length;
    await ask('Now run the tests');
    const card = await waitingCard();
    await run.screenshot('approval');
    // The panel down to the card, for the README (media/screenshots/tools.png).
    const sidebar = await run.page.locator('.part.sidebar').boundingBox();
    const shown = await card.boundingBox();
    if (sidebar && shown) {
      const clip = { ...sidebar, height: Math.min(sidebar.height, shown.y + shown.height + 16 - sidebar.y) };
      await run.page.screenshot({ path: path.join(path.dirname(await run.screenshot('approval')), 'tools-approval-panel.png'), clip, animations: 'disabled', caret: 'hide' });
    }
    await card.getByRole('button', { name: 'Allow', exact: true }).click();
    const after = await turnEnded();
    assert.equal(after, before + 2);
    const result = toolMessages(run.server.requests[after - 1])[0];
    assert.match(result, /^Ran `npm test` in the workspace folder "[^"]+"\. Exit code: 0\./);
    assert.match(result, /all 3 tests passed/);
    assert.equal(fs.readFileSync(file('ran.txt'), 'utf8'), 'yes');
    assert.match(await run.finishedReply(), /all 3 tests passed/);
  });

  it('Stop while a card waits: nothing runs and nothing more is sent', async () => {
    fs.rmSync(file('ran.txt'), { force: true });
    await ask('Now run the tests');
    const card = await waitingCard();
    const before = run.server.requests.length;
    await chat().getByRole('button', { name: 'Stop', exact: true }).click();
    await turnEnded();
    await card.locator('.tool-card[data-status="stopped"]').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await card.getByRole('button', { name: 'Allow', exact: true }).count(), 0);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(run.server.requests.length, before);
    assert.equal(fs.existsSync(file('ran.txt')), false);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = UI_TIMEOUT): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) assert.fail('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
