// End-to-end: the packaged extension in code-server used with the keyboard alone. Nothing here
// clicks, hovers or scrolls: commands come from the palette (F1), the panel is walked with Tab,
// and Playwright's pointer actions are disabled while the suite runs.
//
//   npm run package && npx mocha --import=tsx --timeout 120000 test/e2e/keyboard.e2e.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { UI_TIMEOUT, useE2eRun } from './setup';

const API_KEY = 'sk_e2e_keyboard_key';
const SOURCE_FILE = 'src/greet.ts';
const SOURCE = ['export function greet(name: string): string {', '  return `Hello, ${name}!`;', '}', '', ''].join('\n');
const LONG_REPLY = 'A long answer that streams slowly. '.repeat(60);

/** Playwright pointer calls made while the suite ran (it must stay empty). */
const pointerCalls: string[] = [];

/**
 * Makes every Playwright pointer action (clicks, taps, hovers, drags, the mouse and the touch
 * screen) fail and be recorded for as long as the suite runs, so nothing here, the harness's
 * helpers included, can reach for the pointer unnoticed. Returns the undo.
 */
function forbidPointer(page: Page): () => void {
  const undo: Array<() => void> = [];
  const forbid = (target: object, owner: string, names: readonly string[]) => {
    const slots = target as Record<string, unknown>;
    for (const name of names) {
      const had = Object.hasOwn(slots, name);
      const original = slots[name];
      slots[name] = () => {
        pointerCalls.push(`${owner}.${name}`);
        throw new Error(`${owner}.${name}() used in the keyboard-only suite`);
      };
      undo.push(() => (had ? (slots[name] = original) : delete slots[name]));
    }
  };
  const actions = ['click', 'dblclick', 'tap', 'hover', 'check', 'uncheck', 'setChecked', 'dragTo', 'dragAndDrop'];
  forbid(Object.getPrototypeOf(page.locator('body')) as object, 'locator', actions);
  forbid(Object.getPrototypeOf(page.mainFrame()) as object, 'frame', actions);
  forbid(Object.getPrototypeOf(page) as object, 'page', actions);
  forbid(page.mouse, 'mouse', ['click', 'dblclick', 'down', 'up', 'move', 'wheel']);
  forbid(page.touchscreen, 'touchscreen', ['tap']);
  return () => undo.reverse().forEach((restore) => restore());
}

/** The control that has keyboard focus in the chat panel, and whether its focus is drawn. */
interface PanelFocus {
  /** The panel's document has focus (not the workbench around it). */
  readonly inPanel: boolean;
  readonly tag: string;
  readonly id: string;
  /** Accessible name (aria-label), else the text. */
  readonly name: string;
  /** An outline or a box shadow is drawn around the focused element (inside a toolkit button's shadow root for a button). */
  readonly visible: boolean;
  readonly style: string;
}

describe('Pathors Chat by keyboard alone (packaged extension in code-server)', function () {
  const run = useE2eRun({ tag: 'keyboard', apiKey: API_KEY, files: { [SOURCE_FILE]: SOURCE }, paceMs: 5 });
  let allowPointer: (() => void) | undefined;
  before(() => {
    allowPointer = forbidPointer(run.page);
  });
  after(() => allowPointer?.());
  const chat = () => run.chat();
  const quickInput = () => run.page.locator('.quick-input-widget');
  const quickInputBox = () => run.page.locator('.quick-input-widget input.input');

  async function panelFocus(): Promise<PanelFocus> {
    return chat().locator('body').evaluate((): PanelFocus => {
      const host = document.activeElement ?? document.body;
      let inner: Element = host;
      while (inner.shadowRoot?.activeElement) inner = inner.shadowRoot.activeElement;
      const cs = getComputedStyle(inner);
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && !/^(transparent|rgba\(.*,\s*0\))$/.test(cs.outlineColor);
      return {
        inPanel: document.hasFocus(),
        tag: host.tagName.toLowerCase(),
        id: host.id,
        name: host === document.body ? '' : (host.getAttribute('aria-label') ?? host.textContent ?? '').trim(),
        visible: outline || cs.boxShadow !== 'none',
        style: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}`,
      };
    });
  }

  /** Asserts that keyboard focus is in the panel, on a control whose focus is drawn, and returns it. */
  function assertVisibleFocus(what: string, focus: PanelFocus): PanelFocus {
    assert.ok(focus.inPanel, `${what}: keyboard focus is not in the chat panel`);
    assert.notEqual(focus.tag, 'body', `${what}: no control in the panel has focus (typing goes nowhere)`);
    assert.ok(focus.visible, `${what}: the focused <${focus.tag}> "${focus.name}" draws no focus indicator (${focus.style})`);
    return focus;
  }

  /**
   * Waits for keyboard focus to arrive in the panel (on the control named `name`, when given;
   * focus that comes from the host or the workbench lands a moment after the key), then checks it.
   */
  async function focusArrives(what: string, name?: string): Promise<PanelFocus> {
    const arrived = (f: PanelFocus | undefined) => !!f && f.inPanel && f.tag !== 'body' && (name === undefined || f.name === name);
    let focus = await panelFocus().catch(() => undefined);
    for (const deadline = Date.now() + UI_TIMEOUT; !arrived(focus) && Date.now() < deadline; ) {
      await run.page.waitForTimeout(100);
      focus = await panelFocus().catch(() => undefined);
    }
    assert.ok(focus, `${what}: the chat panel is not there`);
    if (name !== undefined) assert.equal(focus.name, name, `${what}: focus is on <${focus.tag}> "${focus.name}"`);
    return assertVisibleFocus(what, focus);
  }

  async function assertInputFocused(what: string): Promise<void> {
    const focus = await focusArrives(what, 'Ask Pathors');
    assert.equal(`${focus.tag}#${focus.id}`, 'textarea#input');
  }

  /** Runs a command from the palette: F1, its title typed, arrow keys to its row, Enter. */
  async function command(title: string): Promise<void> {
    const { page } = run;
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first();
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('F1');
      await quickInputBox().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await page.keyboard.type(title);
      // A palette opened before the extension was read lacks its commands: close it and try again.
      if (await row.waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
      await page.keyboard.press('Escape');
      if (attempt === 3) throw new Error(`Command "${title}" is not in the command palette`);
    }
    const focusedRow = page.locator('.quick-input-list .monaco-list-row.focused');
    for (let i = 0; i < 10 && !((await focusedRow.textContent()) ?? '').startsWith(title); i++) await page.keyboard.press('ArrowDown');
    assert.ok(((await focusedRow.textContent()) ?? '').startsWith(title), `could not move to "${title}" with the arrow keys`);
    await page.keyboard.press('Enter');
  }

  /** Types `text` into the input box that shows `prompt` and accepts it with Enter. */
  async function answerInputBox(prompt: RegExp, text: string): Promise<void> {
    const { page } = run;
    // Focused, showing the prompt, and no longer holding the palette's `>…`.
    await page.waitForFunction(({ source, flags }) => {
      const widget = document.querySelector<HTMLElement>('.quick-input-widget');
      const box = widget?.querySelector('input.input');
      return !!widget && box instanceof HTMLInputElement && document.activeElement === box && !box.value.startsWith('>') &&
        new RegExp(source, flags).test(widget.innerText);
    }, { source: prompt.source, flags: prompt.flags }, { timeout: UI_TIMEOUT });
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    await quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  /** Presses `key` until the focused panel control is named `name`; returns the names passed, each checked for a drawn focus. */
  async function tabTo(key: 'Tab' | 'Shift+Tab', name: string, limit = 25): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < limit; i++) {
      await run.page.keyboard.press(key);
      const focus = assertVisibleFocus(`${key} #${i + 1}`, await panelFocus());
      seen.push(focus.name);
      if (focus.name === name) return seen;
    }
    throw new Error(`"${name}" was not reached with ${key}; passed ${JSON.stringify(seen)}`);
  }

  async function typeQuestion(question: string): Promise<void> {
    await run.page.keyboard.type(question);
    await run.page.keyboard.press('Enter');
    await run.messages('user').filter({ hasText: question }).first().waitFor({ timeout: UI_TIMEOUT });
  }

  const streaming = () => chat().locator('#messages .message[data-role="assistant"][aria-busy="true"] .message-body');
  const sendButton = (name: 'Send' | 'Stop') => chat().getByRole('button', { name, exact: true });

  it('sets the API key from the command palette', async () => {
    await command('Pathors: Set API Key');
    await answerInputBox(/API key/i, API_KEY);
  });

  it('"Focus on Chat View" puts the caret in the chat input', async () => {
    // An editor with the cursor at the end of the file, for "Insert at cursor" later.
    const { page } = run;
    await page.keyboard.press('Control+P');
    await quickInputBox().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await page.keyboard.type('greet.ts');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'greet.ts' }).waitFor({ timeout: UI_TIMEOUT });
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .monaco-editor.focused').waitFor({ timeout: UI_TIMEOUT });
    await page.keyboard.press('Control+End');

    await command('Pathors: Focus on Chat View');
    await chat().locator('textarea#input').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await assertInputFocused('after "Focus on Chat View"');
    await run.screenshot('focused-input');
  });

  it('sends with Enter and stops a streaming reply with Escape, then with the Stop button', async () => {
    await typeQuestion('What is keyboard focus?');
    assert.match(await run.finishedReply(), /You asked: “What is keyboard focus\?”/);
    assert.equal((await run.nthRequest(1)).authorizationMatched, true);
    await assertInputFocused('after a reply');

    // Escape in the input stops the reply; what arrived stays, marked incomplete.
    run.server.enqueue({ text: LONG_REPLY, chunkSize: 3, delayMs: 40 });
    await typeQuestion('Tell me everything, slowly.');
    await streaming().filter({ hasText: /A long answer/ }).waitFor({ timeout: UI_TIMEOUT });
    await assertInputFocused('while a reply streams');
    await run.page.keyboard.press('Escape');
    await run.finishedReply();
    const stopped = run.messages('assistant').last();
    assert.match((await stopped.getAttribute('class')) ?? '', /\bincomplete\b/);
    assert.ok((await stopped.locator('.message-body').innerText()).length < LONG_REPLY.trim().length, 'Escape did not cut the reply short');
    await sendButton('Send').waitFor({ timeout: UI_TIMEOUT });
    await assertInputFocused('after Escape');

    // Tab reaches Stop, and Space presses it; focus stays on the button, which says Send again.
    run.server.enqueue({ text: LONG_REPLY, chunkSize: 3, delayMs: 40 });
    await typeQuestion('Once more, slowly.');
    await streaming().filter({ hasText: /A long answer/ }).waitFor({ timeout: UI_TIMEOUT });
    await tabTo('Tab', 'Stop');
    await run.screenshot('stop-focused');
    await run.page.keyboard.press('Space');
    await run.finishedReply();
    assert.match((await run.messages('assistant').last().getAttribute('class')) ?? '', /\bincomplete\b/);
    await sendButton('Send').waitFor({ timeout: UI_TIMEOUT });
    await focusArrives('after Stop', 'Send');
    await tabTo('Shift+Tab', 'Ask Pathors');
  });

  it('reaches every code block action with Tab, copies with Space and inserts at the cursor with Enter', async () => {
    const code = ['def add(a, b):', '    return a + b'];
    run.server.enqueue({ text: ['Here is a helper:', '', '```python', ...code, '```', '', 'Call it with two numbers.'].join('\n') });
    await typeQuestion('Show me an add function in Python.');
    await run.finishedReply();
    const block = run.messages('assistant').last().locator('.code-block');
    await block.getByRole('button', { name: 'Insert at cursor' }).waitFor({ timeout: UI_TIMEOUT });

    // Backwards from the input: the reply's own actions, then the code block's, last to first.
    const passed = await tabTo('Shift+Tab', 'Copy code');
    const order = ['Copy reply', 'Open in new file', 'Insert at cursor', 'Copy code'].map((name) => passed.indexOf(name));
    assert.ok(order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1])), `Shift+Tab passed ${JSON.stringify(passed)}`);
    await run.screenshot('code-action-focused');

    await run.context?.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(run.page.url()).origin });
    await run.page.keyboard.press('Space');
    await run.page.waitForFunction((expected) => navigator.clipboard.readText().then((t) => t === expected, () => false), code.join('\n'), { timeout: UI_TIMEOUT, polling: 200 });
    await focusArrives('after Copy', 'Copy code');

    assert.deepEqual(await tabTo('Tab', 'Insert at cursor'), ['Insert at cursor']);
    await run.page.keyboard.press('Enter');
    // The code replaces the cursor position of the editor used last, which gets focus.
    const editor = run.page.locator('.editor-instance .monaco-editor.focused');
    await editor.locator('.view-lines', { hasText: 'return a + b' }).waitFor({ timeout: UI_TIMEOUT });
    await run.page.keyboard.press('Control+S');
    const file = path.join(run.workspace, SOURCE_FILE);
    const expected = SOURCE + code.join('\n');
    for (const deadline = Date.now() + UI_TIMEOUT; fs.readFileSync(file, 'utf8') !== expected && Date.now() < deadline; ) await run.page.waitForTimeout(100);
    assert.equal(fs.readFileSync(file, 'utf8'), expected);
    await run.screenshot('code-inserted');
  });

  it('New chat by keyboard keeps focus in the panel, and "Show Conversations" switches back with the arrow keys', async () => {
    await command('Pathors: Focus on Chat View');
    await assertInputFocused('back in the chat');
    await tabTo('Tab', 'New Chat');
    await run.page.keyboard.press('Enter');
    await run.messages().first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await assertInputFocused('after New chat');
    await typeQuestion('A second conversation');
    await run.finishedReply();

    await command('Pathors: Show Conversations');
    const rows = run.page.locator('.quick-input-list .monaco-list-row');
    const focusedRow = run.page.locator('.quick-input-list .monaco-list-row.focused');
    await focusedRow.filter({ hasText: 'A second conversation' }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await rows.count(), 2);
    await run.page.keyboard.press('ArrowDown');
    await focusedRow.filter({ hasText: 'What is keyboard focus?' }).waitFor({ timeout: UI_TIMEOUT });
    const background = await focusedRow.evaluate((row) => getComputedStyle(row).backgroundColor);
    assert.ok(!/^(transparent|rgba\(.*,\s*0\))$/.test(background), `the focused row is not highlighted (${background})`);
    await run.screenshot('conversations');
    await run.page.keyboard.press('Enter');

    await run.messages('user').filter({ hasText: 'Show me an add function in Python.' }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await run.messages('user').filter({ hasText: 'A second conversation' }).count(), 0);
    await assertInputFocused('after switching conversation');
  });

  it('used no pointer at all', () => {
    assert.deepEqual(pointerCalls, []);
  });
});
