/**
 * The host and the panel find the same code blocks in a reply: block N that a toolbar button names
 * is block N of the host's `codeBlocks` (src/core/markdown.ts), with the same code and language.
 * Checked in Chromium over the hostile corpus and random code-heavy replies, both rendered whole
 * and streamed in small deltas, since the host takes the code it inserts from that index alone.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import type { HostToWebview, TranscriptEntry } from '../../src/protocol';
import { codeBlocks, type CodeBlock } from '../../src/core/markdown';
import { strings } from './fixtures';
import { PanelHarness, type Panel } from './harness';
import { hostileReplies } from './hostileReplies';
import { deliver, finished, rendered, streamDeltas } from './hostilePage';

/** Replay a failure with FUZZ_SEED=<seed>. */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261203;
const RANDOM_REPLIES = 600;
const BATCH = 50;

/** Pieces that make and break code blocks: fences, indentation, containers, reference definitions. */
const PIECES = [
  '```', '~~~', '````', '```ts', '```js" x', '```c++ {1}', '``` py', '~~~sh', '```\\`x', '```&lt;b&gt;', '```a&amp;b',
  '\n', '\n\n', '\r\n', '\r', '\t', '    ', '  ', '   ', ' ',
  '- ', '* ', '1. ', '> ', '>', '# ', '| a |\n|-|\n', '---', '<pre>', '</pre>', '<code>',
  '[r]: https://ok.example', '[r]: ftp://x.example', '[r]: javascript:x', '[r]: <>', '[r]:', '[r]',
  'code();', 'x = 1', '`', '``', 'text', '中文', '😀', '\u0000', '\u00a0', '\\',
];
const reply = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 30 }).map((p) => p.join(''));

/** Hand-made cases where a second parser would most likely disagree. */
const EDGE_CASES = [
  'Before\n\n```ts\nlet a = 1;\n```\n\n    indented\n\nAfter\n\n~~~\ntilde\n~~~',
  '- item\n\n  ```py\n  nested()\n  ```\n\n> ```\n> quoted\n> ```',
  // A reference definition the panel refuses is a paragraph, so the indented line after it is not code.
  '[r]: ftp://files.example/x\n    not code',
  '[r]: https://ok.example\n    code after a definition',
  '```\nunclosed fence to the end',
  '````\n```\ninner fence\n```\n````',
  '```js foo bar\nlang is the first word\n```',
  '```&#x61;bc\nentity in the info string\n```',
  'crlf\r\n\r\n```\r\nline1\r\nline2\r\n```\r\n',
  '\t\ttabbed code\n\nthen text',
];

/** Each reply's code blocks as the panel shows them: the code of every `<pre>` and its language label. */
async function panelBlocks(page: Page, ids: readonly string[]): Promise<CodeBlock[][]> {
  return page.evaluate((entryIds) => entryIds.map((id) => {
    const body = document.querySelector(`#messages .message[data-id="${id}"] .message-body`);
    return Array.from(body?.querySelectorAll('pre') ?? []).map((pre) => ({
      code: (pre.querySelector('code')?.textContent ?? '').replace(/\n$/, ''),
      language: pre.parentElement?.querySelector(':scope > .code-block-header .code-block-language')?.textContent ?? '',
    }));
  }), ids);
}

describe('code block numbering (webview and host agree)', function () {
  this.timeout(180_000);
  const harness = new PanelHarness();
  let panel: Panel;
  let compared = 0;

  before(async () => {
    await harness.start();
    panel = await harness.open();
  });
  after(async () => {
    await panel?.context.close();
    await harness.stop();
    console.log(`      ${compared} replies compared block by block`);
  });

  /** Renders `texts` whole (`append`) or streamed then finished, and compares every reply's blocks. */
  async function check(texts: readonly string[], how: 'whole' | 'streamed'): Promise<void> {
    const { page } = panel;
    const ids = texts.map((_, i) => `c${i}`);
    if (how === 'whole') {
      const messages: HostToWebview[] = [{ type: 'init', state: { entries: [], busyRequestId: null, configProblem: null, strings } }];
      for (const [i, id] of ids.entries()) messages.push({ type: 'append', entry: finished(id, texts[i]) });
      await deliver(page, messages);
    } else {
      const entries = ids.map((id): TranscriptEntry => ({ id, role: 'assistant', text: '', streaming: true }));
      await deliver(page, [{ type: 'init', state: { entries, busyRequestId: 'r', configProblem: null, strings } }]);
      await rendered(page);
      await streamDeltas(page, 'r', new Map(ids.map((id, i) => [id, texts[i]])), 6);
      await deliver(page, [...ids.map((id, i) => ({ type: 'update' as const, entry: finished(id, texts[i]) })), { type: 'busy', requestId: null }]);
    }
    await rendered(page);
    const shown = await panelBlocks(page, ids);
    for (const [i, text] of texts.entries()) {
      assert.deepEqual(shown[i], codeBlocks(text), `${how}: the blocks differ for ${JSON.stringify(text.slice(0, 300))}`);
    }
    assert.deepEqual(panel.problems, []);
    compared += texts.length;
  }

  it('finds the same blocks in hand-made edge cases', async () => {
    assert.ok(codeBlocks(EDGE_CASES[0]).length === 3 && codeBlocks(EDGE_CASES[2]).length === 0, 'the edge cases test nothing');
    await check(EDGE_CASES, 'whole');
    await check(EDGE_CASES, 'streamed');
  });

  it('finds the same blocks in every reply of the hostile corpus, whole, and streamed up to 10 KB', async () => {
    const texts = hostileReplies.map((r) => r.text);
    for (let i = 0; i < texts.length; i += 10) await check(texts.slice(i, i + 10), 'whole');
    // The 100 KB replies are streamed by the security suite; here they would only cost minutes.
    const small = texts.filter((t) => t.length <= 10_000);
    for (let i = 0; i < small.length; i += 10) await check(small.slice(i, i + 10), 'streamed');
  });

  it(`finds the same blocks in ${RANDOM_REPLIES} random code-heavy replies, whole and streamed`, async () => {
    const texts = fc.sample(reply, { numRuns: RANDOM_REPLIES, seed: SEED });
    assert.ok(texts.filter((t) => codeBlocks(t).length > 0).length > RANDOM_REPLIES / 4, 'too few random replies have code blocks');
    for (let i = 0; i < texts.length; i += BATCH) {
      await check(texts.slice(i, i + BATCH), 'whole');
      await check(texts.slice(i, i + BATCH), 'streamed');
    }
  });
});
