/**
 * Apply and Run in Terminal on a reply's code blocks, in the real panel (Chromium, production CSP):
 * which blocks offer which, only once a block is complete, what they post (the block, never its
 * code), their accessible names, and reaching and pressing them with the keyboard alone.
 */
import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { fencedBlocks } from '../../src/core/markdown';
import { isShellLanguage } from '../../src/core/shellBlocks';
import { streaming, strings } from './fixtures';
import { post, settle } from './harness';
import { PanelSuite } from './panelSuite';

const suite = new PanelSuite();
const { init, delta, sent, message } = suite;

/** One block per kind of language: files to apply, and each shell language, in mixed case too. */
const REPLY = [
  'Change the file:',
  '```ts src/greet.ts',
  '<<<<<<< SEARCH',
  'const a = 1;',
  '=======',
  'const a = 2;',
  '>>>>>>> REPLACE',
  '```',
  '```',
  'plain text, no language',
  '```',
  '```python',
  'print(1)',
  '```',
  ...['sh', 'bash', 'zsh', 'shell', 'console', 'powershell', 'ps1', 'bat', 'cmd', 'Bash'].flatMap((l) => [`\`\`\`${l}`, `echo ${l}`, '```']),
  '    an indented block',
].join('\n');

const apply = (block: Locator): Locator => block.getByRole('button', { name: strings.applyCode, exact: true });
const runIt = (block: Locator): Locator => block.getByRole('button', { name: strings.runInTerminal, exact: true });

describe('chat panel: Apply and Run in Terminal on code blocks (webview)', function () {
  suite.use();

  it('offers Apply on every block but shell ones, which offer Run in Terminal instead', async () => {
    await init([{ id: 'u1', role: 'user', text: 'Fix it' }, { id: 'a1', role: 'assistant', text: REPLY }]);
    const blocks = message('a1').locator('.code-block');
    const expected = fencedBlocks(REPLY);
    assert.equal(await blocks.count(), expected.length);
    for (const [i, block] of expected.entries()) {
      const shell = isShellLanguage(block.language);
      assert.equal(await apply(blocks.nth(i)).count(), shell ? 0 : 1, `Apply on block ${i} (${block.language || 'no language'})`);
      assert.equal(await runIt(blocks.nth(i)).count(), shell ? 1 : 0, `Run in Terminal on block ${i} (${block.language || 'no language'})`);
      // Copy, Insert and New File stay on every block, before the new button.
      assert.deepEqual(
        await blocks.nth(i).locator('.code-block-actions button').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.action)),
        ['copy', 'insert', 'newFile', shell ? 'runInTerminal' : 'apply'],
      );
    }
    assert.equal(expected.filter((b) => isShellLanguage(b.language)).length, 10, 'every shell language is covered');
  });

  it('names the buttons with their visible label first, and shows the full name as the tooltip', async () => {
    await init([{ id: 'a1', role: 'assistant', text: '```ts\nx\n```\n\n```sh\nls\n```' }]);
    const blocks = message('a1').locator('.code-block');
    for (const [button, short, name] of [
      [apply(blocks.nth(0)), strings.applyCodeShort, strings.applyCode],
      [runIt(blocks.nth(1)), strings.runInTerminalShort, strings.runInTerminal],
    ] as const) {
      assert.equal(await button.innerText(), short);
      assert.ok(name.startsWith(short), `"${name}" does not start with its visible label "${short}"`);
      assert.equal(await button.getAttribute('title'), name);
      assert.equal(await button.evaluate((e) => e.tagName), 'BUTTON');
    }
  });

  it('posts the reply and the block number, never the code', async () => {
    const { page } = suite.panel;
    await init([{ id: 'a1', role: 'assistant', text: REPLY }]);
    const blocks = message('a1').locator('.code-block');
    await apply(blocks.nth(0)).click();
    await runIt(blocks.nth(3)).click();
    await apply(blocks.nth(13)).click();
    await settle(page);
    assert.deepEqual(await sent(), [
      { type: 'codeAction', action: 'apply', entryId: 'a1', block: 0 },
      { type: 'codeAction', action: 'runInTerminal', entryId: 'a1', block: 3 },
      { type: 'codeAction', action: 'apply', entryId: 'a1', block: 13 },
    ]);
  });

  it('offers neither while a block is still streaming, and both kinds once its fence closes', async () => {
    const { page } = suite.panel;
    await init([], 'r1');
    await post(page, { type: 'append', entry: streaming('a1') });
    await delta('a1', 'Run:\n\n```bash\nnpm test\n');
    const blocks = message('a1').locator('.code-block');
    assert.equal(await blocks.first().getByRole('button').count(), 0);
    await delta('a1', '```\n\nThen:\n\n```ts a.ts\nconst a = 1;\n');
    assert.equal(await runIt(blocks.nth(0)).count(), 1, 'a closed block gets its actions while the reply streams');
    assert.equal(await blocks.nth(1).getByRole('button').count(), 0);
    await post(page, { type: 'update', entry: { id: 'a1', role: 'assistant', text: 'Run:\n\n```bash\nnpm test\n```\n\nThen:\n\n```ts a.ts\nconst a = 1;\n```' } }, { type: 'busy', requestId: null });
    assert.equal(await apply(blocks.nth(1)).count(), 1);
  });

  it('is reached with Tab and pressed with Enter or Space', async () => {
    const { page } = suite.panel;
    await init([{ id: 'a1', role: 'assistant', text: '```ts\nx\n```\n\n```console\n$ ls\n```' }]);
    const blocks = message('a1').locator('.code-block');
    await blocks.nth(0).locator('button[data-action="newFile"]').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), strings.applyCode);
    await page.keyboard.press('Enter');
    await blocks.nth(1).locator('button[data-action="newFile"]').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), strings.runInTerminal);
    await page.keyboard.press('Space');
    await settle(page);
    assert.deepEqual(await sent(), [
      { type: 'codeAction', action: 'apply', entryId: 'a1', block: 0 },
      { type: 'codeAction', action: 'runInTerminal', entryId: 'a1', block: 1 },
    ]);
  });
});
