/**
 * Tool calls in the real panel (Chromium, production CSP): the approval card's states, what it
 * posts, keyboard use, what is announced, and results shown as text, never as markup.
 */
import * as assert from 'node:assert/strict';
import type { ToolCallInfo, TranscriptEntry } from '../../src/protocol';
import { strings } from './fixtures';
import { post, settle, violations } from './harness';
import { PanelSuite } from './panelSuite';

const suite = new PanelSuite();
const { init, sent, message } = suite;

const question: TranscriptEntry = { id: 'u1', role: 'user', text: 'What does package.json say?' };
const call = (id: string, tool: Partial<ToolCallInfo> & Pick<ToolCallInfo, 'name' | 'status'>): TranscriptEntry => ({
  id,
  role: 'tool',
  text: '',
  tool: { callId: `call_${id}`, arguments: '{"path":"package.json"}', ...tool },
});

describe('chat panel: tool calls and approval cards (webview)', function () {
  suite.use();

  it('says in plain words what a waiting call will do, offers Allow and Deny by those names, and posts Allow', async () => {
    await init([question, call('t1', { name: 'read_file', status: 'waiting', readOnly: false })], 'r1');
    const card = message('t1');
    assert.equal(await card.locator('.tool-title').textContent(), 'Pathors wants to read the file package.json.');
    assert.equal(await card.locator('.tool-value').textContent(), 'package.json');
    assert.equal(await card.locator('.tool-status').textContent(), strings.toolWaiting);
    assert.equal(await card.locator('.approval').getAttribute('aria-labelledby'), await card.locator('.tool-title').getAttribute('id'));
    assert.equal(await card.getByRole('button', { name: 'Allow for this conversation' }).count(), 0, 'only read-only calls offer it');
    await card.getByRole('button', { name: 'Allow', exact: true }).click();
    await settle(suite.page);
    assert.deepEqual(await sent(), [{ type: 'approval', entryId: 't1', decision: 'allow', reason: '', command: '' }]);
    // One answer per card: the buttons are disabled until the host says how it went.
    await card.getByRole('button', { name: 'Deny', exact: true }).click({ force: true });
    await settle(suite.page);
    assert.equal((await sent()).length, 1);
  });

  it('Deny carries the typed reason, by keyboard alone: Tab to the field, type, Enter', async () => {
    await init([question, call('t1', { name: 'run_command', status: 'waiting', readOnly: false, arguments: '{"command":"npm test","cwd":"web"}' })], 'r1');
    const card = message('t1');
    assert.equal(await card.locator('.tool-title').textContent(), 'Pathors wants to run a command in a terminal, in web.');
    assert.equal(await card.getByLabel(strings.commandLabel).inputValue(), 'npm test');
    await card.getByRole('button', { name: 'Allow', exact: true }).focus();
    await suite.page.keyboard.press('Tab');
    assert.equal(await suite.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent), strings.denyReason);
    await suite.page.keyboard.type('not on this branch');
    await suite.page.keyboard.press('Enter');
    await settle(suite.page);
    assert.deepEqual(await sent(), [{ type: 'approval', entryId: 't1', decision: 'deny', reason: 'not on this branch', command: '' }]);
  });

  it('runs the command as edited in the card: Allow carries the new command line', async () => {
    await init([question, call('t1', { name: 'run_command', status: 'waiting', arguments: '{"command":"npm test"}' })], 'r1');
    const field = message('t1').getByLabel(strings.commandLabel);
    await field.fill('npm test -- --grep tools');
    await message('t1').getByRole('button', { name: 'Allow', exact: true }).click();
    await settle(suite.page);
    assert.deepEqual(await sent(), [{ type: 'approval', entryId: 't1', decision: 'allow', reason: '', command: 'npm test -- --grep tools' }]);
    assert.equal(await field.getAttribute('readonly'), '', 'the answered command can no longer change');
  });

  it('Space on a focused Deny denies without a reason, and focus stays on the card after it redraws', async () => {
    await init([question, call('t1', { name: 'run_command', status: 'waiting', arguments: '{"command":"ls"}' })], 'r1');
    const card = message('t1');
    await card.getByRole('button', { name: 'Deny', exact: true }).focus();
    await suite.page.keyboard.press('Space');
    await settle(suite.page);
    assert.deepEqual(await sent(), [{ type: 'approval', entryId: 't1', decision: 'deny', reason: '', command: '' }]);
    await post(suite.page, { type: 'update', entry: call('t1', { name: 'run_command', status: 'denied', arguments: '{"command":"ls"}', result: 'The user denied this call; it did not run.' }) });
    await settle(suite.page);
    assert.equal(await card.locator('.tool-status').textContent(), strings.toolDenied);
    assert.equal(await card.getByRole('button').count(), 0, 'an answered card has no buttons');
    assert.equal(await suite.page.evaluate(() => document.activeElement?.classList.contains('tool-card')), true);
  });

  it('offers "Allow for this conversation" for a read-only call that asks, and posts it', async () => {
    await init([question, call('t1', { name: 'read_file', status: 'waiting', readOnly: true })], 'r1');
    await message('t1').getByRole('button', { name: 'Allow for this conversation' }).click();
    await settle(suite.page);
    assert.deepEqual(await sent(), [{ type: 'approval', entryId: 't1', decision: 'allowConversation', reason: '', command: '' }]);
  });

  it('a deny-listed file asks with its reason, offers only Allow and Deny (this one file), and posts Deny', async () => {
    const why = '.env matches the deny list (**/.env*), which keeps secrets from the agent.';
    await init([question, call('t1', { name: 'read_file', status: 'waiting', readOnly: true, arguments: '{"path":".env"}', why })], 'r1');
    const card = message('t1');
    assert.equal(await card.locator('.tool-why').textContent(), why);
    assert.equal(await card.locator('.approval').getAttribute('aria-describedby'), await card.locator('.tool-why').getAttribute('id'));
    assert.equal(await card.getByRole('button', { name: 'Allow for this conversation' }).count(), 0, 'the secret is allowed once, not for the conversation');
    assert.equal(await card.getByRole('button', { name: 'Allow', exact: true }).count(), 1);
    assert.deepEqual(await violations(suite.page), []);
    await card.getByRole('button', { name: 'Deny', exact: true }).click();
    await settle(suite.page);
    assert.deepEqual(await sent(), [{ type: 'approval', entryId: 't1', decision: 'deny', reason: '', command: '' }]);
  });

  it('shows each state in words: running, done, failed, denied with its reason, stopped, not run, and an edit under review', async () => {
    await init([
      question,
      call('a', { name: 'read_file', status: 'running' }),
      call('b', { name: 'read_file', status: 'ok', result: '{ "name": "pathors-chat" }' }),
      call('c', { name: 'read_file', status: 'error', result: 'Error: no such file' }),
      call('d', { name: 'run_command', status: 'denied', reason: 'use pnpm', arguments: '{"command":"npm i"}' }),
      call('e', { name: 'search_text', status: 'stopped', arguments: '{"query":"TODO"}' }),
      call('f', { name: 'get_diagnostics', status: 'notRun', arguments: '{}' }),
      call('g', { name: 'propose_edit', status: 'running', arguments: '{"path":"README.md","new_text":"x"}' }),
    ]);
    const status = (id: string) => message(id).locator('.tool-status').textContent();
    assert.equal(await status('a'), strings.toolRunning);
    assert.equal(await status('b'), strings.toolOk);
    assert.equal(await status('c'), strings.toolError);
    assert.equal(await status('d'), strings.toolDenied);
    assert.equal(await message('d').locator('.tool-reason').textContent(), 'Your reason: use pnpm');
    assert.equal(await status('e'), strings.toolStopped);
    assert.equal(await message('e').locator('.tool-title').textContent(), 'Pathors wants to search the workspace for TODO.');
    assert.equal(await status('f'), strings.toolNotRun);
    assert.equal(await message('f').locator('.tool-title').textContent(), strings.toolDiagnosticsAll);
    assert.equal(await status('g'), strings.toolReviewing);
    assert.equal(await suite.page.locator('.approval').count(), 0, 'no card asks when nothing waits');
  });

  it('shows arguments and results as text: markup in them is never rendered', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';
    await init([question, call('t1', { name: '<b>evil</b>', status: 'ok', arguments: `{"x":"${hostile.replace(/"/g, '\\"')}"}`, result: hostile })]);
    const card = message('t1');
    await card.locator('.tool-result summary').click();
    assert.equal(await card.locator('.tool-result code').textContent(), hostile);
    assert.equal(await card.locator('.tool-value').textContent(), '<b>evil</b>');
    assert.equal(await card.locator('img, script, b').count(), 0);
    assert.equal(await suite.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(await violations(suite.page), []);
  });

  it('announces a call that waits at once, and how it ended politely; a restored card says nothing', async () => {
    await init([question], 'r1');
    await post(suite.page, { type: 'append', entry: call('t1', { name: 'read_file', status: 'running' }) });
    await post(suite.page, { type: 'update', entry: call('t1', { name: 'read_file', status: 'waiting' }) });
    await settle(suite.page);
    assert.equal(await suite.page.locator('#announce-assertive').textContent(), 'Approval needed. Pathors wants to read the file package.json.');
    await post(suite.page, { type: 'update', entry: call('t1', { name: 'read_file', status: 'ok', result: 'x' }) });
    await settle(suite.page);
    assert.match((await suite.page.locator('#announce-polite').textContent()) ?? '', /Pathors wants to read the file package\.json\. Done\.$/);

    await init([question, call('t2', { name: 'read_file', status: 'waiting' })], 'r1');
    await settle(suite.page);
    assert.equal(await suite.page.locator('#announce-assertive').textContent(), '');
  });
});
