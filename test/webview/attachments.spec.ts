/**
 * Attachments in the panel, in Chromium under the production CSP: the chips above the input and
 * under questions, the running total, the attach button and the `#` picker (keyboard only, IME
 * composition), and files dropped on the panel.
 */
import * as assert from 'node:assert/strict';
import { attachedTurn, pendingChips } from './fixtures';
import { post, savedState, settle } from './harness';
import { PanelSuite } from './panelSuite';

const suite = new PanelSuite();
const { init, input, message, sent } = suite;

const showChips = async (chips = pendingChips, usedChars = 32_400, maxChars = 60_000): Promise<void> => {
  await post(suite.page, { type: 'attachments', chips, usedChars, maxChars });
};

describe('attachments in the panel (webview)', function () {
  suite.use();

  it('shows pending chips above the input with label, size and state, and the running total', async () => {
    const { page } = suite;
    await init();
    assert.equal(await page.locator('.composer-attachments').isVisible(), false, 'shown with nothing attached');
    await showChips();
    const chips = page.getByRole('list', { name: 'Attached context' });
    assert.deepEqual(await chips.locator('.chip').evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim())), [
      'app.ts 12.4k',
      'util.ts:10-42 20k/81.2k cut',
      'Problems (3) 0/950 left out',
    ]);
    assert.deepEqual(await chips.locator('.chip').evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.kind, e.querySelector('svg')?.getAttribute('aria-hidden')])), [
      ['file', 'true'], ['selection', 'true'], ['problems', 'true'],
    ]);
    // The visible text is the name; where a click goes is the description (and the tooltip).
    const description = (name: string) => page.getByRole('button', { name, exact: true }).evaluate((b) => [document.getElementById(b.getAttribute('aria-describedby') ?? '')?.textContent, (b as HTMLElement).title]);
    assert.deepEqual(await description('app.ts 12.4k'), Array(2).fill('Open app.ts — src/app.ts (12.4k characters)'));
    assert.deepEqual(await description('util.ts:10-42 20k/81.2k cut'), Array(2).fill('Open util.ts:10-42 — src/util.ts (20k/81.2k characters), cut'));
    assert.deepEqual(await description('Problems (3) 0/950 left out'), Array(2).fill('Open Problems (3) (0/950 characters), left out'));
    assert.equal(await page.getByRole('status').filter({ hasText: 'characters' }).innerText(), '32.4k of 60k characters');
    // The chips come before the input, so they are read (and reached) before the question.
    assert.equal(await page.locator('.composer > *').evaluateAll((els) => els.findIndex((e) => e.classList.contains('composer-attachments')) < els.findIndex((e) => e.id === 'input')), true);

    await page.getByRole('button', { name: 'Remove util.ts:10-42' }).click();
    await page.getByRole('button', { name: 'app.ts 12.4k' }).click();
    assert.deepEqual(await sent(), [{ type: 'removeAttachment', id: 'a2' }, { type: 'openAttachment', id: 'a1', entryId: '' }]);

    await showChips([], 0, 60_000);
    assert.equal(await page.locator('.composer-attachments').isVisible(), false);
  });

  it('keeps chips under a sent question, after a reload too; they open but cannot be removed', async () => {
    const { page } = suite;
    await init([attachedTurn]);
    const chips = message('u2').getByRole('list', { name: 'Attached context' });
    assert.deepEqual(await chips.locator('.chip-label').allInnerTexts(), ['Git changes', 'Terminal: npm test']);
    assert.equal(await chips.locator('.chip-remove').count(), 0);
    await chips.getByRole('button', { name: 'Terminal: npm test 300' }).click();
    assert.deepEqual(await sent(), [{ type: 'openAttachment', id: 'a8', entryId: 'u2' }]);
    await page.reload();
    await init([attachedTurn]);
    assert.deepEqual(await message('u2').locator('.chip-label').allInnerTexts(), ['Git changes', 'Terminal: npm test']);
  });

  it('offers the five kinds from the attach button, by keyboard alone', async () => {
    const { page } = suite;
    await init();
    await input().focus();
    await page.keyboard.press('Tab');
    const button = page.getByRole('button', { name: 'Attach Context' });
    assert.equal(await button.evaluate((b) => b === document.activeElement), true, 'the attach button is the next tab stop after the input');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('Enter');
    const list = page.getByRole('listbox', { name: 'Attach Context' });
    assert.deepEqual(await list.getByRole('option').allInnerTexts(), ['File…', 'Selection', 'Problems', 'Git Changes', 'Terminal Output']);
    assert.equal(await list.evaluate((l) => l === document.activeElement), true);
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.equal(await list.getAttribute('aria-activedescendant'), 'attach-option-file');
    await page.keyboard.press('ArrowUp');
    assert.equal(await list.getAttribute('aria-activedescendant'), 'attach-option-terminal');
    await page.keyboard.press('Escape');
    assert.equal(await list.isVisible(), false);
    assert.equal(await button.evaluate((b) => b === document.activeElement), true, 'Escape gives focus back to the button');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');

    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getByRole('option', { name: 'Problems' }).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Enter');
    assert.equal(await list.isVisible(), false);
    assert.equal(await input().evaluate((i) => i === document.activeElement), true, 'choosing returns to the input');
    assert.deepEqual(await sent(), [{ type: 'attach', kind: 'problems' }]);
  });

  it('opens the picker on # at the start of a word, filters it, and takes the # out when a kind is chosen', async () => {
    const { page } = suite;
    await init();
    await input().focus();
    await page.keyboard.type('Explain #');
    const list = page.getByRole('listbox', { name: 'Attach Context' });
    await list.waitFor();
    // Focus stays in the input, which points at the highlighted option.
    assert.equal(await input().evaluate((i) => i === document.activeElement), true);
    assert.equal(await input().getAttribute('aria-activedescendant'), 'attach-option-file');
    assert.equal(await input().getAttribute('aria-controls'), 'attach-picker');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal(await list.isVisible(), false);
    assert.equal(await input().inputValue(), 'Explain ');
    assert.equal(await input().getAttribute('aria-activedescendant'), null);
    assert.deepEqual(await sent(), [{ type: 'attach', kind: 'selection' }]);

    // Typing on filters: "#gi" leaves Git Changes; Tab takes it too.
    await page.keyboard.type('this #gi');
    assert.deepEqual(await list.getByRole('option').allInnerTexts(), ['Git Changes']);
    await page.keyboard.press('Tab');
    assert.equal(await input().inputValue(), 'Explain this ');
    assert.deepEqual((await sent()).slice(1), [{ type: 'attach', kind: 'gitChanges' }]);
    assert.deepEqual(await savedState(page), { draft: 'Explain this ' });
  });

  it('leaves # alone inside a word, after a match is impossible, and after Escape', async () => {
    const { page } = suite;
    await init();
    await input().focus();
    const list = page.getByRole('listbox', { name: 'Attach Context' });
    await page.keyboard.type('issue#');
    assert.equal(await list.isVisible(), false, 'opened inside a word');
    await page.keyboard.type(' #1');
    assert.equal(await list.isVisible(), false, 'still open when no kind starts with "1"');
    await page.keyboard.type(' #');
    await list.waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await list.isVisible(), false);
    await page.keyboard.type('t');
    assert.equal(await list.isVisible(), false, 'reopened after Escape');
    await page.keyboard.press('Enter');
    assert.deepEqual(await sent(), [{ type: 'send', text: 'issue# #1 #t' }]);
  });

  it('ignores # while an IME composes, and Enter confirming the composition picks nothing', async () => {
    const { page } = suite;
    await init();
    await input().focus();
    await page.keyboard.type('看 ');
    const cdp = await page.context().newCDPSession(page);
    // A real composition, as an IME drives it: the marked text holds a #, then is committed.
    await cdp.send('Input.imeSetComposition', { text: '#', selectionStart: 1, selectionEnd: 1 });
    await settle(page);
    const list = page.getByRole('listbox', { name: 'Attach Context' });
    assert.equal(await list.isVisible(), false, 'opened during the composition');
    await cdp.send('Input.imeSetComposition', { text: '#檔', selectionStart: 2, selectionEnd: 2 });
    // The Enter an IME consumes reaches the page marked as composing.
    await input().evaluate((el) => el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, isComposing: true, keyCode: 229 })));
    await settle(page);
    assert.equal(await list.isVisible(), false);
    assert.deepEqual(await sent(), [], 'Enter inside the composition sent or picked');
    await cdp.send('Input.insertText', { text: '#' });
    await settle(page);
    // Committed, the # is typed text like any other: now it opens the picker.
    assert.equal(await input().inputValue(), '看 #');
    await list.waitFor();
    await page.keyboard.press('Escape');
    assert.deepEqual(await sent(), []);
  });

  it('reaches and removes chips by keyboard, keeping focus among them', async () => {
    const { page } = suite;
    await init();
    await showChips();
    await input().focus();
    await page.keyboard.press('Shift+Tab');
    const active = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.querySelector('.chip-label')?.textContent);
    assert.equal(await active(), 'Remove Problems (3)');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await active(), 'Problems (3)');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await active(), 'Remove util.ts:10-42');
    await page.keyboard.press('Enter');
    assert.deepEqual(await sent(), [{ type: 'removeAttachment', id: 'a2' }]);
    // The host answers with the list without it: focus moves to the next chip's remove button.
    await showChips([pendingChips[0], pendingChips[2]], 12_400);
    assert.equal(await active(), 'Remove Problems (3)');
    await page.keyboard.press('Space');
    await showChips([pendingChips[0]], 12_400);
    assert.equal(await active(), 'Remove app.ts');
    await page.keyboard.press('Enter');
    await showChips([], 0);
    assert.equal(await input().evaluate((i) => i === document.activeElement), true, 'focus fell to the page');
  });

  it('hands files dropped on the panel to the host as URIs, from VS Code\'s list or the standard one', async () => {
    const { page } = suite;
    await init();
    const drop = (type: string, data: string) => page.evaluate(([t, d]) => {
      const transfer = new DataTransfer();
      transfer.setData(t, d);
      const target = document.querySelector('#messages')!;
      target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: transfer }));
      const over = new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer });
      target.dispatchEvent(over);
      const hint = document.querySelector<HTMLElement>('.drop-hint')!;
      const shown = !hint.hidden && hint.textContent;
      target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
      return { accepted: over.defaultPrevented, shown, hiddenAfter: hint.hidden };
    }, [type, data] as const);
    assert.deepEqual(await drop('application/vnd.code.uri-list', 'vscode-remote://localhost:8080/work/src/app.ts\r\nfile:///work/b.ts'), {
      accepted: true, shown: 'Drop to attach (hold Shift while dropping)', hiddenAfter: true,
    });
    await drop('text/uri-list', '# a comment\r\nfile:///work/c%20d.ts\r\n\r\nnot a uri\r\n');
    // Plain text is not a file: the panel does not take it.
    assert.deepEqual(await drop('text/plain', 'file:///work/e.ts'), { accepted: false, shown: false, hiddenAfter: true });
    assert.deepEqual(await sent(), [
      { type: 'dropUris', uris: ['vscode-remote://localhost:8080/work/src/app.ts', 'file:///work/b.ts'] },
      { type: 'dropUris', uris: ['file:///work/c%20d.ts'] },
    ]);
  });
});
