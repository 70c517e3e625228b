// End-to-end: attaching files in the packaged extension in code-server, as a user does it: the
// palette command's file picker, Shift+drag from the Explorer onto the panel, and the panel's
// `#` picker; the local Pathors server must receive the files' content in the request body.
import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fillInputBox, quickOpen, runCommand } from '../harness/browser';
import type { RecordedRequest } from '../server/pathorsServer';
import { UI_TIMEOUT, useE2eRun } from './setup';

const API_KEY = 'sk_e2e_attach_key';
const NOTES = ['// Notes kept for the attach test.', 'export const marker = "ATTACHED-BY-PALETTE";', ''].join('\n');
const DRAGGED = ['# Dragged', '', 'DRAGGED-FROM-EXPLORER marker line.', ''].join('\n');
/** 1 MiB of text, in lines, for the timing of command → chip. */
const BIG = `${'0123456789abcdef'.repeat(4).concat('\n').repeat(16_384)}`.slice(0, 1024 * 1024);

describe('Attachments, as a user (packaged extension in code-server)', function () {
  const run = useE2eRun({
    tag: 'attach',
    apiKey: API_KEY,
    files: { 'src/notes.ts': NOTES, 'docs/dragged.md': DRAGGED, 'data/big.txt': BIG, 'config/settings.json': '{\n  "retries": 3,,\n  "timeout": 30\n}\n' },
    paceMs: 5,
  });
  let page: Page;
  before(async function () {
    this.timeout(60_000);
    page = run.page;
    await runCommand(page, 'Pathors: Set API Key');
    await fillInputBox(page, API_KEY, { prompt: /API key/i });
  });

  const chat = (): FrameLocator => run.chat();
  const chip = (label: string) => chat().locator('.composer-chips .chip', { has: chat().locator('.chip-label', { hasText: label }) });

  function lastUserContent(req: RecordedRequest): string {
    const body = req.body as { messages?: Array<{ role: string; content: string }> };
    const last = body.messages?.at(-1);
    assert.equal(last?.role, 'user');
    return last.content;
  }

  /** Runs "Add File to Chat…" and picks `name` by typing it, as the picker's own filter does. */
  async function addFileFromPalette(name: string): Promise<number> {
    await runCommand(page, 'Pathors: Add File to Chat…');
    const box = page.locator('.quick-input-widget input.input');
    // The palette's own `>…` box is replaced by the file picker.
    await page.locator('.quick-input-widget input.input[placeholder^="Type to find files"]').waitFor({ timeout: UI_TIMEOUT });
    await box.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: UI_TIMEOUT });
    const started = Date.now();
    await box.press('Enter');
    await chip(name).waitFor({ timeout: UI_TIMEOUT });
    return Date.now() - started;
  }

  async function send(question: string): Promise<RecordedRequest> {
    const before = run.server.requests.length;
    const input = chat().locator('textarea#input');
    await input.click();
    await input.fill(question);
    await input.press('Enter');
    await run.messages('user').filter({ hasText: question }).waitFor({ timeout: UI_TIMEOUT });
    await run.finishedReply();
    return run.nthRequest(before + 1);
  }

  it('attaches a file with the palette command; the server receives its content, the chip stays under the question', async () => {
    const ms = await addFileFromPalette('notes.ts');
    console.log(`    command → chip (small file): ${ms} ms`);
    assert.match(await chip('notes.ts').innerText(), /notes\.ts\s+\d+/);
    await chat().getByRole('status').filter({ hasText: /of 60k characters/ }).waitFor({ timeout: UI_TIMEOUT });
    await run.screenshot('chip-pending');

    const req = await send('What does the notes file export?');
    const content = lastUserContent(req);
    assert.ok(content.startsWith('What does the notes file export?\n\nContext: `src/notes.ts` (typescript), lines 1-2 (whole file):\n\n```typescript\n'), content.slice(0, 300));
    assert.ok(content.includes('export const marker = "ATTACHED-BY-PALETTE";'), 'the file content is not in the request body');
    // Sent: the chip moved under the question, and the composer is empty again.
    await run.messages('user').last().locator('.chip-label', { hasText: 'notes.ts' }).waitFor({ timeout: UI_TIMEOUT });
    await chat().locator('.composer-attachments').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  });

  it('attaches a 1 MB file within the caps, cut to 20k characters, and says so', async () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      times.push(await addFileFromPalette('big.txt'));
      await chip('big.txt').getByRole('button', { name: 'Remove big.txt' }).click();
      await chip('big.txt').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    }
    console.log(`    command → chip (1 MB file): ${times.join(', ')} ms`);
    await addFileFromPalette('big.txt');
    assert.match(await chip('big.txt').innerText(), /20k\/1M\s+cut/);
    const content = lastUserContent(await send('Summarize the data file.'));
    assert.match(content, /\(The file was cut to its first 20000 of 1048576 characters\.\)$/);
    assert.ok(content.length < 21_000, `${content.length} characters sent`);
  });

  it('attaches a file Shift-dragged from the Explorer onto the panel', async () => {
    // The Explorer and the chat share the side bar: the drag opens the chat by resting on its
    // activity-bar icon, as a user does, then drops on the panel with Shift held.
    await page.locator('.part.activitybar [aria-label^="Explorer"]').first().click();
    const folder = page.locator('.explorer-folders-view .monaco-list-row[aria-label="docs"]');
    await folder.waitFor({ timeout: UI_TIMEOUT });
    if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.click();
    const row = page.locator('.explorer-folders-view .monaco-list-row[aria-label="dragged.md"]');
    await row.waitFor({ timeout: UI_TIMEOUT });
    const from = await row.boundingBox();
    const icon = await page.locator('.part.activitybar [aria-label^="Pathors"]').first().boundingBox();
    assert.ok(from && icon);
    await page.mouse.move(from.x + 20, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y + from.height / 2, { steps: 5 });
    await page.mouse.move(icon.x + icon.width / 2, icon.y + icon.height / 2, { steps: 10 });
    await page.waitForTimeout(1_500);
    await page.mouse.move(icon.x + icon.width / 2 + 2, icon.y + icon.height / 2, { steps: 2 });
    const webview = page.locator('iframe.webview.ready[src*="extensionId=pathors.pathors-chat"]').first();
    await webview.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const to = await webview.boundingBox();
    assert.ok(to);
    await page.keyboard.down('Shift');
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 3, { steps: 10 });
    await page.mouse.move(to.x + to.width / 2 + 5, to.y + to.height / 3, { steps: 3 });
    await run.screenshot('drag-over');
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await chip('dragged.md').waitFor({ timeout: UI_TIMEOUT });
    const content = lastUserContent(await send('What is in the dragged file?'));
    assert.ok(content.includes('Context: `docs/dragged.md` (markdown), lines 1-3 (whole file):'), content.slice(0, 300));
    assert.ok(content.includes('DRAGGED-FROM-EXPLORER marker line.'));
  });

  it('shows chips of several kinds above the question (the README screenshot)', async () => {
    await quickOpen(page, 'notes.ts');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');
    await runCommand(page, 'Pathors: Add Selection to Chat');
    await chip('notes.ts:1-2').waitFor({ timeout: UI_TIMEOUT });
    await quickOpen(page, 'settings.json');
    await page.locator('.part.statusbar [id="status.problems"]').filter({ hasText: /[1-9]/ }).waitFor({ timeout: 60_000 });
    await runCommand(page, 'Pathors: Add Problems to Chat');
    await chip('Problems (').waitFor({ timeout: UI_TIMEOUT });
    await addFileFromPalette('dragged.md');
    const input = chat().locator('textarea#input');
    await input.click();
    await input.fill('Why does the app ignore the retries setting? ');
    await page.mouse.move(1300, 850);
    const side = await page.locator('.part.sidebar').boundingBox();
    assert.ok(side);
    // The side bar and the start of the editor, as the README's other pictures show them.
    const file = path.resolve(__dirname, '../../test-results/screenshots/attach-readme-chips.png');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, clip: { x: 0, y: 0, width: Math.round(side.x + side.width + 420), height: 900 }, animations: 'disabled', caret: 'hide' });
    console.log(`    README screenshot: ${file}`);
  });
});
