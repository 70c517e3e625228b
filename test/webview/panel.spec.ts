/**
 * The chat panel in a real Chromium, under the same CSP as in VS Code, driven by real host
 * messages: rendering, streaming, sanitizing, the composer, drafts, actions and the banner.
 */
import * as assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { TranscriptEntry } from '../../src/protocol';
import { failure, reply, streaming, strings, userTurn } from './fixtures';
import { post, posted, savedState, settle, waitForReady } from './harness';
import { PanelSuite } from './panelSuite';

const suite = new PanelSuite();
const { init, message, input } = suite;



describe('chat panel (webview)', function () {
  suite.use();

  it('posts ready once, labels its regions and shows the empty state', async () => {
    const { page } = suite.panel;
    await init();
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    assert.equal(await page.getByRole('log', { name: 'Conversation' }).getAttribute('aria-live'), 'off');
    assert.equal(await page.getByRole('textbox', { name: 'Ask Pathors', exact: true }).getAttribute('id'), 'input');
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor();
    assert.equal(await page.getByRole('heading', { name: strings.emptyTitle }).isVisible(), true);
    assert.equal(await page.getByText(strings.emptyBody).isVisible(), true);
  });

  it('renders every kind of entry from init', async () => {
    const { page } = suite.panel;
    await init([userTurn, reply, failure]);
    assert.deepEqual(
      await page.locator('#messages .message').evaluateAll((els) => els.map((e) => [e.getAttribute('data-role'), e.getAttribute('data-id')])),
      [['user', 'u1'], ['assistant', 'a1'], ['error', 'e1']],
    );
    assert.equal(await page.getByRole('heading', { name: strings.emptyTitle }).isVisible(), false);
    // User text is text: markup stays literal, line breaks and indentation survive.
    assert.equal(await message('u1').locator('b').count(), 0);
    assert.equal(await message('u1').locator('.user-text').innerText(), userTurn.text);
    const chip = message('u1').locator('.context-chip');
    assert.equal(await chip.innerText(), 'src/app.ts:12-30');
    assert.match((await chip.getAttribute('title')) ?? '', /src\/app\.ts:12-30/);
    assert.ok(await chip.getAttribute('aria-label'));
    assert.equal(await message('u1').getByText('Only the first 4,000 of 10,000 characters of the selection were sent.').isVisible(), true);
    // Role names are there for screen readers only.
    assert.deepEqual(await page.locator('#messages .message .visually-hidden').allTextContents(), ['You', 'Pathors', 'Error']);
    assert.equal(await message('a1').locator('code').innerText(), 'x');
    assert.match((await message('a1').getAttribute('class')) ?? '', /\bincomplete\b/);
    assert.equal(await message('a1').getByText('Incomplete', { exact: true }).isVisible(), true);
    assert.equal(await message('a1').getByText('Stopped.').isVisible(), true);
    assert.equal(await message('a1').getAttribute('aria-busy'), null);
  });

  it('streams deltas into the busy reply and settles on update', async () => {
    const { page } = suite.panel;
    await init([userTurn]);
    await post(page, { type: 'busy', requestId: 'r1' }, { type: 'append', entry: streaming('a2') });
    assert.equal(await message('a2').getAttribute('aria-busy'), 'true');
    assert.equal(await message('a2').getByText('Thinking…').isVisible(), true);
    await post(page, { type: 'delta', requestId: 'r1', entryId: 'a2', text: 'Hello ' });
    await post(page, { type: 'delta', requestId: 'r1', entryId: 'a2', text: '**world**' });
    assert.equal(await message('a2').locator('.markdown strong').innerText(), 'world');
    assert.equal(await message('a2').getByText('Thinking…').isVisible(), false);
    assert.equal(await message('a2').getAttribute('aria-busy'), 'true');
    await post(page, { type: 'update', entry: { id: 'a2', role: 'assistant', text: 'Hello **world**' } }, { type: 'busy', requestId: null });
    assert.notEqual(await message('a2').getAttribute('aria-busy'), 'true');
    assert.equal(await message('a2').locator('vscode-progress-ring').count(), 0);
    assert.equal(await message('a2').locator('.markdown').innerText(), 'Hello world');
  });

  it('renders an unclosed code fence as a code block while streaming', async () => {
    const { page } = suite.panel;
    await init([], 'r1');
    await post(page, { type: 'append', entry: streaming('a1') });
    for (const text of ['Here:\n\n', '```ts\n', 'const a = 1;\n', 'const b']) {
      await post(page, { type: 'delta', requestId: 'r1', entryId: 'a1', text });
    }
    const code = message('a1').locator('pre > code.language-ts');
    assert.equal(await code.innerText(), 'const a = 1;\nconst b');
    assert.equal(await message('a1').locator('p').first().innerText(), 'Here:');
  });

  it('renders a reply streamed in small pieces exactly as the finished reply', async () => {
    const { page } = suite.panel;
    const text = [
      '# Plan', '', 'Intro with a [link](https://example.com/docs) and `code`.', '',
      '- one', '- two', '', '  still two', '', '1. first', '2. second', '', 'Between.', '', '3. third', '', '> quoted', 'lazy line', '',
      '```js', 'let x = 1;', '```', '', '| a | b |', '|:--|--:|', '| 1 | 2 |', '', 'Setext', '===', '', '---', 'Done.',
    ].join('\n');
    await init([], 'r1');
    await post(page, { type: 'append', entry: streaming('a1') });
    for (let i = 0; i < text.length; i += 7) {
      await post(page, { type: 'delta', requestId: 'r1', entryId: 'a1', text: text.slice(i, i + 7) });
    }
    const streamed = await message('a1').locator('.markdown').innerHTML();
    await post(page, { type: 'update', entry: { id: 'a1', role: 'assistant', text } });
    assert.equal(streamed, await message('a1').locator('.markdown').innerHTML());
    assert.equal(await message('a1').locator('td[align="right"]').innerText({ timeout: 1000 }), '2');
    assert.equal(await message('a1').locator('ol[start="3"] > li').innerText({ timeout: 1000 }), 'third');
  });

  it('renders a hostile reply inert: no script, image, javascript: link, request or CSP violation', async () => {
    const { page, requests } = suite.panel;
    const hostile = [
      '<script>window.__pwned = 1</script>',
      '<img src=x onerror="window.__pwned = 2">',
      '[x](javascript:alert(1)) [d](data:text/html,hi) [c](command:workbench.action.reloadWindow)',
      '![i](https://example.com/leak.png)',
      '<a href="https://example.com" style="color:red" onclick="window.__pwned = 3">raw</a>',
    ].join('\n\n');
    await init([], 'r1');
    await post(page, { type: 'append', entry: streaming('a1') }, { type: 'delta', requestId: 'r1', entryId: 'a1', text: hostile });
    for (const final of [false, true]) {
      if (final) await post(page, { type: 'update', entry: { id: 'a1', role: 'assistant', text: hostile } });
      const body = message('a1').locator('.markdown');
      assert.equal(await body.locator('script, img, style, iframe').count(), 0);
      const attrs = await body.locator('*').evaluateAll((els) => els.flatMap((e) => [...e.attributes].map((a) => `${a.name}=${a.value}`)));
      assert.deepEqual(attrs.filter((a) => /^(on|style)|^href=(?!https?:|mailto:)/i.test(a)), []);
      // The image is only a link named by its alt text; the raw <a> stays text, its bare URL linkified.
      assert.deepEqual(
        await body.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent])),
        [['https://example.com/leak.png', 'i'], ['https://example.com', 'https://example.com']],
      );
      assert.match(await body.innerText(), /<script>/);
    }
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(requests.filter((u) => /example\.com|\/x$/.test(u)), []);
  });

  it('posts openLink for a clicked link and never navigates', async () => {
    const { page } = suite.panel;
    await init([{ id: 'a1', role: 'assistant', text: 'See https://example.com/a and [docs](https://example.com/docs "Docs").' }]);
    const before = page.url();
    await message('a1').getByRole('link', { name: 'docs' }).click();
    await message('a1').getByRole('link', { name: 'https://example.com/a' }).click({ button: 'middle' });
    await settle(page);
    assert.equal(page.url(), before);
    assert.deepEqual((await posted(page)).slice(1), [{ type: 'openLink', href: 'https://example.com/docs' }]);
  });

  it('sends on Enter and clears; Shift+Enter adds a newline; blank input is not sent', async () => {
    const { page } = suite.panel;
    await init();
    await input().click();
    await page.keyboard.type('hello');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('world');
    assert.equal(await input().inputValue(), 'hello\nworld');
    await page.keyboard.press('Enter');
    assert.equal(await input().inputValue(), '');
    await page.keyboard.type('   ');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    assert.deepEqual((await posted(page)).slice(1), [{ type: 'send', text: 'hello\nworld' }]);
    assert.deepEqual(await savedState(page), { draft: '   ' });
  });

  it('does not send on Enter that confirms an IME composition', async () => {
    const { page } = suite.panel;
    await init();
    await input().fill('にほん');
    await input().evaluate((el) => {
      const enter = { key: 'Enter', bubbles: true, cancelable: true };
      el.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
      el.dispatchEvent(new KeyboardEvent('keydown', { ...enter, isComposing: true, keyCode: 229 }));
      el.dispatchEvent(new KeyboardEvent('keydown', enter)); // no flags, but still inside the composition
      el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: 'にほん' }));
      // Safari delivers the confirming Enter after compositionend, marked only by keyCode 229.
      el.dispatchEvent(new KeyboardEvent('keydown', { ...enter, keyCode: 229 }));
    });
    await settle(page);
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    assert.equal(await input().inputValue(), 'にほん');
    await input().press('Enter');
    assert.deepEqual((await posted(page)).slice(1), [{ type: 'send', text: 'にほん' }]);
  });

  it('turns Send into Stop while busy; Enter keeps the text', async () => {
    const { page } = suite.panel;
    await init([userTurn]);
    await post(page, { type: 'busy', requestId: 'r1' });
    assert.equal(await page.getByRole('button', { name: 'Send', exact: true }).count(), 0);
    await input().fill('next question');
    await input().press('Enter');
    assert.equal(await input().inputValue(), 'next question');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await input().press('Escape');
    assert.deepEqual((await posted(page)).slice(1), [{ type: 'stop' }, { type: 'stop' }]);
    await post(page, { type: 'busy', requestId: null });
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'send', text: 'next question' });
  });

  it('drops deltas of any request but the busy one', async () => {
    const { page } = suite.panel;
    await init([streaming('a1', 'A')], 'r2');
    await post(page, { type: 'delta', requestId: 'r1', entryId: 'a1', text: 'stale' });
    await post(page, { type: 'delta', requestId: 'r2', entryId: 'a1', text: 'B' });
    await post(page, { type: 'busy', requestId: null }, { type: 'delta', requestId: 'r2', entryId: 'a1', text: 'late' });
    assert.equal(await message('a1').locator('.markdown').innerText(), 'AB');
  });

  it('keeps the draft across a reload and puts restored drafts back', async () => {
    const { page } = suite.panel;
    await init();
    await input().fill('half-written');
    assert.deepEqual(await savedState(page), { draft: 'half-written' });
    await page.reload();
    await waitForReady(page);
    assert.equal(await input().inputValue(), 'half-written');
    await init();
    await post(page, { type: 'restoreDraft', text: 'the question that failed' });
    assert.equal(await input().inputValue(), 'half-written\nthe question that failed');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'input');
    await input().fill('');
    await post(page, { type: 'restoreDraft', text: 'again' });
    assert.equal(await input().inputValue(), 'again');
    assert.deepEqual(await savedState(page), { draft: 'again' });
  });

  it('offers the error actions as buttons that post actions', async () => {
    const { page } = suite.panel;
    await init([userTurn, failure]);
    for (const name of ['Set API Key', 'Retry', 'Open Settings']) {
      await message('e1').getByRole('button', { name, exact: true }).click();
    }
    assert.deepEqual((await posted(page)).slice(1), [
      { type: 'action', action: 'setApiKey', entryId: 'e1' },
      { type: 'action', action: 'retry', entryId: 'e1' },
      { type: 'action', action: 'openSettings', entryId: 'e1' },
    ]);
  });

  it('shows the configuration banner and blocks sending until it is fixed', async () => {
    const { page } = suite.panel;
    await init();
    assert.equal(await page.locator('#config-banner').isVisible(), false);
    await post(page, { type: 'config', problem: 'noProject' });
    const banner = page.getByRole('alert');
    assert.equal(await banner.getAttribute('id'), 'config-banner');
    assert.equal(await banner.getByText(strings.noProject).isVisible(), true);
    await banner.getByRole('button', { name: 'Open Settings' }).click();
    await input().fill('hi');
    await input().press('Enter');
    assert.deepEqual((await posted(page)).slice(1), [{ type: 'action', action: 'openSettings', entryId: '' }]);
    await post(page, { type: 'config', problem: null });
    assert.equal(await page.locator('#config-banner').isVisible(), false);
    await input().press('Enter');
    assert.deepEqual((await posted(page)).at(-1), { type: 'send', text: 'hi' });
  });

  it('follows new output only while scrolled to the bottom', async () => {
    const { page } = suite.panel;
    const many = Array.from({ length: 30 }, (_, i): TranscriptEntry => ({ id: `m${i}`, role: 'assistant', text: `Paragraph ${i}\n\n`.repeat(3) }));
    await init([...many, streaming('s1')], 'r1');
    const log = page.locator('#messages');
    const gap = (): Promise<number> => log.evaluate((e) => e.scrollHeight - e.scrollTop - e.clientHeight);
    assert.ok((await gap()) <= 1, 'starts at the bottom');
    await post(page, { type: 'delta', requestId: 'r1', entryId: 's1', text: 'Line\n\n'.repeat(10) });
    assert.ok((await gap()) <= 1, 'follows while pinned');
    await log.evaluate((e) => e.scrollTo({ top: 100 }));
    await settle(page);
    await post(page, { type: 'delta', requestId: 'r1', entryId: 's1', text: 'More\n\n'.repeat(10) });
    assert.equal(await log.evaluate((e) => e.scrollTop), 100);
  });

  it('ignores malformed messages and handles remove and focusInput', async () => {
    const { page } = suite.panel;
    await init([userTurn, reply]);
    await page.evaluate(() => {
      for (const m of ['init', null, 42, { type: 'nope' }, { type: 'append', entry: {} }, { type: 'init', state: {} }]) window.postMessage(m, '*');
    });
    await post(page, { type: 'remove', entryId: 'a1' }, { type: 'focusInput' });
    assert.equal(await page.locator('#messages .message').count(), 1);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'input');
    await page.getByRole('button', { name: 'New chat' }).click();
    assert.deepEqual((await posted(page)).slice(1), [{ type: 'newChat' }]);
  });

  it('looks right in a dark theme (screenshot)', async () => {
    const { page } = suite.panel;
    const answer = [
      'The handler throws because `user` can be **undefined** when the session expires:', '',
      '```ts', 'const name = user.profile.name; // TypeError', '```', '',
      'Guard it first:', '', '1. Check `user` before use', '2. Return early — see [the docs](https://example.com/docs)',
    ].join('\n');
    await init([userTurn, { id: 'a1', role: 'assistant', text: answer }, failure, { id: 'u2', role: 'user', text: 'Thanks! And the tests?' }], 'r1');
    await post(page, { type: 'append', entry: streaming('a2', 'Add a case for an expired session:\n\n```ts\nit(\'handles') });
    await input().fill('Can you also');
    await page.mouse.move(0, 0);
    const file = path.resolve(__dirname, '../../test-results/webview-panel.png');
    await mkdir(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: false });
  });
});
