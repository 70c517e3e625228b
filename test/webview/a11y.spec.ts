/**
 * An axe-core audit of the chat panel in a real Chromium under the production CSP, in VS Code's
 * default light, dark and high contrast themes, across the states a user meets: the empty panel,
 * a finished reply with code blocks, a reply streaming (Stop shown), an error with its actions,
 * "Jump to latest" offered, and the missing-project banner.
 *
 * axe is evaluated through the DevTools protocol (Playwright's `evaluate`), which the page's CSP
 * does not govern, so the audit needs no relaxation of the policy; `closeAndCheck` still asserts
 * that the page reported no CSP violation while axe ran.
 */
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';
import type { TranscriptEntry } from '../../src/protocol';
import { attachedTurn, failure, pendingChips, streaming, strings, userTurn } from './fixtures';
import { PanelHarness, closeAndCheck, post, waitForReady, type Panel } from './harness';
import { THEMES, type ThemeName } from './themes';

/** A reply that exercises what markdown can render: headings, lists, links, a table, code blocks. */
const RICH_REPLY = [
  '## Why it fails', '',
  'The handler reads `user.profile` before the session is checked, so an expired session throws.', '',
  '1. Guard the value first', '2. Return early — see [the docs](https://example.com/docs)', '',
  '> A quoted note about **sessions**.', '',
  '```ts',
  '// Returns the display name, or a fallback.',
  'export class Names extends Base {',
  '  static readonly pattern = /^[a-z]+$/i;',
  '  displayName(user?: User, retries = 3): string | null {',
  '    if (user === undefined) return null;',
  '    const fallback = `Anonymous ${retries}`;',
  '    return user?.profile.name ?? (Names.pattern.test(fallback) ? fallback : "none") && true;',
  '  }',
  '}',
  '```', '',
  '```html', '<!-- a page -->', '<a href="/docs" class="link">Docs</a>', '```', '',
  '```diff', '@@ -1,2 +1,2 @@', '- old line', '+ new line', '```', '',
  '```json', '{ "name": "pathors", "private": true, "count": 1.5, "tags": null }', '```', '',
  '| Case | Result |', '|:--|--:|', '| expired | `undefined` |', '', '```', 'npm test', '```', '',
  '```sh', 'npm run build', '```',
].join('\n');

interface State {
  readonly name: string;
  /** Brings a freshly opened panel into the state. */
  setUp(page: Page): Promise<void>;
}

async function init(page: Page, entries: TranscriptEntry[], busyRequestId: string | null = null, noProject = false): Promise<void> {
  await post(page, { type: 'init', state: { entries, busyRequestId, configProblem: noProject ? 'noProject' : null, strings } });
}

const STATES: readonly State[] = [
  { name: 'empty', setUp: (page) => init(page, []) },
  {
    name: 'finished reply with code',
    async setUp(page) {
      await init(page, [userTurn, { id: 'a1', role: 'assistant', text: RICH_REPLY, notice: 'The reply was cut off at its length limit.', incomplete: true }]);
      await page.getByRole('button', { name: 'Copy code' }).first().waitFor();
    },
  },
  {
    name: 'streaming (Stop shown)',
    async setUp(page) {
      await init(page, [{ id: 'u1', role: 'user', text: 'How do I show the name?' }], 'r1');
      await post(page, { type: 'append', entry: streaming('a1') });
      await post(page, { type: 'delta', requestId: 'r1', entryId: 'a1', text: 'Guard it first:\n\n```ts\nconst name = user?.profile' });
      await page.getByRole('button', { name: 'Stop' }).waitFor();
    },
  },
  {
    name: 'error with actions',
    async setUp(page) {
      await init(page, [userTurn, failure]);
      await page.locator('.message[data-role="error"]').getByRole('button', { name: 'Retry' }).waitFor();
    },
  },
  {
    name: 'Jump to latest shown',
    async setUp(page) {
      const many = Array.from({ length: 30 }, (_, i): TranscriptEntry => ({ id: `m${i}`, role: 'assistant', text: `Paragraph ${i}\n\n`.repeat(3) }));
      await init(page, many);
      await page.locator('#messages').evaluate((e) => e.scrollTo({ top: 0 }));
      await page.waitForFunction(() => !(document.querySelector('#jump-to-latest') as HTMLElement).hidden);
    },
  },
  {
    name: 'tool calls: an approval card waiting, and finished calls',
    async setUp(page) {
      const tool = (id: string, info: Omit<NonNullable<TranscriptEntry['tool']>, 'callId'>): TranscriptEntry => ({ id, role: 'tool', text: '', tool: { callId: id, ...info } });
      await init(page, [
        { id: 'u1', role: 'user', text: 'Run the tests' },
        tool('t1', { name: 'read_file', arguments: '{"path":"package.json"}', status: 'ok', readOnly: true, result: '{ "scripts": { "test": "mocha" } }' }),
        tool('t2', { name: 'run_command', arguments: '{"command":"npm i"}', status: 'denied', reason: 'use pnpm' }),
        tool('t3', { name: 'read_file', arguments: '{"path":"README.md"}', status: 'waiting', readOnly: true }),
      ], 'r1');
      await page.locator('.tool-result').first().evaluate((d) => ((d as HTMLDetailsElement).open = true));
      await page.getByRole('button', { name: 'Allow', exact: true }).waitFor();
    },
  },
  {
    name: 'attachments: chips, total and the # picker',
    async setUp(page) {
      await init(page, [attachedTurn]);
      await post(page, { type: 'attachments', chips: pendingChips, usedChars: 32_400, maxChars: 60_000 });
      await page.locator('#input').focus();
      await page.keyboard.type('Why #');
      await page.getByRole('listbox').waitFor();
    },
  },
  {
    name: 'attachments: picker from the button',
    async setUp(page) {
      await init(page, []);
      await post(page, { type: 'attachments', chips: pendingChips.slice(0, 1), usedChars: 12_400, maxChars: 60_000 });
      await page.getByRole('button', { name: 'Attach Context' }).click();
      await page.getByRole('listbox').waitFor();
      await page.keyboard.press('ArrowDown');
    },
  },
  {
    name: 'no project set',
    async setUp(page) {
      await init(page, [], null, true);
      await page.locator('#config-banner').getByText(strings.noProject).waitFor();
    },
  },
];

/**
 * Every rule axe runs by default (WCAG 2.x A and AA, and its best practices), but one:
 * `page-has-heading-one` asks a page for a level-one heading naming it. The panel is not a page but
 * one view of the VS Code window, in an iframe; VS Code names the view in the view's header, outside
 * the webview, and a hidden heading repeating that name inside would only be read twice.
 */
const AXE_OPTIONS: RunOptions = {
  resultTypes: ['violations', 'incomplete'],
  rules: { 'page-has-heading-one': { enabled: false } },
};

const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

interface Finding {
  readonly theme: ThemeName;
  readonly state: string;
  /** `violation`, or `review` for what axe could not decide (its "incomplete" results). */
  readonly kind: 'violation' | 'review';
  readonly rule: string;
  readonly impact: string;
  readonly nodes: number;
  readonly targets: string;
}

type AxeWindow = { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } };

describe('chat panel accessibility: axe-core audit (webview)', function () {
  const harness = new PanelHarness();
  const findings: Finding[] = [];
  let axeSource = '';
  let panel: Panel | undefined;

  before(async () => {
    axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    await harness.start();
  });

  after(async () => {
    await harness.stop();
    // A compact record of everything axe reported, minor and moderate included.
    const rows = findings.map((f) => `| ${f.theme} | ${f.state} | ${f.kind} | ${f.rule} | ${f.impact} | ${f.nodes} | ${f.targets} |`);
    console.log([
      '', '| theme | state | kind | rule | impact | nodes | first targets |', '|---|---|---|---|---|---|---|',
      ...(rows.length ? rows : ['| all | all | | (none) | | 0 | |']),
    ].join('\n'));
  });

  afterEach(async () => {
    if (panel) await closeAndCheck(panel, harness.origin);
    panel = undefined;
  });

  /** Runs axe on the page and records what it found. */
  async function audit(page: Page, theme: ThemeName, state: string): Promise<AxeResults> {
    await page.evaluate(axeSource);
    const results = await page.evaluate((options) => (window as unknown as AxeWindow).axe.run(document, options), AXE_OPTIONS);
    for (const [kind, list] of [['violation', results.violations], ['review', results.incomplete]] as const) {
      for (const v of list) {
        findings.push({
          theme, state, kind, rule: v.id, impact: v.impact ?? 'unknown', nodes: v.nodes.length,
          targets: v.nodes.slice(0, 3).map((n) => n.target.join(' > ')).join(', '),
        });
      }
    }
    return results;
  }

  for (const theme of Object.keys(THEMES) as ThemeName[]) {
    for (const state of STATES) {
      it(`${theme}: ${state.name}`, async () => {
        panel = await harness.open(theme);
        await state.setUp(panel.page);
        const results = await audit(panel.page, theme, state.name);
        const blocking = results.violations.filter((v) => v.impact && BLOCKING.includes(v.impact));
        assert.deepEqual(
          blocking.map((v) => ({ rule: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' > ')}: ${n.failureSummary ?? ''}`) })),
          [],
        );
      });
    }
  }

  it('puts a code block or table that scrolls sideways in the tab order, and only while it does', async () => {
    panel = await harness.open();
    const { page } = panel;
    // Cells break anywhere, so only many columns make a table wider than the view.
    const row = (cell: string): string => `|${` ${cell} |`.repeat(40)}`;
    const table = [row('head'), row('--'), row('1')].join('\n');
    await init(page, [{ id: 'a1', role: 'assistant', text: `\`\`\`ts\n${'const y = 1; '.repeat(20)}\n\`\`\`\n\n\`\`\`ts\nshort\n\`\`\`\n\n${table}` }]);
    const tabIndexes = (): Promise<(string | null)[]> => page.locator('.markdown pre, .markdown table').evaluateAll((els) => els.map((e) => e.getAttribute('tabindex')));
    assert.deepEqual(await tabIndexes(), ['0', null, '0']);
    await page.locator('.markdown pre').first().focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => (document.querySelector('.markdown pre') as HTMLElement).scrollLeft > 0);
    // Wide enough for everything: no box scrolls, none is a tab stop.
    await page.setViewportSize({ width: 2400, height: 720 });
    await page.waitForFunction(() => document.querySelectorAll('.markdown [tabindex]').length === 0);
  });

  it('watches the list for width changes, not every code block and table', async () => {
    panel = await harness.open();
    const { page } = panel;
    // Counted from before the panel starts: the page is loaded again with the count in place.
    await panel.context.addInitScript(`{
      window.__observed = 0;
      const observe = ResizeObserver.prototype.observe;
      ResizeObserver.prototype.observe = function (...args) { window.__observed++; return observe.apply(this, args); };
    }`);
    await page.reload();
    await waitForReady(page);
    const blocks = Array.from({ length: 60 }, (_, i) => `\`\`\`ts\n${'const wide = 1; '.repeat(i % 2 ? 20 : 1)}\n\`\`\`\n\n| a | b |\n|---|---|\n| ${i} | x |`);
    await init(page, [{ id: 'a1', role: 'assistant', text: blocks.join('\n\n') }]);
    assert.equal(await page.locator('.markdown pre[tabindex="0"]').count(), 30, 'the wide blocks are tab stops');
    assert.ok(Number(await page.evaluate('window.__observed')) <= 4, `${await page.evaluate('window.__observed')} boxes observed`);
  });
});
