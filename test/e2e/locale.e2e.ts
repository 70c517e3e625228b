// End-to-end: the packaged extension in code-server whose display language is Traditional
// Chinese (zh-TW). Command titles, the view, the panel, replies, approval cards and errors must all be in the
// translations the package ships, as a user in Taiwan sees them.
//
//   npm run package && npx mocha --import=tsx --timeout 120000 test/e2e/locale.e2e.ts
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { activityBarItem, fillInputBox, quickOpen, readNotifications, runCommand } from '../harness/browser';
import { UI_TIMEOUT, useE2eRun } from './setup';

const API_KEY = 'sk_e2e_zh_tw_key';
/** Any CJK ideograph: a translated string has some, an English fallback none. */
const HAN = /\p{Script=Han}/u;

type Strings = Readonly<Record<string, string>>;

function readJson(file: string): Strings {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Strings;
}

describe('Pathors Chat in Traditional Chinese (display language zh-TW)', function () {
  const run = useE2eRun({ tag: 'zh-tw', apiKey: API_KEY, locale: { id: 'zh-tw', name: '中文(繁體)' }, files: { 'broken.json': '{ "a": 1,, }\n' } });
  const chat = () => run.chat();
  /** package.nls.zh-tw.json and l10n/bundle.l10n.zh-tw.json as installed from the .vsix. */
  let nls: Strings;
  let bundle: Strings;

  /** The contribution title `key` in zh-TW. */
  function title(key: string): string {
    const text = nls[key];
    assert.ok(text && HAN.test(text), `package.nls.zh-tw.json has no Chinese "${key}"`);
    return text;
  }

  /**
   * The zh-TW translation of the host string `english`, with `{n}` filled in as vscode.l10n.t
   * does. Only the product name may stay as it is.
   */
  function zh(english: string, ...values: Array<string | number>): string {
    const text = bundle[english];
    assert.ok(text && (HAN.test(text) || english === 'Pathors'), `bundle.l10n.zh-tw.json has no Chinese for "${english}"`);
    return text.replace(/\{(\d+)\}/g, (whole, i: string) => (values[Number(i)] === undefined ? whole : String(values[Number(i)])));
  }

  before(function () {
    const dir = run.installedExtensionDir();
    nls = readJson(path.join(dir, 'package.nls.zh-tw.json'));
    bundle = readJson(path.join(dir, 'l10n', 'bundle.l10n.zh-tw.json'));
  });

  it('lists the commands with their Chinese titles in the command palette', async () => {
    const { page } = run;
    const expected = [
      'command.newChat', 'command.setApiKey', 'command.showConversations', 'command.exportConversation',
      'command.addFile', 'command.addProblems', 'command.addGitChanges', 'command.addTerminalOutput',
    ].map((k) => `Pathors: ${title(k)}`);
    await page.keyboard.press('F1');
    const box = page.locator('.quick-input-widget input.input');
    await box.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const rows = page.locator('.quick-input-list .monaco-list-row');
    // The list is virtual: with the attach commands, not every row of ">Pathors" is drawn at once.
    for (const text of expected) {
      await box.fill(`>${text}`);
      await rows.filter({ hasText: text }).first().waitFor({ timeout: UI_TIMEOUT });
    }
    await box.fill('>Pathors');
    // The focus command VS Code makes for the view names it by its Chinese name.
    await rows.filter({ hasText: title('view.chat.name') }).filter({ hasText: /Focus on|View/ }).first().waitFor({ timeout: UI_TIMEOUT });
    await run.screenshot('command-palette');
    await page.keyboard.press('Escape');
  });

  it('sets the API key through the Chinese prompt', async () => {
    const { page } = run;
    await runCommand(page, `Pathors: ${title('command.setApiKey')}`);
    await fillInputBox(page, API_KEY, { prompt: zh("Paste the API key from your Pathors project's integration settings. It is kept in VS Code's secret storage.") });
    const notifications = await readNotifications(page);
    assert.ok(notifications.some((n) => n.includes(zh('Pathors API key saved in secret storage.'))), `notifications: ${JSON.stringify(notifications)}`);
  });

  it('shows the view and the empty panel in Chinese', async () => {
    const { page } = run;
    await activityBarItem(page, 'Pathors').click();
    await page.mouse.move(800, 450);
    const input = chat().locator('textarea#input');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    assert.match(await page.locator('.part.sidebar .composite.title').innerText(), new RegExp(title('view.chat.name')));

    assert.equal(await input.getAttribute('placeholder'), zh('Ask Pathors… (Enter to send, Shift+Enter for a new line)'));
    assert.equal(await input.getAttribute('aria-label'), zh('Ask Pathors'));
    await chat().getByRole('button', { name: zh('Send'), exact: true }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await chat().locator('#messages').getAttribute('aria-label'), zh('Chat messages'));
    const empty = await chat().locator('#empty-state').innerText();
    assert.ok(empty.includes(zh('Chat with your Pathors agent')), empty);
    assert.ok(empty.includes(zh('Ask a question below, or select code in an editor and run "Ask Pathors about Selection".')), empty);
    await run.screenshot('panel-empty');
  });

  it('streams a reply labelled in Chinese, with Chinese code block actions', async () => {
    const code = ['def add(a, b):', '    return a + b'];
    const intro = '可以這樣寫，先定義函式，再用兩個數字呼叫它。'.repeat(4);
    run.server.enqueue({ text: [intro, '', '```python', ...code, '```', '', '用兩個數字呼叫它。'].join('\n'), chunkSize: 2, delayMs: 40 });
    const question = '請寫一個 Python 加法函式';
    await chat().locator('textarea#input').fill(question);
    await chat().locator('textarea#input').press('Enter');

    // Mid-stream: Send has become Stop, and the reply says it is waiting in Chinese until text comes.
    await chat().getByRole('button', { name: zh('Stop'), exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await run.screenshot('mid-stream');
    assert.match(await run.finishedReply(), /用兩個數字呼叫它/);

    const user = run.messages('user').last();
    assert.equal((await user.locator('.visually-hidden').first().innerText()).trim(), zh('You'));
    assert.match(await user.innerText(), new RegExp(question));
    const reply = run.messages('assistant').last();
    assert.equal((await reply.locator('.visually-hidden').first().innerText()).trim(), zh('Pathors'));
    const block = reply.locator('.code-block');
    await block.getByRole('button', { name: zh('Copy code'), exact: true }).waitFor();
    await block.getByRole('button', { name: zh('Insert at cursor'), exact: true }).waitFor();
    await block.getByRole('button', { name: zh('Open in new file'), exact: true }).waitFor();
    await block.getByRole('button', { name: zh('Apply to a file, after a diff review'), exact: true }).waitFor();
    assert.deepEqual(
      (await block.locator('.code-block-actions button').allInnerTexts()).map((t) => t.trim()),
      [zh('Copy'), zh('Insert'), zh('New File'), zh('Apply')],
    );
    await reply.getByRole('button', { name: zh('Copy reply'), exact: true }).waitFor();
    await chat().getByRole('button', { name: zh('Send'), exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await chat().getByRole('button', { name: zh('New Chat'), exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await run.screenshot('reply');
  });

  it('asks in Chinese before running a command: the card\'s 允許 and 拒絕, and Deny runs nothing', async () => {
    await chat().locator('textarea#input').fill('Now run the tests');
    await chat().locator('textarea#input').press('Enter');
    const card = run.messages('tool').last();
    await card.locator('.tool-card[data-status="waiting"]').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await card.locator('.tool-title').innerText(), zh('Pathors wants to run a command in a terminal, in the workspace folder.'));
    assert.equal(await card.getByLabel(zh('Command (you can edit it before it runs)')).inputValue(), 'npm test');
    await card.getByRole('button', { name: zh('Allow'), exact: true }).waitFor();
    await run.screenshot('approval-card');
    await card.getByRole('button', { name: zh('Deny'), exact: true }).click();
    await chat().getByRole('button', { name: zh('Send'), exact: true }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await card.locator('.tool-status').innerText(), zh('Denied; the agent was told.'));
  });

  it('explains a rejected API key in Chinese and offers to set it', async () => {
    run.server.setApiKey('sk_e2e_zh_tw_rotated');
    const before = run.server.requests.length;
    await chat().locator('textarea#input').fill('這把金鑰還能用嗎？');
    await chat().locator('textarea#input').press('Enter');
    const error = run.messages('error').last();
    await error.waitFor({ timeout: UI_TIMEOUT });
    assert.equal((await run.nthRequest(before + 1)).status, 401);
    assert.equal((await error.locator('.message-body').innerText()).trim(), zh('The Pathors API key was rejected (HTTP {0}). Set a valid API key, then the message is sent again.', 401));
    assert.equal((await error.locator('.visually-hidden').first().innerText()).trim(), zh('Error'));
    await error.getByRole('button', { name: zh('Set API Key'), exact: true }).waitFor();
    await run.screenshot('wrong-key');
  });

  it('sets up @pathors in VS Code\'s Chat in Chinese, and @pathors explains the rejected key in Chinese', async () => {
    const { page } = run;
    const model = zh('Pathors (your project)');
    await runCommand(page, `Pathors: ${title('command.useInVsCodeChat')}`);
    const question = zh('Turned on VS Code\'s Chat without a GitHub account ({0} in your user settings). Open it with "{1}" as its model?', 'chat.allowAnonymousAccess', model);
    const message = page.locator('.notifications-center .notification-list-item').filter({ hasText: 'chat.allowAnonymousAccess' }).first();
    await page.locator('.part.statusbar [id="status.notifications"]').first().click();
    await message.waitFor({ timeout: UI_TIMEOUT });
    assert.ok((await message.innerText()).includes(question), await message.innerText());
    await message.getByRole('button', { name: zh('Open Chat'), exact: true }).click();
    const chatView = page.locator('.interactive-session').first();
    const chatInput = chatView.locator('.interactive-input-part .monaco-editor').first();
    await chatView.locator('.chat-input-toolbars').getByText(model).first().waitFor({ timeout: UI_TIMEOUT });
    await chatInput.getByText('@pathors').first().waitFor({ timeout: UI_TIMEOUT });
    await runCommand(page, 'View: Close All Editors');

    // The key was rotated at the server by the test before: the reply is the error, in Chinese.
    const before = run.server.requests.length;
    await chatInput.click({ force: true });
    await page.keyboard.press('End');
    await page.keyboard.type('金鑰還能用嗎？', { delay: 15 });
    await page.keyboard.press('Enter');
    assert.equal((await run.nthRequest(before + 1)).status, 401);
    const reply = chatView.locator('.interactive-item-container.interactive-response').last();
    await reply.getByText(zh('The Pathors API key was rejected (HTTP {0}). Set a valid API key, then send the message again.', 401)).first().waitFor({ timeout: UI_TIMEOUT });
    await reply.getByRole('button', { name: zh('Set API Key'), exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await run.screenshot('native-wrong-key');
  });

  it('attaches problems as a chip with Chinese words, and offers the kinds in Chinese', async () => {
    const { page } = run;
    await quickOpen(page, 'broken.json');
    // The JSON language server reports the stray comma.
    await page.locator('.part.statusbar [id="status.problems"]').filter({ hasText: /[1-9]/ }).waitFor({ timeout: 60_000 });
    await runCommand(page, `Pathors: ${title('command.addProblems')}`);
    const chip = chat().locator('.composer-chips .chip-label');
    await chip.first().waitFor({ timeout: UI_TIMEOUT });
    assert.match(await chip.first().innerText(), new RegExp(`^${zh('Problems')} \\(\\d+\\)$`));
    const total = await chat().locator('#attach-total').innerText();
    assert.ok(total.endsWith(zh('{0} of {1} characters', 'X', '60k').replace(/^X/, '')), total);
    await chat().getByRole('list', { name: zh('Attached context') }).waitFor();

    await chat().getByRole('button', { name: zh('Attach Context'), exact: true }).click();
    const options = chat().getByRole('listbox', { name: zh('Attach Context') }).getByRole('option');
    assert.deepEqual(await options.allInnerTexts(), [zh('File…'), zh('Selection'), zh('Problems'), zh('Git Changes'), zh('Terminal Output')]);
    await run.screenshot('attachments');
    await page.keyboard.press('Escape');
  });
});
