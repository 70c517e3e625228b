/**
 * The panel against hostile replies, in a real Chromium under the production CSP: every reply of
 * the corpus, streamed in small deltas and then finished, must render without running code,
 * loading anything, needing the CSP, leaving the sanitizer's markup or unsafe links behind,
 * hiding its text or stalling the panel. Links only ever ask the host to open them.
 */
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { parseWebviewMessage, type WebviewToHost } from '../../src/protocol';
import { streaming, strings } from './fixtures';
import { PanelHarness, posted, type Panel } from './harness';
import { hostileReplies, type HostileReply } from './hostileReplies';
import {
  clearGuard, deliver, finished, foreignRequests, gateRequests, guardReport, installGuard, rendered, streamDeltas,
} from './hostilePage';

/** A hang check, not a benchmark: streaming plus finishing one reply must end well within this. */
const HANG_BOUND_MS = 15_000;

const harness = new PanelHarness();

/** Opens a guarded panel showing an empty conversation. */
async function openGuarded(): Promise<{ panel: Panel; blocked: string[] }> {
  const panel = await harness.open();
  const blocked = await gateRequests(panel, harness.origin);
  await installGuard(panel.page);
  await deliver(panel.page, [{ type: 'init', state: { entries: [], busyRequestId: null, configProblem: null, strings } }]);
  await rendered(panel.page);
  return { panel, blocked };
}

/** Asserts that nothing the guard watches for has happened so far. */
async function assertInert(panel: Panel, blocked: string[], label: string): Promise<void> {
  const report = await guardReport(panel.page);
  assert.deepEqual(report.markup, [], `${label}: markup outside the allowlist, unsafe links or command: URIs`);
  assert.equal(report.pwned, undefined, `${label}: a payload ran`);
  assert.deepEqual(report.cspViolations, [], `${label}: the CSP had to stop something the sanitizer let through`);
  assert.equal(report.url, `${harness.origin}/panel.html`, `${label}: the page navigated`);
  assert.deepEqual(blocked, [], `${label}: requests, navigations or windows`);
  assert.deepEqual(foreignRequests(panel, harness.origin), [], `${label}: requests besides the panel itself`);
  assert.deepEqual(panel.problems, [], `${label}: console errors, page errors or failed requests`);
}

/** The text of a reply's body contains `visible`. */
async function showsText(page: Page, entryId: string, visible: string): Promise<boolean> {
  return page.evaluate(
    ({ id, text }) => document.querySelector(`#messages .message[data-id="${id}"] .markdown`)?.textContent?.includes(text) ?? false,
    { id: entryId, text: visible },
  );
}

/**
 * Activates every link of a reply (as a script's `click()` does, which would navigate if the
 * panel let it) and returns the hrefs the links carry.
 */
async function clickEveryLink(page: Page, entryId: string): Promise<string[]> {
  return page.evaluate((id) => {
    const links = Array.from(document.querySelectorAll<HTMLAnchorElement>(`#messages .message[data-id="${id}"] .markdown a`)).slice(0, 50);
    for (const a of links) a.click();
    return links.flatMap((a) => (a.hasAttribute('href') ? [a.getAttribute('href') ?? ''] : []));
  }, entryId);
}

describe('panel security (webview)', function () {
  before(async () => {
    await harness.start();
  });

  after(async () => {
    await harness.stop();
  });

  describe(`renders ${hostileReplies.length} hostile replies inert, streamed and finished`, () => {
    let panel: Panel;
    let blocked: string[];
    let slowest = { name: '', ms: 0 };

    before(async () => {
      ({ panel, blocked } = await openGuarded());
    });

    after(async () => {
      // Anything queued by a payload (a timer, an image error, a refresh) has had time to fire.
      await panel.page.waitForTimeout(300);
      const report = await guardReport(panel.page);
      await panel.context.close();
      assert.equal(report.pwned, undefined, 'a payload ran late');
      assert.deepEqual(report.cspViolations, [], 'CSP violations');
      assert.deepEqual(blocked, [], 'requests, navigations or windows');
      console.log(`      slowest reply: ${slowest.name} (${Math.round(slowest.ms)} ms streamed and finished)`);
    });

    hostileReplies.forEach((reply: HostileReply, i) => {
      it(reply.name, async () => {
        const { page } = panel;
        const id = `h${i}`;
        const requestId = `r${i}`;
        // Nothing the previous reply left queued has fired since it was checked.
        await assertInert(panel, blocked, 'since the previous reply');
        // Each reply starts from an empty conversation, whatever the previous one left behind.
        await deliver(page, [{ type: 'init', state: { entries: [], busyRequestId: null, configProblem: null, strings } }]);
        await rendered(page);
        await clearGuard(panel, blocked);
        const started = performance.now();

        await deliver(page, [{ type: 'busy', requestId }, { type: 'append', entry: streaming(id) }]);
        // Each frame re-renders the reply's last block; a few frames suffice for the huge ones.
        await streamDeltas(page, requestId, new Map([[id, reply.text]]), reply.text.length > 20_000 ? 3 : 12);
        await rendered(page);
        await assertInert(panel, blocked, 'streamed');
        assert.ok(await showsText(page, id, reply.visible), `streamed: the reply does not show ${JSON.stringify(reply.visible.slice(0, 40))}`);

        await deliver(page, [{ type: 'update', entry: finished(id, reply.text) }, { type: 'busy', requestId: null }]);
        await rendered(page);
        const ms = performance.now() - started;
        if (ms > slowest.ms) slowest = { name: reply.name, ms };
        assert.ok(ms < HANG_BOUND_MS, `rendering took ${Math.round(ms)} ms`);
        await assertInert(panel, blocked, 'finished');
        assert.ok(await showsText(page, id, reply.visible), `finished: the reply does not show ${JSON.stringify(reply.visible.slice(0, 40))}`);

        // Links only ask the host to open them; the host would accept each request (or refuse an oversized one).
        const before = (await posted(page)).length;
        const hrefs = await clickEveryLink(page, id);
        await rendered(page);
        const sent = (await posted(page)).slice(before);
        assert.deepEqual(sent, hrefs.map((href): WebviewToHost => ({ type: 'openLink', href })));
        for (const m of sent) {
          assert.ok(parseWebviewMessage(m) !== undefined || (m.type === 'openLink' && m.href.length > 8192), `the host would reject ${JSON.stringify(m).slice(0, 100)}`);
        }
        await assertInert(panel, blocked, 'after clicking its links');
      });
    });
  });

  describe('the guard', () => {
    it('notices markup, links, code, CSP violations and requests it exists to catch', async () => {
      const { panel, blocked } = await openGuarded();
      try {
        const { page } = panel;
        await deliver(page, [{ type: 'append', entry: finished('a1', 'Plain **reply** with [a link](https://ok.example/).') }]);
        await rendered(page);
        await assertInert(panel, blocked, 'a plain reply');
        await page.evaluate((origin) => {
          const body = document.querySelector('.markdown');
          const inject = (html: string): void => body?.insertAdjacentHTML('beforeend', html);
          inject('<p onclick="x">handler</p><a href="javascript:void 0">js</a><a href=" command:x">cmd</a><code class="hljs">c</code>');
          inject(`<img src="${origin}/leak.png">`);
          inject('<span style="color: red">styled</span>');
          document.body.setAttribute('data-x', 'command:workbench.action.reloadWindow');
          (window as { __pwned?: unknown }).__pwned = 1;
        }, harness.origin);
        await rendered(panel.page);
        await page.waitForTimeout(100);
        const report = await guardReport(page);
        const seen = report.markup.join('\n');
        for (const what of ['attribute onclick="x" on <p>', 'attribute href="javascript:void 0" on <a>', 'attribute href=" command:x" on <a>',
          'attribute class="hljs" on <code>', 'element <img>', 'attribute style="color: red" on <span>', 'page: data-x="command:']) {
          assert.ok(seen.includes(what), `missed ${what} in\n${seen}`);
        }
        assert.ok(report.markup.some((m) => m.startsWith('inserted in a1:')), 'the watcher saw the insertions as they happened');
        assert.equal(report.pwned, 1);
        assert.deepEqual(blocked, [`request ${harness.origin}/leak.png`]);
        // The inline style attribute needed the CSP to stop it.
        assert.ok(report.cspViolations.some((v) => v.startsWith('style-src')), report.cspViolations.join('\n'));
      } finally {
        await panel.context.close();
      }
    });
  });

  describe('links', () => {
    let panel: Panel;
    let blocked: string[];

    beforeEach(async () => {
      ({ panel, blocked } = await openGuarded());
    });

    afterEach(async () => {
      await assertInert(panel, blocked, 'links');
      await panel.context.close();
    });

    it('posts openLink for every way of following a link, and never navigates', async () => {
      const { page } = panel;
      const text = [
        '[docs](https://ok.example/docs "The docs") and <http://ok.example/plain> and https://ok.example/bare',
        '![diagram](https://ok.example/diagram.png) [mail](mailto:team@ok.example)',
        '[js](javascript:alert(1)) [cmd](command:workbench.action.reloadWindow) [data](data:text/html,x) <command:x>',
      ].join('\n\n');
      await deliver(page, [{ type: 'append', entry: finished('a1', text) }]);
      await rendered(page);
      const body = page.locator('#messages .message[data-id="a1"] .markdown');
      // Hostile schemes never become links at all.
      assert.deepEqual(await body.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), [
        'https://ok.example/docs', 'http://ok.example/plain', 'https://ok.example/bare', 'https://ok.example/diagram.png', 'mailto:team@ok.example',
      ]);
      assert.match((await body.textContent()) ?? '', /\[js\]\(javascript:alert\(1\)\) \[cmd\]\(command:workbench\.action\.reloadWindow\)/);

      const link = (name: string) => body.getByRole('link', { name, exact: true });
      await link('docs').click();
      await link('https://ok.example/bare').click({ modifiers: ['Control'] });
      await link('http://ok.example/plain').click({ modifiers: ['Shift'] });
      await link('diagram').click({ modifiers: ['Alt'] });
      await link('mail').focus();
      await page.keyboard.press('Enter');
      await link('docs').click({ button: 'middle' });
      await link('docs').dblclick();
      await rendered(page);
      assert.deepEqual((await posted(page)).slice(1), [
        { type: 'openLink', href: 'https://ok.example/docs' },
        { type: 'openLink', href: 'https://ok.example/bare' },
        { type: 'openLink', href: 'http://ok.example/plain' },
        { type: 'openLink', href: 'https://ok.example/diagram.png' },
        { type: 'openLink', href: 'mailto:team@ok.example' },
        { type: 'openLink', href: 'https://ok.example/docs' },
        { type: 'openLink', href: 'https://ok.example/docs' },
      ]);
      assert.equal(page.url(), `${harness.origin}/panel.html`);
      assert.equal(panel.context.pages().length, 1);
    });

    it('streams links the same way: a half-written hostile link never becomes one', async () => {
      const { page } = panel;
      const text = 'Try [this](javascript:__pwned=1) or [that](https://ok.example/that) or [cmd](command:x)';
      await deliver(page, [{ type: 'busy', requestId: 'r1' }, { type: 'append', entry: streaming('a1') }]);
      await streamDeltas(page, 'r1', new Map([['a1', text]]));
      await rendered(page);
      const hrefs = await page.locator('#messages .message[data-id="a1"] .markdown a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(hrefs, ['https://ok.example/that']);
      await page.locator('#messages .message[data-id="a1"] .markdown a').click();
      assert.deepEqual((await posted(page)).slice(1), [{ type: 'openLink', href: 'https://ok.example/that' }]);
    });
  });

  describe('host side of links', () => {
    it('opens only what isOpenableLink allows, and the view never enables command URIs', async () => {
      const source = await readFile(path.resolve(__dirname, '../../src/chatViewProvider.ts'), 'utf8');
      assert.match(source, /enableCommandUris:\s*false/);
      assert.doesNotMatch(source, /enableCommandUris:\s*true/);
      // openLink refuses anything isOpenableLink rejects before it reaches openExternal.
      const openLink = /async function openLink\(href: string\)[^]*?\n}\n/.exec(source)?.[0] ?? '';
      const check = openLink.indexOf('if (!isOpenableLink(href)) {');
      const refuse = openLink.indexOf('return;', check);
      assert.ok(check >= 0 && refuse > check, 'openLink checks isOpenableLink and returns');
      assert.ok(openLink.indexOf('openExternal(') > refuse, 'openExternal comes after the check');
      assert.match(source, /case 'openLink':\s*await openLink\(msg\.href\);/);
      assert.equal(source.split('openExternal(').length, 2, 'openLink is the only caller of openExternal in the view');
    });
  });
});
