// End-to-end: the packaged extension (.vsix) installed into code-server, driven in Chromium
// the way a new user works with it, against the local Pathors server (started by ./setup.ts).
//
//   npm run package && npm run test:e2e
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { activityBarItem, fillInputBox, quickOpen, readNotifications, runCommand, screenshot, waitForWorkbench } from '../harness/browser';
import type { PathorsServer, RecordedRequest } from '../server/pathorsServer';
import { UI_TIMEOUT, useE2eRun } from './setup';

const API_KEY = 'sk_e2e_first_key';
const ROTATED_KEY = 'sk_e2e_rotated_key';
const SOURCE_FILE = 'src/greet.ts';
const SOURCE_LINES = [
  '// Greets people in the console.',
  'export function greet(name: string): string {',
  '  return `Hello, ${name}!`;',
  '}',
  '',
  "console.log(greet('Pathors'));",
  '',
];

describe('Pathors Chat, as a user (packaged extension in code-server)', function () {
  const run = useE2eRun({ tag: 'e2e', apiKey: API_KEY, files: { [SOURCE_FILE]: SOURCE_LINES.join('\n') }, paceMs: 30 });
  // Short names for what the shared run started; set once its `before` hook has run.
  let server: PathorsServer;
  let context: BrowserContext | undefined;
  let page: Page;
  let workspace: string;
  let runDir: string;
  before(() => {
    ({ server, context, page, workspace, runDir } = run);
  });

  const chat = (): FrameLocator => run.chat();
  const messages = (role?: 'user' | 'assistant' | 'error') => run.messages(role);
  const nthRequest = (n: number): Promise<RecordedRequest> => run.nthRequest(n);
  const finishedReply = (): Promise<string> => run.finishedReply();

  function userContent(req: RecordedRequest): string {
    const body = req.body as { messages?: Array<{ role: string; content: string }> } | undefined;
    assert.ok(body?.messages?.length === 1, `expected one message in ${req.rawBody}`);
    assert.equal(body.messages[0].role, 'user');
    return body.messages[0].content;
  }

  function userContentOrEmpty(req: RecordedRequest): string {
    const body = req.body as { messages?: Array<{ content?: string }> } | undefined;
    return body?.messages?.[0]?.content ?? '';
  }

  /** Opens the chat from the activity bar (a no-op click when it is already open). */
  async function openChat(): Promise<void> {
    await activityBarItem(page, 'Pathors').click();
    // Off the icon, so its hover tooltip does not cover the panel in screenshots.
    await page.mouse.move(800, 450);
    await chat().locator('textarea#input').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  }

  /** Types a question into the panel and presses Enter. */
  async function ask(question: string): Promise<void> {
    const input = chat().locator('textarea#input');
    await input.click();
    await input.fill(question);
    await input.press('Enter');
    await messages('user').filter({ hasText: question }).first().waitFor({ timeout: UI_TIMEOUT });
  }

  it('sets the API key from the command palette', async () => {
    await runCommand(page, 'Pathors: Set API Key');
    const typed = await fillInputBox(page, API_KEY, { prompt: /API key/i });
    assert.equal(typed, API_KEY);
    const notifications = await readNotifications(page);
    assert.ok(notifications.some((n) => /API key saved/i.test(n)), `notifications: ${JSON.stringify(notifications)}`);
  });

  it('opens the chat from the activity bar', async () => {
    await openChat();
    await chat().locator('#messages[role="log"]').waitFor({ state: 'attached' });
    assert.equal(await messages().count(), 0);
    await screenshot(page, 'chat-open');
  });

  it('streams a reply into the chat', async () => {
    const question = 'How do I start a new chat?';
    await ask(question);

    // Mid-stream: the reply is marked busy, shows part of its text, and Send has become Stop.
    const streaming = chat().locator('#messages .message[data-role="assistant"][aria-busy="true"]');
    await streaming.locator('.message-body').filter({ hasText: /\S/ }).waitFor({ timeout: UI_TIMEOUT });
    const partial = await streaming.locator('.message-body').innerText();
    await chat().getByRole('button', { name: 'Stop', exact: true }).waitFor({ timeout: 5_000 });
    await screenshot(page, 'mid-stream');

    const full = await finishedReply();
    await screenshot(page, 'finished');
    assert.ok(full.length > partial.length, `reply did not grow: ${partial.length} -> ${full.length} characters`);
    assert.match(full, /You asked: “How do I start a new chat\?”/);
    assert.match(full, /local stand-in for a Pathors agent/);
    await chat().getByRole('button', { name: 'Send', exact: true }).waitFor({ timeout: 5_000 });

    const req = await nthRequest(1);
    assert.equal(req.authorizationMatched, true);
    assert.equal(req.headers['x-session-id'], undefined);
    assert.equal(userContent(req), question);
  });

  it('shows the conversation again after a reload and continues the same session', async () => {
    const first = await nthRequest(1);
    await page.reload();
    await waitForWorkbench(page);
    await openChat();
    await messages('user').filter({ hasText: 'How do I start a new chat?' }).waitFor({ timeout: UI_TIMEOUT });
    assert.match(await messages('assistant').first().innerText(), /local stand-in for a Pathors agent/);
    await screenshot(page, 'after-reload');

    await ask('And what about my last question?');
    const reply = await finishedReply();
    assert.match(reply, /This is message 2 in this session/);
    const second = await nthRequest(2);
    assert.ok(first.sessionId);
    assert.equal(second.headers['x-session-id'], first.sessionId);
    assert.equal(userContent(second), 'And what about my last question?');
  });

  it('"New Chat" empties the transcript and starts a new session', async () => {
    await runCommand(page, 'Pathors: New Chat');
    await messages().first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    assert.equal(await messages().count(), 0);

    const before = server.requests.length;
    await ask('A fresh start?');
    assert.match(await finishedReply(), /This is message 1 in this session/);
    const req = await nthRequest(before + 1);
    assert.equal(req.headers['x-session-id'], undefined);
    assert.notEqual(req.sessionId, (await nthRequest(1)).sessionId);
  });

  it('asks about the selected lines of a file', async () => {
    await quickOpen(page, 'greet.ts');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'export function greet' }).waitFor({ timeout: UI_TIMEOUT });
    await editor.locator('.view-lines').click();
    // Lines 2-3: to the start of the file, down one line, then extend to the end of line 3.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');

    const before = server.requests.length;
    await runCommand(page, 'Pathors: Ask Pathors about Selection');
    const question = await fillInputBox(page, undefined, { prompt: /selected code/i });
    assert.equal(question, 'Explain this code');

    const chip = chat().locator('#messages .message[data-role="user"] .context-chip').last();
    await chip.waitFor({ timeout: UI_TIMEOUT });
    assert.equal((await chip.innerText()).trim(), `${SOURCE_FILE}:2-3`);
    await finishedReply();
    await screenshot(page, 'selection-reply');

    const prompt = userContent(await nthRequest(before + 1));
    assert.ok(prompt.startsWith('Explain this code'), prompt);
    assert.ok(prompt.includes(`${SOURCE_LINES[1]}\n${SOURCE_LINES[2]}`), `selected lines missing from:\n${prompt}`);
    assert.ok(!prompt.includes(SOURCE_LINES[0]), 'line 1 was sent');
  });

  it('offers "Set API Key" when the key is rejected, then resends the message', async () => {
    await openChat();
    server.setApiKey(ROTATED_KEY);
    const question = 'Does my old key still work?';
    const before = server.requests.length;
    await ask(question);

    const error = messages('error').last();
    await error.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await error.innerText(), /API key/i);
    assert.equal((await nthRequest(before + 1)).status, 401);
    const setKey = error.locator('vscode-button', { hasText: 'Set API Key' });
    await setKey.waitFor();
    await screenshot(page, 'wrong-key');

    await setKey.click();
    await fillInputBox(page, ROTATED_KEY, { prompt: /API key/i });
    // The resend starts after the key is stored: wait for it, or the reply before it counts as finished.
    const resent = await nthRequest(before + 2);
    await messages('assistant').last().filter({ hasText: question }).waitFor({ timeout: UI_TIMEOUT });
    const reply = await finishedReply();
    assert.match(reply, /You asked: “Does my old key still work\?”/);
    assert.equal(await messages('error').count(), 0, 'the error stayed after the resend');
    assert.equal(await messages('user').filter({ hasText: question }).count(), 1, 'the question was added twice');
    await screenshot(page, 'resent');

    assert.equal(resent.authorizationMatched, true);
    assert.equal(userContent(resent), question);
  });
  it('keeps the transcript and the unsent draft when the view is hidden and shown again', async () => {
    await openChat();
    const count = await messages().count();
    assert.ok(count > 0);
    const input = chat().locator('textarea#input');
    await input.fill('A draft I have not sent yet');
    await runCommand(page, 'View: Show Explorer');
    await page.locator('.part.sidebar .composite.title', { hasText: /explorer/i }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'hidden');
    await openChat();
    await messages().nth(count - 1).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await messages().count(), count);
    assert.equal(await chat().locator('textarea#input').inputValue(), 'A draft I have not sent yet');
    await chat().locator('textarea#input').fill('');
  });

  it('Stop keeps what had streamed, marked incomplete', async () => {
    server.enqueue({ text: 'A long answer that streams slowly. '.repeat(40), chunkSize: 3, delayMs: 40 });
    await ask('Tell me everything, slowly.');
    const streaming = chat().locator('#messages .message[data-role="assistant"][aria-busy="true"]');
    await streaming.locator('.message-body').filter({ hasText: /A long answer/ }).waitFor({ timeout: UI_TIMEOUT });
    await chat().getByRole('button', { name: 'Stop', exact: true }).click();
    const reply = messages('assistant').last();
    await chat().locator('#messages .message[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    assert.match(await reply.getAttribute('class') ?? '', /\bincomplete\b/);
    const text = await reply.locator('.message-body').innerText();
    assert.ok(text.startsWith('A long answer'), text);
    assert.ok(text.length < 'A long answer that streams slowly. '.repeat(40).length, 'the reply was not cut short');
    await chat().getByRole('button', { name: 'Send', exact: true }).waitFor({ timeout: 5_000 });
    await screenshot(page, 'stopped');
  });

  it('Retry under a stopped reply asks the question again in the same session, keeping the stopped reply', async () => {
    const stopped = messages('assistant').last();
    const stoppedText = await stopped.locator('.message-body').innerText();
    const stoppedId = await stopped.getAttribute('data-id');
    const before = server.requests.length;
    const session = server.requests[before - 1].sessionId;
    await stopped.getByRole('button', { name: 'Retry', exact: true }).click();
    const req = await nthRequest(before + 1);
    assert.equal(userContent(req), 'Tell me everything, slowly.');
    assert.equal(req.headers['x-session-id'], session, 'asked again in the same server session');
    await finishedReply();
    await chat().getByText(/Asked again in the same session/).last().waitFor({ timeout: UI_TIMEOUT });
    const kept = chat().locator(`#messages .message[data-id="${stoppedId}"]`);
    assert.equal(await kept.locator('.message-body').innerText(), stoppedText, 'the stopped reply is kept as it was');
    assert.match(await kept.getAttribute('class') ?? '', /\bincomplete\b/);
  });

  it('asks for the API key when there is none, then sends the message', async () => {
    await runCommand(page, 'Pathors: Clear API Key');
    const before = server.requests.length;
    const input = chat().locator('textarea#input');
    await input.click();
    await input.fill('Sent after the key is set');
    await input.press('Enter');
    await fillInputBox(page, ROTATED_KEY, { prompt: /API key/i });
    await messages('user').filter({ hasText: 'Sent after the key is set' }).waitFor({ timeout: UI_TIMEOUT });
    assert.match(await finishedReply(), /Sent after the key is set/);
    const req = await nthRequest(before + 1);
    assert.equal(req.authorizationMatched, true);
    assert.equal(userContent(req), 'Sent after the key is set');
  });

  it('inserts a code block of a reply at the cursor, opens it in a new file and copies the reply', async () => {
    const code = ['def add(a, b):', '    return a + b'];
    const replyText = ['Here is a helper:', '', '```python', ...code, '```', '', 'Call it with two numbers.'].join('\n');
    server.enqueue({ text: replyText });
    const editorText = async (editor: Locator): Promise<string> =>
      (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');

    // The cursor at the end of greet.ts, whose last line is empty.
    await quickOpen(page, 'greet.ts');
    const source = page.locator('.editor-instance .monaco-editor').first();
    await source.locator('.view-lines', { hasText: 'export function greet' }).waitFor({ timeout: UI_TIMEOUT });
    await source.locator('.view-lines').click();
    await page.keyboard.press('Control+End');

    await openChat();
    await ask('Show me an add function in Python.');
    await finishedReply();
    const reply = messages('assistant').last();
    const block = reply.locator('.code-block');
    assert.equal(await block.count(), 1);
    assert.equal(await block.locator('.code-block-language').innerText(), 'python');
    assert.deepEqual(await block.locator('.hljs-keyword').allInnerTexts(), ['def', 'return']);
    await block.locator('pre').scrollIntoViewIfNeeded();
    await screenshot(page, 'code-block');

    // Insert at cursor: the chat has focus, the text goes into the editor last used, which is then focused.
    await block.getByRole('button', { name: 'Insert at cursor' }).click();
    await source.locator('.view-lines', { hasText: 'return a + b' }).waitFor({ timeout: UI_TIMEOUT });
    // The editor's DOM leaves out empty lines; the saved file below is checked exactly.
    assert.ok((await editorText(source)).endsWith([SOURCE_LINES.at(-2), ...code].join('\n')), await editorText(source));
    await runCommand(page, 'File: Save');
    const file = path.join(workspace, SOURCE_FILE);
    const deadline = Date.now() + UI_TIMEOUT;
    while (fs.readFileSync(file, 'utf8') !== SOURCE_LINES.join('\n') + code.join('\n') && Date.now() < deadline) await page.waitForTimeout(100);
    assert.equal(fs.readFileSync(file, 'utf8'), SOURCE_LINES.join('\n') + code.join('\n'));
    await screenshot(page, 'code-inserted');

    // Open in new file: an untitled Python editor holding the block.
    await block.getByRole('button', { name: 'Open in new file' }).click();
    // An untitled editor's tab is named after its first line, with "Untitled-N" beside it.
    await page.locator('.tabs-container .tab.active', { hasText: /Untitled-\d+/ }).waitFor({ timeout: UI_TIMEOUT });
    const untitled = page.locator('.editor-instance .monaco-editor', { has: page.locator('.view-lines', { hasText: 'def add' }) }).first();
    await untitled.waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await editorText(untitled), code.join('\n'));
    const mode = page.locator('.part.statusbar [id="status.editor.mode"]');
    await mode.filter({ hasText: 'Python' }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'code-new-file');

    // Copy (the reply's markdown) reaches the clipboard the workbench uses.
    await context?.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    await reply.getByRole('button', { name: 'Copy reply' }).click();
    await page.waitForFunction((expected) => navigator.clipboard.readText().then((t) => t === expected, () => false), replyText, { timeout: UI_TIMEOUT, polling: 200 });
  });
  it('keeps a separate Pathors session per conversation, switched from the history list', async () => {
    await openChat();
    const sessionOf = async (question: string) => {
      await ask(question);
      await finishedReply();
      const req = server.requests.filter((r) => userContentOrEmpty(r) === question).at(-1);
      assert.ok(req?.sessionId, `no request for "${question}"`);
      return req;
    };
    await runCommand(page, 'Pathors: New Chat');
    await messages().first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    const a = await sessionOf('Conversation A, first question');
    assert.equal(a.headers['x-session-id'], undefined);
    await runCommand(page, 'Pathors: New Chat');
    await messages().first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    const b = await sessionOf('Conversation B, first question');
    assert.notEqual(b.sessionId, a.sessionId);

    const switchTo = async (title: string) => {
      await runCommand(page, 'Pathors: Show Conversations');
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      await row.waitFor({ timeout: UI_TIMEOUT });
      await screenshot(page, 'conversations');
      await row.click();
      await messages('user').filter({ hasText: title }).waitFor({ timeout: UI_TIMEOUT });
    };
    await switchTo('Conversation A, first question');
    assert.equal(await messages('user').count(), 1);
    const a2 = await sessionOf('Conversation A, second question');
    assert.equal(a2.headers['x-session-id'], a.sessionId);
    assert.match(await messages('assistant').last().innerText(), /This is message 2 in this session/);

    await switchTo('Conversation B, first question');
    const b2 = await sessionOf('Conversation B, second question');
    assert.equal(b2.headers['x-session-id'], b.sessionId);
  });

  it('exports the conversation to a Markdown editor', async () => {
    await runCommand(page, 'Pathors: Export Conversation as Markdown');
    const exported = page.locator('.editor-instance .monaco-editor', { has: page.locator('.view-lines', { hasText: '# Conversation B, first question' }) }).first();
    await exported.waitFor({ timeout: UI_TIMEOUT });
    // The editor draws spaces as no-break spaces.
    const text = (await exported.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /## You/);
    assert.match(text, /Conversation B, second question/);
    await page.locator('.part.statusbar [id="status.editor.mode"]').filter({ hasText: 'Markdown' }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'exported');
  });

  it('Regenerate asks the last question again in the same session and keeps the earlier reply', async () => {
    await openChat();
    const question = 'Conversation B, second question';
    const session = server.requests.filter((r) => userContentOrEmpty(r) === question).at(-1)?.sessionId;
    assert.ok(session);
    const earlier = messages('assistant').last();
    const earlierId = await earlier.getAttribute('data-id');
    const earlierText = await earlier.locator('.message-body').innerText();
    const before = server.requests.length;
    await earlier.getByRole('button', { name: 'Regenerate', exact: true }).click();
    const req = await nthRequest(before + 1);
    assert.equal(userContent(req), question);
    assert.equal(req.headers['x-session-id'], session);
    // The server saw a third turn: it still holds the earlier reply, and the panel still shows it.
    assert.match(await finishedReply(), /This is message 3 in this session/);
    assert.equal(await chat().locator(`#messages .message[data-id="${earlierId}"] .message-body`).innerText(), earlierText);
    await chat().getByText(/Asked again in the same session/).last().waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'regenerated');
  });

  it('Edit & resend starts a new conversation whose new session gets the earlier turns replayed', async () => {
    const first = 'Conversation B, first question';
    const second = 'Conversation B, second question';
    const session = server.requests.filter((r) => userContentOrEmpty(r) === first).at(-1)?.sessionId;
    assert.ok(session);
    const remembered = server.sessionTranscript(session)?.length;
    const before = server.requests.length;

    await messages('user').filter({ hasText: second }).first().getByRole('button', { name: 'Edit and resend this question in a new conversation' }).click();
    const input = chat().locator('textarea#input');
    assert.equal(await input.inputValue(), second);
    await chat().locator('#edit-banner').getByText(/the 2 messages before it are sent again to a new Pathors session/).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'editing');
    await input.fill(`${second}, edited`);
    await input.press('Enter');

    const req = await nthRequest(before + 1);
    assert.equal(req.headers['x-session-id'], undefined, 'a new session');
    const sent = (req.body as { messages: Array<{ role: string; content: string }> }).messages;
    assert.deepEqual(sent.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.equal(sent[0].content, first);
    assert.equal(sent[1].content, server.sessionTranscript(session)?.[1].content, 'the first reply is replayed as it was');
    assert.equal(sent[2].content, `${second}, edited`);
    assert.ok(req.sessionId && req.sessionId !== session);
    await finishedReply();
    await chat().getByText(/Edited question, sent to a new Pathors session with the 2 earlier messages replayed/).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await messages('user').count(), 2, 'the copy holds the first question and the edited one');
    assert.equal(server.sessionTranscript(session)?.length, remembered, 'the original session is untouched');

    // The original conversation is still in the history, next to the edited copy.
    await runCommand(page, 'Pathors: Show Conversations');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: `${first} (edited)` }).first().waitFor({ timeout: UI_TIMEOUT });
    assert.ok((await page.locator('.quick-input-list .monaco-list-row', { hasText: first }).count()) >= 2);
    await page.keyboard.press('Escape');
  });

  it('keeps the question and the partial reply, marked interrupted, when the window reloads mid-stream', async () => {
    await openChat();
    await runCommand(page, 'Pathors: New Chat');
    await messages().first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    server.enqueue({ text: 'Partial words arrive slowly here. '.repeat(60), chunkSize: 4, delayMs: 40 });
    await ask('Will you survive a reload?');
    const streaming = chat().locator('#messages .message[data-role="assistant"][aria-busy="true"] .message-body');
    await streaming.filter({ hasText: /Partial words arrive slowly here\. Partial/ }).waitFor({ timeout: UI_TIMEOUT });
    // The transcript is saved while a reply streams (at most a second apart): let one save happen.
    await page.waitForTimeout(1_500);
    const before = (await streaming.innerText()).length;
    await page.reload();
    await waitForWorkbench(page);
    await openChat();
    await messages('user').filter({ hasText: 'Will you survive a reload?' }).waitFor({ timeout: UI_TIMEOUT });
    const reply = messages('assistant').last();
    await reply.waitFor({ timeout: UI_TIMEOUT });
    assert.notEqual(await reply.getAttribute('aria-busy'), 'true');
    assert.match((await reply.getAttribute('class')) ?? '', /\bincomplete\b/);
    const kept = await reply.locator('.message-body').innerText();
    assert.ok(kept.startsWith('Partial words arrive slowly here.'), kept);
    // Saves come about a second apart while streaming: what is kept is a prefix of the reply, cut short.
    const full = 'Partial words arrive slowly here. '.repeat(60);
    assert.ok(kept.length > 0 && kept.length < full.length && full.startsWith(kept.trim()), `kept ${kept.length} characters (${before} were on screen shortly before the reload)`);
    assert.match(await reply.innerText(), /Interrupted before it finished/);
    await screenshot(page, 'reloaded-mid-stream');
  });
  // Last, after everything the extension and code-server wrote during the run.
  it('never puts the API key in the workbench or the chat view', async () => {
    const pages = [await page.content()];
    for (const frame of page.frames()) pages.push(await frame.content().catch(() => ''));
    for (const html of pages) {
      assert.ok(!html.includes(API_KEY) && !html.includes(ROTATED_KEY), 'an API key appears in the page');
    }
  });

  it('never writes the API key in clear to any file of the run (settings, state, logs, browser profile)', async () => {
    const hits: string[] = [];
    const needles = [API_KEY, ROTATED_KEY].map((k) => Buffer.from(k));
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.isFile() && fs.statSync(file).size < 64 * 1024 * 1024) {
          const bytes = fs.readFileSync(file);
          if (needles.some((n) => bytes.includes(n))) hits.push(path.relative(runDir, file));
        }
      }
    };
    walk(runDir);
    assert.deepEqual(hits, []);
  });
});
