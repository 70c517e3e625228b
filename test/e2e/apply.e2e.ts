// End-to-end: Apply and Run in Terminal on a reply's code blocks, with the packaged extension in
// code-server driven through Chromium. The replies come from the local server's scripted mode.
// Apply opens the diff review; Accept (editor title) then Save writes the change, Reject leaves
// the file; Run in Terminal types the command into the terminal and does not run it.
//
//   npm run package && npx mocha --import=tsx --timeout 180000 test/e2e/apply.e2e.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { activityBarItem, fillInputBox, quickOpen, runCommand } from '../harness/browser';
import { UI_TIMEOUT, useE2eRun } from './setup';

const API_KEY = 'sk_e2e_apply_key';
const GREET = ['export function greet(name: string): string {', "  if (name == '') return 'Hello!';", '  return `Hello, ${name}!`;', '}', ''].join('\n');
const KEEP = 'export const kept = true;\n';
const BIG_LINES = Array.from({ length: 5000 }, (_, i) => `export const value${i} = ${i}; // line ${i + 1}`);
const BIG = `${BIG_LINES.join('\n')}\n`;
const MARKER = 'ran-by-pathors.txt';

/** A reply whose block changes `file` by one SEARCH/REPLACE hunk, the path in its fence info. */
function hunkReply(file: string, search: string, replace: string, intro = `Here is the fix for \`${file}\`:`): string {
  return [intro, '', `\`\`\`typescript ${file}`, '<<<<<<< SEARCH', search, '=======', replace, '>>>>>>> REPLACE', '```', '', 'Press **Apply** to review it in a diff.'].join('\n');
}

describe('Apply and Run in Terminal, as a user (packaged extension in code-server)', function () {
  const run = useE2eRun({
    tag: 'apply',
    apiKey: API_KEY,
    files: { 'src/greet.ts': GREET, 'src/keep.ts': KEEP, 'src/big.ts': BIG },
    settings: {
      'files.autoSave': 'off',
      // The DOM renderer draws the terminal's text as text, so the test can read it.
      'terminal.integrated.gpuAcceleration': 'off',
    },
  });

  const onDisk = (file: string): string => fs.readFileSync(path.join(run.workspace, file), 'utf8');
  const diffTab = (): Locator => run.page.locator('.tabs-container .tab', { hasText: 'Proposed Change' });
  const titleAction = (name: string): Locator => run.page.locator('.editor-actions').getByRole('button', { name }).first();

  /** Asks a question; the server answers with `reply`. Returns the reply's message once finished. */
  async function ask(question: string, reply: string): Promise<Locator> {
    run.server.enqueue({ text: reply, chunkSize: 40 });
    const input = run.chat().locator('textarea#input');
    await input.click();
    await input.fill(question);
    await input.press('Enter');
    await run.messages('user').filter({ hasText: question }).first().waitFor({ timeout: UI_TIMEOUT });
    await run.finishedReply();
    return run.messages('assistant').last();
  }

  /** Presses a block's Apply and waits for its diff; returns the milliseconds it took. */
  async function applyBlock(message: Locator, block = 0): Promise<number> {
    const started = Date.now();
    await message.locator('.code-block').nth(block).getByRole('button', { name: 'Apply to a file, after a diff review' }).click();
    await diffTab().waitFor({ timeout: UI_TIMEOUT });
    await run.page.locator('.editor-instance .monaco-diff-editor').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    return Date.now() - started;
  }

  async function waitForDisk(file: string, expected: string): Promise<void> {
    const deadline = Date.now() + UI_TIMEOUT;
    while (onDisk(file) !== expected) {
      if (Date.now() > deadline) assert.equal(onDisk(file), expected, `${file} on disk`);
      await run.page.waitForTimeout(100);
    }
  }

  it('sets the API key and opens the chat', async () => {
    await runCommand(run.page, 'Pathors: Set API Key');
    await fillInputBox(run.page, API_KEY, { prompt: /API key/i });
    await activityBarItem(run.page, 'Pathors').click();
    await run.page.mouse.move(800, 450);
    await run.chat().locator('textarea#input').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    // A wider side bar, so the screenshots show the code blocks' lines whole.
    const bar = await run.page.locator('.part.sidebar').boundingBox();
    assert.ok(bar, 'no side bar');
    await run.page.mouse.move(bar.x + bar.width + 1, bar.y + 300);
    await run.page.mouse.down();
    await run.page.mouse.move(bar.x + bar.width + 200, bar.y + 300, { steps: 5 });
    await run.page.mouse.up();
  });

  it('Apply opens the diff of the named file; Accept on the editor title, then Save, writes it to disk', async () => {
    await quickOpen(run.page, 'greet.ts');
    const message = await ask('Fix the empty-name check in src/greet.ts', hunkReply('src/greet.ts', "  if (name == '') return 'Hello!';", "  if (name === '') return 'Hello!';"));
    const apply = message.locator('.code-block').first().getByRole('button', { name: 'Apply to a file, after a diff review' });
    await apply.hover();
    await run.screenshot('reply');

    const shownMs = await applyBlock(message);
    console.log(`      5-line file: Apply click → diff shown ${shownMs} ms`);
    assert.match((await diffTab().innerText()).trim(), /src\/greet\.ts ↔ Proposed Change/);
    // The right side shows the proposal: the strict comparison.
    await run.page.locator('.editor-instance .modified-in-monaco-diff-editor .view-lines', { hasText: "name === ''" }).waitFor({ timeout: UI_TIMEOUT });
    // Pointing at Accept shows what the check mark on the title bar does.
    await titleAction('Accept Change').hover();
    await run.page.locator('.monaco-hover, .workbench-hover', { hasText: 'Accept Change' }).first().waitFor({ timeout: 5_000 }).catch(() => undefined);
    await run.screenshot('diff');
    assert.equal(onDisk('src/greet.ts'), GREET, 'the diff changed the file before Accept');

    await titleAction('Accept Change').click();
    await diffTab().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    // Accept edits the document (one undoable edit) and shows it; saving is the user's.
    const editor = run.page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: "name === ''" }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(onDisk('src/greet.ts'), GREET);
    await editor.locator('.view-lines').click();
    await run.page.keyboard.press('Control+S');
    await waitForDisk('src/greet.ts', GREET.replace("name == ''", "name === ''"));
  });

  it('Reject closes the diff and leaves the file as it was', async () => {
    const message = await ask('Rename kept in src/keep.ts', hunkReply('src/keep.ts', 'export const kept = true;', 'export const stillKept = true;'));
    await applyBlock(message);
    await titleAction('Reject Change').click();
    await diffTab().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await run.page.waitForTimeout(1_000);
    assert.equal(onDisk('src/keep.ts'), KEEP);
    assert.equal(await run.page.locator('.tabs-container .tab.dirty').count(), 0, 'an editor was left with unsaved changes');
  });

  it('asks for the file when the block names none and the question attached nothing, the editor used last first', async () => {
    await quickOpen(run.page, 'keep.ts');
    const message = await ask('How would keep.ts look with kept false?', ['Like this:', '', '```ts', 'export const kept = false;', '```'].join('\n'));
    await message.locator('.code-block').first().getByRole('button', { name: 'Apply to a file, after a diff review' }).click();
    const first = run.page.locator('.quick-input-list .monaco-list-row').first();
    await first.filter({ hasText: 'keep.ts' }).waitFor({ timeout: UI_TIMEOUT });
    await run.page.keyboard.press('Enter');
    await diffTab().filter({ hasText: 'src/keep.ts' }).waitFor({ timeout: UI_TIMEOUT });
    await run.page.locator('.editor-instance .modified-in-monaco-diff-editor .view-lines, .editor-instance .monaco-diff-editor .view-lines', { hasText: 'kept = false' }).first().waitFor({ timeout: UI_TIMEOUT });
    await titleAction('Reject Change').click();
    await diffTab().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    assert.equal(onDisk('src/keep.ts'), KEEP);
  });

  it('Run in Terminal types the command into the terminal and does not run it', async () => {
    const markerPath = path.join(run.workspace, MARKER);
    const message = await ask('How do I create the marker file?', ['Run this in the workspace folder:', '', '```sh', `touch ${MARKER}`, '```'].join('\n'));
    const block = message.locator('.code-block').first();
    assert.equal(await block.getByRole('button', { name: 'Apply to a file, after a diff review' }).count(), 0, 'a shell block offers Apply');
    await block.getByRole('button', { name: 'Run in Terminal: types the command, you press Enter' }).click();

    const rows = run.page.locator('.terminal-wrapper .xterm-rows').first();
    await rows.filter({ hasText: `touch ${MARKER}` }).waitFor({ timeout: UI_TIMEOUT });
    await run.screenshot('terminal');
    // Long enough for any shell to have run a command it was given with Enter.
    await run.page.waitForTimeout(3_000);
    assert.equal(fs.existsSync(markerPath), false, 'the command ran without the user pressing Enter');

    // The terminal has the focus: Enter is all the user adds, and the command as typed runs.
    await run.page.keyboard.press('Enter');
    const deadline = Date.now() + UI_TIMEOUT;
    while (!fs.existsSync(markerPath)) {
      if (Date.now() > deadline) assert.fail('Enter in the terminal did not run the typed command');
      await run.page.waitForTimeout(100);
    }
    // Typed once and whole: twice would have made `touch ran-by-pathors.txttouch ran-by-pathors.txt`.
    // (A terminal whose shell is still starting may show it twice: the terminal echoes, then the shell.)
    assert.deepEqual(fs.readdirSync(run.workspace).filter((f) => f.startsWith('ran-by')), [MARKER]);
  });

  it('Run in Terminal pastes several lines into bash as one paste, none of them run', async () => {
    const [first, second] = ['pathors-one.txt', 'pathors-two.txt'].map((f) => path.join(run.workspace, f));
    const message = await ask('And two files?', ['```bash', `touch ${path.basename(first)}`, `touch ${path.basename(second)}`, '```'].join('\n'));
    await message.locator('.code-block').first().getByRole('button', { name: 'Run in Terminal: types the command, you press Enter' }).click();
    const rows = run.page.locator('.terminal-wrapper .xterm-rows').first();
    await rows.filter({ hasText: `touch ${path.basename(second)}` }).waitFor({ timeout: UI_TIMEOUT });
    await run.page.waitForTimeout(3_000);
    assert.equal(fs.existsSync(first) || fs.existsSync(second), false, 'a line ran without the user pressing Enter');
    await run.page.keyboard.press('Enter');
    const deadline = Date.now() + UI_TIMEOUT;
    while (!(fs.existsSync(first) && fs.existsSync(second))) {
      if (Date.now() > deadline) assert.fail('Enter did not run both pasted lines');
      await run.page.waitForTimeout(100);
    }
  });

  it('applies to a 5,000-line file: time from Apply to the diff, and of Accept', async () => {
    const target = BIG_LINES[2499];
    const changed = target.replace('= 2499;', '= 2499 * 2;');
    const message = await ask('Double value2499 in src/big.ts', hunkReply('src/big.ts', target, changed));
    const shownMs = await applyBlock(message);
    const acceptStarted = Date.now();
    await titleAction('Accept Change').click();
    // The diff closes once the edit is made; then the changed file comes to the front.
    await diffTab().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    const closedMs = Date.now() - acceptStarted;
    await run.page.locator('.tabs-container .tab.dirty', { hasText: 'big.ts' }).waitFor({ timeout: UI_TIMEOUT });
    const shownEditedMs = Date.now() - acceptStarted;
    console.log(`      5,000-line file (${BIG.length} characters): Apply click → diff shown ${shownMs} ms; Accept click → edit made and diff closed ${closedMs} ms, edited file in front ${shownEditedMs} ms`);

    const editor = run.page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines').click();
    await run.page.keyboard.press('Control+S');
    await waitForDisk('src/big.ts', BIG.replace(target, changed));
  });
});
