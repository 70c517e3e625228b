/**
 * The chat panel's reading and writing aids in a real Chromium under the production CSP:
 * code highlighting while a reply streams, code block and reply actions (mouse and keyboard),
 * following the stream with "Jump to latest", and recalling earlier questions with Up/Down.
 */
import * as assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { TranscriptEntry } from '../../src/protocol';
import { codeBlocks } from '../../src/core/markdown';
import { streaming, strings } from './fixtures';
import { post, savedState, settle } from './harness';
import { PanelSuite } from './panelSuite';

const suite = new PanelSuite();
const { init, delta, sent, message, input } = suite;





/** A reply with a TypeScript block, a block without a language and one in a language without a grammar. */
const REPLY_WITH_CODE = [
  'Use a guard:',
  '',
  '```ts',
  'function greet(name?: string): string {',
  '  return name ? `Hello, ${name}` : "Hello";',
  '}',
  '```',
  '',
  'Then run:',
  '',
  '```',
  'npm test',
  '```',
  '',
  '```cobol',
  'DISPLAY "HI".',
  '```',
].join('\n');

describe('chat panel: code, actions, scrolling and history (webview)', function () {
  suite.use();

  describe('highlighting', () => {
    it('shows a streaming code block as plain text and highlights it once its fence closes', async () => {
      const { page } = suite.panel;
      await init([], 'r1');
      await post(page, { type: 'append', entry: streaming('a1') });
      const block = message('a1').locator('.code-block').first();
      const tokens = block.locator('code span[class^="hljs-"]');
      for (const text of ['Intro\n\n', '```ts\n', 'const answer = 42;\n', 'function f() {}\n', '```']) {
        await delta('a1', text);
        assert.equal(await tokens.count(), 0, `highlighted while the fence is open (after ${JSON.stringify(text)})`);
      }
      // An open fence is still a code block, with its language shown but no actions yet.
      assert.equal(await block.locator('pre > code.language-ts').textContent(), 'const answer = 42;\nfunction f() {}\n');
      assert.equal(await block.locator('.code-block-language').innerText(), 'ts');
      assert.equal(await block.getByRole('button').count(), 0);

      await delta('a1', '\n');
      assert.equal(await block.locator('pre > code').textContent(), 'const answer = 42;\nfunction f() {}\n');
      assert.deepEqual(await block.locator('.hljs-keyword').allInnerTexts(), ['const', 'function']);
      assert.equal(await block.locator('.hljs-number').innerText(), '42');
      assert.equal(await block.getByRole('button').count(), 4);

      // Settled: later text neither re-renders nor re-highlights the block.
      await block.evaluate((el) => ((el as HTMLElement & { marked?: boolean }).marked = true));
      for (const text of ['\nAfter the ', 'code, *more* text.\n\n', '```py\nx = 1\n']) await delta('a1', text);
      assert.equal(await block.evaluate((el) => (el as HTMLElement & { marked?: boolean }).marked), true);
      assert.equal(await message('a1').locator('code.language-py span[class^="hljs-"]').count(), 0);

      // The finished reply highlights every block, the one left open included.
      const text = 'Intro\n\n```ts\nconst answer = 42;\nfunction f() {}\n```\nAfter the code, *more* text.\n\n```py\nx = 1\n';
      await post(page, { type: 'update', entry: { id: 'a1', role: 'assistant', text } }, { type: 'busy', requestId: null });
      assert.equal(await message('a1').locator('code.language-py .hljs-number').innerText(), '1');
      assert.equal(await message('a1').locator('.code-block').count(), 2);
    });

    it('keeps a reply\'s drawn blocks when it ends before its last text was drawn', async () => {
      const { page } = suite.panel;
      await init([], 'r1');
      await post(page, { type: 'append', entry: streaming('a1') });
      await delta('a1', 'First paragraph.\n\nSecond');
      const first = message('a1').locator('.markdown p').first();
      await first.evaluate((el) => ((el as HTMLElement & { marked?: boolean }).marked = true));
      // The last delta and the end of the reply arrive together, before the frame that would draw the delta.
      const text = 'First paragraph.\n\nSecond paragraph.';
      await post(page, { type: 'delta', requestId: 'r1', entryId: 'a1', text: ' paragraph.' }, { type: 'update', entry: { id: 'a1', role: 'assistant', text } });
      assert.deepEqual(await message('a1').locator('.markdown p').allInnerTexts(), ['First paragraph.', 'Second paragraph.']);
      assert.equal(await first.evaluate((el) => (el as HTMLElement & { marked?: boolean }).marked), true, 'the reply was rendered again whole');
    });

    it('highlights finished replies and leaves unknown or unnamed languages plain', async () => {
      await init([{ id: 'a1', role: 'assistant', text: REPLY_WITH_CODE }]);
      const blocks = message('a1').locator('.code-block');
      assert.equal(await blocks.count(), 3);
      assert.ok((await blocks.nth(0).locator('span[class^="hljs-"]').count()) > 5);
      assert.equal(await blocks.nth(0).locator('.hljs-title.function_').innerText(), 'greet');
      assert.equal(await blocks.nth(0).locator('.hljs-string').first().innerText(), '`Hello, ${name}`');
      for (const i of [1, 2]) assert.equal(await blocks.nth(i).locator('span[class^="hljs-"]').count(), 0);
      assert.deepEqual(await blocks.locator('.code-block-language').allInnerTexts(), ['ts', '', 'cobol']);
      // Tokens take their colours from the theme palette, distinct from plain code.
      const colors = await blocks.nth(0).evaluate((el) => Object.fromEntries(
        ['code', '.hljs-keyword', '.hljs-string'].map((selector) => [selector, getComputedStyle(el.querySelector(selector) as Element).color]),
      ));
      assert.equal(new Set(Object.values(colors)).size, 3, JSON.stringify(colors));
    });
  });

  describe('code block and reply actions', () => {
    it('post the block\'s code and language, and the reply to copy', async () => {
      const { page } = suite.panel;
      await init([{ id: 'a1', role: 'assistant', text: REPLY_WITH_CODE }]);
      const blocks = message('a1').locator('.code-block');
      const ts = 'function greet(name?: string): string {\n  return name ? `Hello, ${name}` : "Hello";\n}';
      await blocks.nth(0).getByRole('button', { name: 'Copy code' }).click();
      await blocks.nth(0).getByRole('button', { name: 'Insert at cursor' }).click();
      await blocks.nth(0).getByRole('button', { name: 'Open in new file' }).click();
      await blocks.nth(1).getByRole('button', { name: 'Insert at cursor' }).click();
      await blocks.nth(2).getByRole('button', { name: 'Open in new file' }).click();
      await message('a1').getByRole('button', { name: 'Copy reply' }).click();
      await settle(page);
      // The panel names the block; the host reads that block's code from its own transcript.
      assert.deepEqual(await sent(), [
        { type: 'codeAction', action: 'copy', entryId: 'a1', block: 0 },
        { type: 'codeAction', action: 'insert', entryId: 'a1', block: 0 },
        { type: 'codeAction', action: 'newFile', entryId: 'a1', block: 0 },
        { type: 'codeAction', action: 'insert', entryId: 'a1', block: 1 },
        { type: 'codeAction', action: 'newFile', entryId: 'a1', block: 2 },
        { type: 'copyReply', entryId: 'a1' },
      ]);
      assert.deepEqual(codeBlocks(REPLY_WITH_CODE), [
        { code: ts, language: 'ts' },
        { code: 'npm test', language: '' },
        { code: 'DISPLAY "HI".', language: 'cobol' },
      ]);
      // The copy buttons confirm for a moment; their accessible names stay.
      const copy = blocks.nth(0).locator('button[data-action="copy"]');
      assert.equal(await copy.textContent(), 'Copied');
      await page.waitForFunction(() => document.querySelector('.code-block button')?.textContent === 'Copy', undefined, { timeout: 5000 });
      assert.equal(await copy.getAttribute('title'), 'Copy code');
    });

    it('draws the small per-block and per-reply actions as plain buttons with the toolkit look and focus ring', async () => {
      const { page } = suite.panel;
      await init([{ id: 'u1', role: 'user', text: 'How?' }, { id: 'a1', role: 'assistant', text: REPLY_WITH_CODE }]);
      const actions = page.locator('#messages .toolbar-button');
      // Four per code block, Copy reply, Regenerate and the question's Edit.
      assert.equal(await actions.count(), 4 * 3 + 3);
      assert.deepEqual(
        [...new Set(await actions.evaluateAll((els) => els.map((e) => `${e.tagName} ${(e as HTMLButtonElement).type} shadow:${e.shadowRoot !== null}`)))],
        ['BUTTON button shadow:false'],
      );
      assert.equal(await page.locator('#messages vscode-button').count(), 0, 'no toolkit control inside the transcript');
      // The toolkit's own "icon" button, drawn beside them, is the reference for the look.
      const look = (selector: string, part: string | null) =>
        page.evaluate(({ selector, part }) => {
          const host = document.querySelector(selector) as HTMLElement;
          const target = part ? (host.shadowRoot?.querySelector(part) as HTMLElement) : host;
          const s = getComputedStyle(target);
          return { radius: getComputedStyle(host).borderRadius, background: getComputedStyle(host).backgroundColor, outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, offset: s.outlineOffset };
        }, { selector, part });
      await page.evaluate(() => {
        const reference = document.createElement('vscode-button');
        reference.id = 'reference';
        reference.setAttribute('appearance', 'icon');
        reference.textContent = 'Reference';
        document.body.append(reference);
      });
      await page.locator('#reference').evaluate((el) => new Promise((r) => requestAnimationFrame(() => r(el.shadowRoot?.querySelector('.control') !== null))));
      const copy = message('a1').getByRole('button', { name: 'Copy reply' });
      await copy.hover();
      const plainHover = await look('#messages [data-action="copyReply"]', null);
      await page.locator('#reference').hover();
      const toolkitHover = await look('#reference', null);
      assert.equal(plainHover.radius, toolkitHover.radius);
      assert.equal(plainHover.background, toolkitHover.background);
      // Keyboard focus: the same ring (the toolkit draws it on the control in its shadow root).
      await page.mouse.move(0, 0);
      await copy.focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const plainFocus = await look('#messages [data-action="copyReply"]', null);
      await page.locator('#reference').focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const toolkitFocus = await look('#reference', '.control');
      assert.match(plainFocus.outline, /^solid 1px /);
      assert.equal(plainFocus.outline, toolkitFocus.outline);
      assert.equal(plainFocus.offset, toolkitFocus.offset);
    });

    it('offers Copy on finished replies only', async () => {
      await init([
        { id: 'u1', role: 'user', text: 'q' },
        { id: 'a1', role: 'assistant', text: 'Done.', incomplete: true },
        { id: 'a2', role: 'assistant', text: '' },
        { id: 'e1', role: 'error', text: 'Failed.' },
        streaming('a3', 'Still ```going'),
      ], 'r1');
      assert.equal(await suite.panel.page.getByRole('button', { name: 'Copy reply' }).count(), 1);
      assert.equal(await message('a1').getByRole('button', { name: 'Copy reply' }).count(), 1);
    });

    it('reaches every action with Tab and activates them with Enter and Space', async () => {
      const { page } = suite.panel;
      await init([{ id: 'u1', role: 'user', text: 'How?' }, { id: 'a1', role: 'assistant', text: REPLY_WITH_CODE.split('\n\nThen')[0] }]);
      await page.locator('#messages').focus();
      const order: string[] = [];
      for (let i = 0; i < 9; i++) {
        await page.keyboard.press('Tab');
        const name = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return el?.id || el?.getAttribute('aria-label') || el?.tagName || '';
        });
        order.push(name);
        if (name === 'input') break;
      }
      assert.deepEqual(order, [
        'Edit and resend this question in a new conversation',
        'Copy code',
        'Insert at cursor',
        'Open in new file',
        'Apply to a file, after a diff review',
        'Copy reply',
        'Regenerate',
        'input',
      ]);

      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Insert at cursor');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Space');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Space');
      await settle(page);
      assert.deepEqual(await sent(), [
        { type: 'codeAction', action: 'insert', entryId: 'a1', block: 0 },
        { type: 'codeAction', action: 'insert', entryId: 'a1', block: 0 },
        { type: 'codeAction', action: 'copy', entryId: 'a1', block: 0 },
      ]);
    });

    it('keeps focus on the same action when the streamed reply is replaced by the finished one', async () => {
      const { page } = suite.panel;
      await init([], 'r1');
      await post(page, { type: 'append', entry: streaming('a1') });
      await delta('a1', '```js\nlet x = 1;\n```\n\nMore');
      await message('a1').getByRole('button', { name: 'Open in new file' }).focus();
      await post(page, { type: 'update', entry: { id: 'a1', role: 'assistant', text: '```js\nlet x = 1;\n```\n\nMore.' } });
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Open in new file');
    });
  });

  describe('following the stream', () => {
    it('stops following when scrolled up, offers Jump to latest, and follows again after it or a new question', async () => {
      const { page } = suite.panel;
      const many = Array.from({ length: 30 }, (_, i): TranscriptEntry => ({ id: `m${i}`, role: 'assistant', text: `Paragraph ${i}\n\n`.repeat(3) }));
      await init([...many, streaming('s1')], 'r1');
      const log = page.locator('#messages');
      const jump = page.getByRole('button', { name: 'Jump to latest' });
      const gap = (): Promise<number> => log.evaluate((e) => e.scrollHeight - e.scrollTop - e.clientHeight);
      assert.equal(await jump.count(), 0, 'offered while at the bottom');
      await delta('s1', 'Line\n\n'.repeat(10));
      assert.ok((await gap()) <= 1, 'follows while at the bottom');
      assert.equal(await jump.count(), 0);

      await log.hover();
      await page.mouse.wheel(0, -400);
      await page.waitForFunction(() => !(document.querySelector('#jump-to-latest') as HTMLElement).hidden);
      const top = await log.evaluate((e) => e.scrollTop);
      await delta('s1', 'More\n\n'.repeat(10));
      assert.equal(await log.evaluate((e) => e.scrollTop), top, 'moved while the reader was reading');
      assert.equal(await jump.isVisible(), true);

      // Keyboard: it sits just before the input; Enter jumps and focus goes back to the input.
      await input().focus();
      await page.keyboard.press('Shift+Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'jump-to-latest');
      await page.keyboard.press('Enter');
      await settle(page);
      assert.ok((await gap()) <= 1, 'did not jump to the end');
      assert.equal(await jump.count(), 0);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'input');
      await delta('s1', 'Again\n\n'.repeat(10));
      assert.ok((await gap()) <= 1, 'does not follow after the jump');

      // Scrolling back to the end by hand hides it too.
      await log.evaluate((e) => e.scrollTo({ top: 0 }));
      await page.waitForFunction(() => !(document.querySelector('#jump-to-latest') as HTMLElement).hidden);
      await log.evaluate((e) => e.scrollTo({ top: e.scrollHeight }));
      await page.waitForFunction(() => (document.querySelector('#jump-to-latest') as HTMLElement).hidden);

      // Sending a question resumes following.
      await log.evaluate((e) => e.scrollTo({ top: 0 }));
      await page.waitForFunction(() => !(document.querySelector('#jump-to-latest') as HTMLElement).hidden);
      await post(page, { type: 'update', entry: { id: 's1', role: 'assistant', text: 'Done.' } }, { type: 'busy', requestId: null });
      await post(page, { type: 'append', entry: { id: 'u9', role: 'user', text: 'Next?' } }, { type: 'busy', requestId: 'r2' }, { type: 'append', entry: streaming('s2') });
      assert.ok((await gap()) <= 1, 'a new question did not scroll to the end');
      assert.equal(await jump.count(), 0);
      await delta('s2', 'Answer\n\n'.repeat(20), 'r2');
      assert.ok((await gap()) <= 1, 'does not follow the new reply');
    });
  });

  describe('restoring a long conversation', () => {
    it('renders the replies at the end at once, and earlier ones as they are scrolled to', async () => {
      const { page } = suite.panel;
      const filler = 'The session keeps the conversation on the server, so each turn only carries the new question. '.repeat(6);
      const entries = Array.from({ length: 1000 }, (_, i): TranscriptEntry => i % 2 === 0
        ? { id: `u${i}`, role: 'user', text: `Question ${i / 2 + 1}` }
        : { id: `a${i}`, role: 'assistant', text: `Answer **${i}** with \`code\`:\n\n${filler}\n\n- one\n- two` });
      await init(entries);
      const log = page.locator('#messages');
      assert.deepEqual(
        await log.locator('.message').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))),
        entries.map((e) => e.id),
      );
      assert.ok(await log.evaluate((e) => e.scrollHeight - e.scrollTop - e.clientHeight <= 1), 'starts at the end');

      // The end is rendered: markdown, code and the reply's actions.
      assert.equal(await message('a999').locator('.markdown strong').innerText(), '999');
      assert.equal(await message('a999').getByRole('button', { name: 'Copy reply' }).count(), 1);
      // An early reply shows its text, plainly, until it comes near the view.
      assert.equal(await message('a1').locator('.markdown strong').count(), 0);
      assert.match((await message('a1').locator('.markdown').textContent()) ?? '', /^Answer \*\*1\*\* with `code`/);
      assert.equal(await message('u0').locator('.user-text').innerText(), 'Question 1');

      await log.evaluate((e) => e.scrollTo({ top: 0 }));
      await page.waitForFunction(() => document.querySelector('#messages .message[data-id="a1"] .markdown strong') !== null);
      assert.equal(await message('a1').locator('.markdown code').innerText(), 'code');
      assert.equal(await message('a1').getByRole('button', { name: 'Copy reply' }).count(), 1);
      assert.equal(await page.getByRole('button', { name: 'Jump to latest' }).isVisible(), true);
      // Replies far from both ends are still plain, and their questions have no toolbar yet.
      assert.equal(await message('a501').locator('.markdown strong').count(), 0);
      assert.equal(await message('u500').locator('[data-action="edit"]').count(), 0);
      assert.equal(await message('u998').locator('[data-action="edit"]').count(), 1);

      await message('a501').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('#messages .message[data-id="a501"] .markdown strong') !== null);
      await message('a501').getByRole('button', { name: 'Copy reply' }).click();
      await message('u500').getByRole('button', { name: strings.editHint }).click();
      await settle(page);
      assert.deepEqual(await sent(), [{ type: 'copyReply', entryId: 'a501' }]);
      assert.equal(await input().inputValue(), 'Question 251');
    });
  });

  describe('input history', () => {
    const turns: TranscriptEntry[] = [
      { id: 'u1', role: 'user', text: 'first question' },
      { id: 'a1', role: 'assistant', text: 'One.' },
      { id: 'u2', role: 'user', text: 'second\non two lines' },
      { id: 'a2', role: 'assistant', text: 'Two.' },
      { id: 'u3', role: 'user', text: 'third' },
      { id: 'u4', role: 'user', text: 'third' },
    ];

    it('recalls earlier questions with Up at the start and Down at the end, and brings the draft back', async () => {
      const { page } = suite.panel;
      await init(turns);
      await input().fill('my draft');
      const caret = () => input().evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd]);

      // Up away from the start only moves the caret.
      await input().press('ArrowUp');
      assert.equal(await input().inputValue(), 'my draft');
      assert.deepEqual(await caret(), [0, 0]);

      await input().press('ArrowUp');
      assert.equal(await input().inputValue(), 'third');
      assert.deepEqual(await caret(), [0, 0]);
      await input().press('ArrowUp');
      assert.equal(await input().inputValue(), 'second\non two lines', 'a repeated question is recalled once');
      await input().press('ArrowUp');
      assert.equal(await input().inputValue(), 'first question');
      await input().press('ArrowUp');
      assert.equal(await input().inputValue(), 'first question', 'went past the oldest');

      // Down at the start only moves the caret; at the end it goes forward.
      await input().press('ArrowDown');
      assert.equal(await input().inputValue(), 'first question');
      await input().press('End');
      await input().press('ArrowDown');
      assert.equal(await input().inputValue(), 'second\non two lines');
      assert.deepEqual(await caret(), [19, 19]);
      await input().press('ArrowDown');
      assert.equal(await input().inputValue(), 'third');
      await input().press('ArrowDown');
      assert.equal(await input().inputValue(), 'my draft');
      await input().press('ArrowDown');
      assert.equal(await input().inputValue(), 'my draft');
      assert.deepEqual(await savedState(page), { draft: 'my draft' }, 'recalling changed the saved draft');
      assert.deepEqual(await sent(), []);
    });

    it('leaves Shift+Up, a selection and a multi-line draft\'s inner lines alone, and sends a recalled question', async () => {
      const { page } = suite.panel;
      await init(turns);
      await input().fill('line one\nline two');
      await input().press('ArrowUp');
      assert.equal(await input().inputValue(), 'line one\nline two');
      await input().press('Shift+ArrowUp');
      assert.equal(await input().inputValue(), 'line one\nline two');
      await input().evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 4));
      await input().press('ArrowUp');
      assert.equal(await input().inputValue(), 'line one\nline two');

      await input().evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 0));
      await input().press('ArrowUp');
      assert.equal(await input().inputValue(), 'third');
      // Editing a recalled question makes it the draft.
      await input().press('End');
      await page.keyboard.type(' again');
      await input().press('ArrowDown');
      assert.equal(await input().inputValue(), 'third again');
      assert.deepEqual(await savedState(page), { draft: 'third again' });

      await input().press('Home');
      await input().press('ArrowUp');
      await input().press('ArrowUp');
      assert.equal(await input().inputValue(), 'second\non two lines');
      await input().press('Enter');
      assert.equal(await input().inputValue(), '');
      assert.deepEqual(await sent(), [{ type: 'send', text: 'second\non two lines' }]);
    });

    it('does nothing without earlier questions', async () => {
      await init([{ id: 'a1', role: 'assistant', text: 'Hi.' }]);
      await input().fill('');
      await input().press('ArrowUp');
      await input().press('ArrowDown');
      assert.equal(await input().inputValue(), '');
    });
  });

  it('reads well in light, dark and high contrast themes (screenshots)', async () => {
    const { page } = suite.panel;
    const text = [
      'Guard against a missing user:', '',
      '```ts',
      '// Returns the display name, or a fallback.',
      'export function displayName(user?: User): string {',
      '  const fallback = "Anonymous";',
      '  return user?.profile.name ?? fallback; // 42',
      '}',
      '```', '',
      '```diff', '- old line', '+ new line', '```',
    ].join('\n');
    await init([{ id: 'u1', role: 'user', text: 'How do I show the name?' }, { id: 'a1', role: 'assistant', text }]);
    const themes: Record<string, Record<string, string>> = {
      dark: {},
      light: {
        '--vscode-foreground': '#3b3b3b', '--vscode-descriptionForeground': '#717171', '--vscode-sideBar-background': '#f8f8f8',
        '--vscode-editor-foreground': '#3b3b3b', '--vscode-textCodeBlock-background': '#dcdcdc66', '--vscode-input-background': '#ffffff',
        '--vscode-input-foreground': '#3b3b3b', '--vscode-widget-border': '#e5e5e5', '--vscode-button-secondaryBackground': '#e5e5e5',
        '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-textPreformat-foreground': '#3b3b3b', '--vscode-textPreformat-background': '#0000001f',
      },
      'high-contrast': {
        '--vscode-foreground': '#ffffff', '--vscode-descriptionForeground': '#ffffff', '--vscode-sideBar-background': '#000000',
        '--vscode-editor-foreground': '#ffffff', '--vscode-textCodeBlock-background': '#000000', '--vscode-contrastBorder': '#6fc3df',
        '--vscode-input-background': '#000000', '--vscode-input-foreground': '#ffffff', '--vscode-widget-border': '#6fc3df',
      },
    };
    const dir = path.resolve(__dirname, '../../test-results');
    await mkdir(dir, { recursive: true });
    for (const [kind, vars] of Object.entries(themes)) {
      await page.evaluate(({ kind, vars }) => {
        document.body.className = `vscode-${kind}`;
        for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
      }, { kind, vars });
      await settle(page);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(dir, `webview-code-${kind}.png`), clip: { x: 0, y: 0, width: 420, height: 330 } });
    }
  });
});
