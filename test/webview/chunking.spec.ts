/**
 * Long replies in chunks, in a real Chromium: a reply's blocks are grouped in `div.md-chunk`s the
 * same way whether it streamed in or was rendered at once, the panel keeps following a long
 * streaming reply and draws what is in view, and full chunks far from the view are skipped.
 */
import * as assert from 'node:assert/strict';
import { CHUNK_BLOCKS } from '../../webview/chunks';
import { streaming } from './fixtures';
import { post } from './harness';
import { PanelSuite } from './panelSuite';
import { streamDeltas } from './hostilePage';

const suite = new PanelSuite();
const { init, message } = suite;


/** A reply of `sections` sections: a heading, prose, lists, a short code block and a table. Nothing in it scrolls sideways. */
function longReply(sections: number): string {
  const parts: string[] = [];
  for (let i = 1; i <= sections; i++) {
    parts.push(`## Part ${i}`, `Some prose for part ${i}, with **bold**, \`code\` and [a link](https://example.com/${i}).`);
    parts.push('- one\n- two\n  - nested\n- three');
    parts.push(i % 2 ? '```ts\nconst x = 1;\nconst y = x + 1;\n```' : '```\nplain code\n```');
    if (i % 3 === 0) parts.push('| a | b |\n|:--|--:|\n| 1 | 2 |');
    parts.push(`1. first\n2. second, part ${i}`);
  }
  return parts.join('\n\n');
}

/** The top-level blocks `longReply(sections)` renders to. */
function blockCount(sections: number): number {
  return sections * 5 + Math.floor(sections / 3);
}

/** The reply body's chunks: how many blocks each holds, and whether anything else is in the body. */
async function chunkShape(id: string): Promise<{ sizes: number[]; other: string[] }> {
  return message(id).locator('.markdown').evaluate((body) => ({
    sizes: Array.from(body.children).filter((c) => c.matches('div.md-chunk')).map((c) => c.childElementCount),
    other: Array.from(body.children).filter((c) => !c.matches('div.md-chunk') || c.attributes.length !== 1).map((c) => c.outerHTML.slice(0, 80)),
  }));
}

/** The reply body's markup; the tab stops a box gets while it scrolls sideways depend on layout, not on rendering. */
async function markup(id: string): Promise<string> {
  return (await message(id).locator('.markdown').innerHTML()).replace(/ tabindex="0"/g, '');
}


describe('long replies in chunks (webview)', function () {
  suite.use();

  it('groups a streamed reply into chunks exactly as the same reply rendered at once', async () => {
    const sections = 80;
    const text = longReply(sections);
    const blocks = blockCount(sections);
    await init([], 'r1');
    await post(suite.panel.page, { type: 'append', entry: streaming('a1') });
    await streamDeltas(suite.panel.page, 'r1', new Map([['a1', text]]), 60);

    // While it streams, its last block is already in the chunk it will settle in.
    const live = await chunkShape('a1');
    assert.deepEqual(live.other, []);
    assert.equal(live.sizes.reduce((a, b) => a + b, 0), blocks);

    await post(suite.panel.page, { type: 'update', entry: { id: 'a1', role: 'assistant', text } }, { type: 'busy', requestId: null });
    await post(suite.panel.page, { type: 'append', entry: { id: 'a2', role: 'assistant', text } });
    const expected = Array.from({ length: Math.ceil(blocks / CHUNK_BLOCKS) }, (_, i) => Math.min(CHUNK_BLOCKS, blocks - i * CHUNK_BLOCKS));
    assert.ok(expected.length >= 3, 'the reply is long enough to need several chunks');
    for (const id of ['a1', 'a2']) assert.deepEqual(await chunkShape(id), { sizes: expected, other: [] }, id);
    assert.equal(await markup('a1'), await markup('a2'));
    // The last block ends the reply without a gap under it, and the first starts it without one above.
    const margins = await message('a2').locator('.markdown').evaluate((body) => {
      const all = body.querySelectorAll(':scope > .md-chunk > *');
      return [getComputedStyle(all[0]).marginTop, getComputedStyle(all[all.length - 1]).marginBottom];
    });
    assert.deepEqual(margins, ['0px', '0px']);
  });

  it('grows a long streaming table and an open code fence at their end, and ends with the one-shot markup', async function () {
    // About eighty redraws of a long reply: ten seconds or more on two busy cores.
    this.timeout(60_000);
    const { page } = suite.panel;
    type Marked = Element & { marked?: boolean };
    const rows = Array.from({ length: 600 }, (_, i) => `| row ${i} | **${i * 2}** | [link](https://example.com/${i}) |`);
    const table = ['| name | value | link |', '|:--|--:|---|', ...rows].join('\n');
    const code = Array.from({ length: 400 }, (_, i) => `const line${i} = ${i}; // ${'x'.repeat(i % 7)}`).join('\n');
    const text = `Intro.\n\n${table}\n\nBetween.\n\n\`\`\`ts\n${code}\n\`\`\`\n\nEnd.`;
    await init([], 'r1');
    await post(page, { type: 'append', entry: streaming('a1') });
    const send = (piece: string) => post(page, { type: 'delta', requestId: 'r1', entryId: 'a1', text: piece });
    const at = (marker: string) => text.indexOf(marker);
    await send(text.slice(0, at('| row 10 |')));
    // The first rows and the table itself stay the same elements while later rows arrive.
    const firstRow = message('a1').locator('tbody > tr').first();
    await firstRow.evaluate((el) => ((el as Marked).marked = true));
    for (let i = at('| row 10 |'); i < at('| row 599 |'); i += 997) await send(text.slice(i, Math.min(i + 997, at('| row 599 |'))));
    assert.equal(await firstRow.evaluate((el) => (el as Marked).marked), true, 'the table was drawn again whole');
    assert.equal(await message('a1').locator('tbody > tr').count(), 599);
    assert.equal(await message('a1').locator('tbody > tr').last().innerText(), 'row 598\t1196\tlink');
    await send(text.slice(at('| row 599 |'), at('const line5 ')));
    // An open fence keeps its code element and gets the new lines as text.
    const open = message('a1').locator('pre > code.language-ts');
    await open.evaluate((el) => ((el as Marked).marked = true));
    for (let i = at('const line5 '); i < at('\n```\n\nEnd'); i += 333) await send(text.slice(i, Math.min(i + 333, at('\n```\n\nEnd'))));
    assert.equal(await open.evaluate((el) => (el as Marked).marked), true, 'the code block was drawn again whole');
    assert.equal(await open.textContent(), code.slice(0, code.lastIndexOf('\n') + 1) + code.slice(code.lastIndexOf('\n') + 1));
    assert.equal(await open.locator('span').count(), 0, 'not highlighted while open');
    await send(text.slice(at('\n```\n\nEnd')));
    await post(page, { type: 'update', entry: { id: 'a1', role: 'assistant', text } }, { type: 'busy', requestId: null });
    await post(page, { type: 'append', entry: { id: 'a2', role: 'assistant', text } });
    assert.equal(await markup('a1'), await markup('a2'));
  });

  it('keeps following a long streaming reply, drawing the chunks in view and skipping those far above', async () => {
    const { page } = suite.panel;
    const text = longReply(120);
    await init([], 'r1');
    await post(page, { type: 'append', entry: streaming('a1') });
    // Large steps: a dozen blocks and more arrive in some frames.
    await streamDeltas(page, 'r1', new Map([['a1', text]]), 30);

    // tsx names nested functions with an `__name` helper that the page does not have.
    await page.evaluate('globalThis.__name ??= (f) => f');
    const state = await page.evaluate(() => {
      const log = document.querySelector('#messages') as HTMLElement;
      const view = log.getBoundingClientRect();
      const chunks = Array.from(document.querySelectorAll('.markdown > .md-chunk'));
      const drawn = (c: Element): boolean => (c.firstElementChild as Element).checkVisibility({ contentVisibilityAuto: true });
      const inView = chunks.filter((c) => {
        const r = c.getBoundingClientRect();
        return r.bottom > view.top && r.top < view.bottom;
      });
      return {
        gap: log.scrollHeight - log.scrollTop - log.clientHeight,
        jumpHidden: (document.querySelector('#jump-to-latest') as HTMLElement).hidden,
        inView: inView.length,
        inViewDrawn: inView.every(drawn),
        chunks: chunks.length,
        skipped: chunks.filter((c) => !drawn(c)).length,
      };
    });
    assert.ok(state.gap <= 1, `stopped following, ${state.gap}px from the end`);
    assert.equal(state.jumpHidden, true);
    assert.ok(state.inView > 0);
    assert.equal(state.inViewDrawn, true, 'a chunk in view is not drawn');
    assert.ok(state.skipped >= state.chunks - 3, `${state.skipped} of ${state.chunks} chunks skipped`);
    assert.equal((await message('a1').locator('.markdown').textContent())?.includes('second, part 120'), true);
  });
});
