/**
 * What the panel's live regions give a screen reader, in a real Chromium: a streamed reply in
 * sentences and blocks (not per delta), as plain text with code blocks summarized, errors
 * assertively, and nothing for a restored transcript.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { failure, reply, streaming, userTurn } from './fixtures';
import { post } from './harness';
import { PanelSuite } from './panelSuite';
import { CHUNK_BLOCKS } from '../../webview/chunks';

const suite = new PanelSuite();
const { init } = suite;

type Recorder = { __announced: { polite: string[]; assertive: string[] } };

/** Records each node added to either live region (each one is one announcement). */
async function record(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log = { polite: [] as string[], assertive: [] as string[] };
    (window as unknown as Recorder).__announced = log;
    for (const kind of ['polite', 'assertive'] as const) {
      const region = document.getElementById(`announce-${kind}`);
      if (!region) throw new Error(`no ${kind} region`);
      new MutationObserver((records) => {
        for (const r of records) for (const node of Array.from(r.addedNodes)) log[kind].push(node.textContent ?? '');
      }).observe(region, { childList: true, characterData: true, subtree: true });
    }
  });
}

async function announced(page: Page): Promise<{ polite: string[]; assertive: string[] }> {
  return page.evaluate(() => (window as unknown as Recorder).__announced);
}

/** Streams `text` into reply `id` in pieces of `size` characters, each drawn in a frame of its own. */
async function stream(id: string, text: string, size: number): Promise<number> {
  let deltas = 0;
  for (let i = 0; i < text.length; i += size, deltas++) {
    await post(suite.panel.page, { type: 'delta', requestId: 'r1', entryId: id, text: text.slice(i, i + size) });
  }
  return deltas;
}

describe('chat panel live announcements (webview)', function () {
  suite.use((panel) => record(panel.page));

  it('keeps the transcript itself from reading out changes', async () => {
    const { page } = suite.panel;
    await init([]);
    assert.equal(await page.locator('#messages').getAttribute('role'), 'log');
    assert.equal(await page.locator('#messages').getAttribute('aria-live'), 'off');
    assert.equal(await page.getByRole('status').getAttribute('aria-live'), 'polite');
    assert.equal(await page.locator('#announce-assertive').getAttribute('aria-live'), 'assertive');
    // Both regions are there from the start (a region added with its text is often not read) and unseen.
    assert.deepEqual(await page.locator('#announce-polite, #announce-assertive').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width <= 1)), [true, true]);
  });

  it('announces a streamed reply sentence by sentence, as plain text, not per delta', async () => {
    const { page } = suite.panel;
    const text = [
      'The **first** sentence names `x`. Is the second one a question? Yes! 第四句是中文。',
      'The fifth one ends the paragraph with a [link](https://example.com/docs).',
      '',
      '- one item',
      '- another item',
      '',
      'Run this:',
      '',
      '```sh',
      'npm test',
      'npm run lint',
      '```',
      '',
      'And the last paragraph has no full stop',
    ].join('\n');
    await init([{ id: 'u1', role: 'user', text: 'Why?' }], 'r1');
    await post(page, { type: 'append', entry: streaming('a1') });
    const deltas = await stream('a1', text, 3);
    const streamed = (await announced(page)).polite;
    await post(page, { type: 'update', entry: { id: 'a1', role: 'assistant', text } }, { type: 'busy', requestId: null });
    const { polite, assertive } = await announced(page);

    assert.deepEqual(polite, [
      'The first sentence names x.',
      'Is the second one a question?',
      'Yes!',
      '第四句是中文。',
      // A soft line break ends a line, and so an announcement.
      'The fifth one ends the paragraph with a link.',
      'one item',
      'another item',
      'Run this:',
      'Code block, 2 lines',
      'And the last paragraph has no full stop',
    ]);
    // Only what was complete was announced while the reply streamed; the rest when it ended.
    assert.deepEqual(streamed, polite.slice(0, -1));
    assert.ok(polite.length * 5 < deltas, `${deltas} deltas, ${polite.length} announcements`);
    assert.deepEqual(assertive, []);
  });

  it('announces what a frame completes at once, and the rest with the notice when the reply ends', async () => {
    const { page } = suite.panel;
    await init([], 'r1');
    await post(page, { type: 'append', entry: streaming('a1') });
    // Three sentences and the start of a fourth arrive together (a fast stream's frame).
    await post(page, { type: 'delta', requestId: 'r1', entryId: 'a1', text: 'One. Two. Three. Fo' });
    assert.deepEqual((await announced(page)).polite, ['One. Two. Three.']);
    // The last delta and the end of the reply in the same frame: the reply is drawn anew at once.
    const final = 'One. Two. Three. Four';
    await post(
      page,
      { type: 'delta', requestId: 'r1', entryId: 'a1', text: 'ur' },
      { type: 'update', entry: { id: 'a1', role: 'assistant', text: final, incomplete: true, notice: 'Stopped.' } },
    );
    assert.deepEqual((await announced(page)).polite, ['One. Two. Three.', 'Four Stopped.']);
  });

  it('announces every block of a reply longer than a chunk, once and in order', async () => {
    const { page } = suite.panel;
    await init([], 'r1');
    await post(page, { type: 'append', entry: streaming('a1') });
    const paragraphs = Array.from({ length: CHUNK_BLOCKS * 2 + 10 }, (_, i) => `Paragraph ${i + 1}.`);
    const text = paragraphs.join('\n\n');
    await stream('a1', text, 500);
    await post(page, { type: 'update', entry: { id: 'a1', role: 'assistant', text } });
    assert.equal(await page.locator('#messages .md-chunk').count(), 3, 'the reply spans three chunks');
    assert.deepEqual((await announced(page)).polite.join(' ').match(/Paragraph \d+\./g), paragraphs);
  });

  it('announces an error assertively, once', async () => {
    const { page } = suite.panel;
    await init([userTurn], 'r1');
    await post(page, { type: 'append', entry: streaming('a1') }, { type: 'remove', entryId: 'a1' });
    await post(page, { type: 'append', entry: { ...failure, id: 'e2' } }, { type: 'busy', requestId: null });
    assert.deepEqual(await announced(page), { polite: [], assertive: [`Error: ${failure.text}`] });
    assert.equal(await page.locator('#announce-assertive').textContent(), `Error: ${failure.text}`);

    // The next error replaces it; the message is taken literally (no `$&` substitution).
    const text = 'Pathors answered with HTTP 402 ($& left).';
    await post(page, { type: 'append', entry: { id: 'e3', role: 'error', text, actions: ['retry'] } });
    assert.deepEqual(await announced(page), { polite: [], assertive: [`Error: ${failure.text}`, `Error: ${text}`] });
    assert.equal(await page.locator('#announce-assertive').textContent(), `Error: ${text}`);
  });

  it('announces nothing for a restored transcript, and only new text of a reply still streaming', async () => {
    const { page } = suite.panel;
    await init([userTurn, reply, failure, { id: 'u2', role: 'user', text: 'More?' }, streaming('a2', 'Restored sentence. Restored too')], 'r1');
    assert.deepEqual(await announced(page), { polite: [], assertive: [] });
    await stream('a2', '. New sentence. And', 4);
    assert.deepEqual(await announced(page), { polite: ['Restored too.', 'New sentence.'], assertive: [] });

    // A second restore (a new chat, a reload) clears the regions without a word.
    await init([userTurn, failure]);
    assert.deepEqual(await announced(page), { polite: ['Restored too.', 'New sentence.'], assertive: [] });
    assert.equal(await page.locator('#announce-polite, #announce-assertive').evaluateAll((els) => els.map((e) => e.textContent).join('')), '');
  });
});
