/**
 * Property test of the reply renderer in a real Chromium: replies built at random from markdown
 * and HTML fragments, hostile URL schemes, entities and Unicode, streamed in small deltas through
 * the panel's message path and then finished, never render to markup outside the allowlist, an
 * unsafe link, a `command:` URI, running code or a CSP violation.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TranscriptEntry } from '../../src/protocol';
import { strings } from './fixtures';
import { PanelHarness, type Panel } from './harness';
import { clearGuard, deliver, finished, foreignRequests, gateRequests, guardReport, installGuard, rendered, streamDeltas } from './hostilePage';

/** Replies rendered together, in one conversation, per property run. */
const BATCH = 100;
/** Property runs; BATCH × RUNS replies in all. */
const RUNS = 40;
/** Replay a failure with FUZZ_SEED=<seed printed by fast-check>. */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

const FRAGMENTS = [
  // Markup and its pieces.
  '<', '>', '</', '/>', '<svg', '<svg/onload=alert(1)>', '<math><mtext><table><mglyph><style>', '<img src=x', '<a href=',
  '<script>', '</script>', '<style>', '<iframe', '<base href=//evil.example>', '<!--', '-->', '<![CDATA[', ']]>',
  ' onload=', ' onerror=', 'onmouseover=', ' style=', 'url(', '=', '"', "'", 'alert(1)', '__pwned=1',
  // URLs and schemes.
  'javascript:', 'JaVaScRiPt:', 'java\tscript:', 'vbscript:', 'data:text/html,', 'command:workbench.action.reloadWindow',
  'file:///', 'vscode://', 'https://ok.example/', 'http:', 'https:', 'mailto:', '//', 'www.ok.com', '@', '.com', '%0a', '%00',
  // Markdown syntax.
  '](', '[', ']', '(', ')', '![', '<', '[r]: ', '[r]', ' "t"', "'t'", '`', '```', '~~~', '```js\n', '\\', '*', '**', '_', '~~',
  '# ', '- ', '* ', '1. ', '3) ', '> ', '|', '| a | b |\n|:-|-:|\n', '---', '===',
  // Entities.
  '&#106;', '&#x6A;', '&#58;', '&colon;', '&lt;', '&gt;', '&amp;', '&quot;', '&#0;', '&#x110000;', '&nbsp;',
  // White space and Unicode.
  ' ', '  ', '\t', '\n', '\n\n', '\r\n', '\u0000', '\u0001', '\u0085', '\u00a0', '\u200b', '\u200d', '\u202e', '\u2066',
  '\ufeff', '\ud800', '\udc00', '😀', '👩‍💻', 'é', 'e\u0301', 'ж', '中文', 'x', 'text',
];

const piece = fc.oneof(
  { arbitrary: fc.constantFrom(...FRAGMENTS), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 4 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 6 }), weight: 1 },
);
const reply = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));

describe('reply renderer fuzz (webview)', function () {
  const harness = new PanelHarness();
  let panel: Panel;
  let blocked: string[];
  let replyCount = 0;

  before(async () => {
    await harness.start();
    panel = await harness.open();
    blocked = await gateRequests(panel, harness.origin);
    await installGuard(panel.page);
  });

  after(async () => {
    await panel?.context.close();
    await harness.stop();
    console.log(`      ${replyCount} random replies rendered, each streamed and finished`);
  });

  /** Fails with what the guard saw, naming the entries (`f<index>`) whose rendering broke the rules. */
  async function assertClean(replies: readonly string[], phase: string): Promise<void> {
    const report = await guardReport(panel.page);
    const culprits = [...new Set(report.markup.map((m) => /in f(\d+):/.exec(m)?.[1]).filter((i) => i !== undefined))]
      .map((i) => JSON.stringify(replies[Number(i)]));
    assert.deepEqual(report.markup, [], `${phase}: markup outside the allowlist or unsafe links for ${culprits.join(', ')}`);
    assert.equal(report.pwned, undefined, `${phase}: code ran`);
    assert.deepEqual(report.cspViolations, [], `${phase}: CSP violations`);
    assert.equal(report.url, `${harness.origin}/panel.html`, `${phase}: the page navigated`);
    assert.deepEqual(blocked, [], `${phase}: requests, navigations or windows`);
    assert.deepEqual(foreignRequests(panel, harness.origin), [], `${phase}: requests besides the panel itself`);
    assert.deepEqual(panel.problems, [], `${phase}: console errors or page errors`);
  }

  it(`renders ${BATCH * RUNS} random replies within the allowlist, streamed and finished`, async function () {
    // 4,000 replies take one to two minutes on two cores shared with other work.
    this.timeout(300_000);
    const { page } = panel;
    await fc.assert(
      fc.asyncProperty(fc.array(reply, { minLength: BATCH, maxLength: BATCH }), async (replies) => {
        const ids = replies.map((_, i) => `f${i}`);
        const entries = ids.map((id): TranscriptEntry => ({ id, role: 'assistant', text: '', streaming: true }));
        await deliver(page, [{ type: 'init', state: { entries, busyRequestId: 'r', configProblem: null, strings } }]);
        await rendered(page);
        await clearGuard(panel, blocked);
        await streamDeltas(page, 'r', new Map(ids.map((id, i) => [id, replies[i]])), 4);
        await rendered(page);
        await assertClean(replies, 'streamed');
        await deliver(page, [...ids.map((id, i) => ({ type: 'update' as const, entry: finished(id, replies[i]) })), { type: 'busy', requestId: null }]);
        await rendered(page);
        await assertClean(replies, 'finished');
        replyCount += replies.length;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Anything a reply queued (a timer, an image error, a refresh) has had time to fire.
    await page.waitForTimeout(300);
    await assertClean([], 'afterwards');
  });
});
