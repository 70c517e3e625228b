/**
 * Takes the README's screenshots from a real run: packages the extension, starts the local
 * Pathors server and code-server with the .vsix installed, drives the workbench in Chromium
 * and writes PNGs to media/screenshots/ (light and dark, and a four-frame sequence: typing,
 * streaming, finished with the code-block actions, Ask about Selection).
 *
 *   npx tsx scripts/screenshots.ts
 *
 * The images are for the README only: .vscodeignore keeps them out of the .vsix.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { activityBarItem, chatFrame, fillInputBox, firstPage, launchBrowser, openWorkbench, quickOpen, runCommand } from '../test/harness/browser';
import { startCodeServer, type CodeServer } from '../test/harness/codeServer';
import { createWorkspace, INSTALL_SCRIPT, makeRunDir, PROJECT_ROOT, removeRunDir, VSIX_PATH } from '../test/harness/paths';
import { PathorsServer } from '../test/server/pathorsServer';

const OUT_DIR = path.join(PROJECT_ROOT, 'media', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 } as const;
const API_KEY = 'sk_screenshots_local';
const UI_TIMEOUT = 30_000;
/** Width of the side bar holding the chat, in CSS pixels. */
const SIDEBAR_WIDTH = 440;
/** The sequence frames show the side bar and this much of the editor beside it. */
const EDITOR_SHOWN = 460;

const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' } as const;

const SOURCE_FILE = 'src/retry.ts';
const SOURCE = [
  '/** Runs `task`, pausing longer after each failure. */',
  'export async function retry<T>(',
  '  task: () => Promise<T>,',
  '  attempts = 3,',
  '): Promise<T> {',
  '  for (let i = 1; ; i++) {',
  '    try {',
  '      return await task();',
  '    } catch (err) {',
  '      if (i >= attempts) throw err;',
  '      await sleep(2 ** i * 100);',
  '    }',
  '  }',
  '}',
  '',
  'const sleep = (ms: number) =>',
  '  new Promise((r) => setTimeout(r, ms));',
  '',
].join('\n');

const QUESTION = 'How do I debounce a function in TypeScript?';
const ANSWER = [
  'Wrap the function so that it runs only once the calls **stop** for a moment:',
  '',
  '```ts',
  'export function debounce<A extends unknown[]>(',
  '  fn: (...args: A) => void,',
  '  ms = 300,',
  ') {',
  '  let timer: ReturnType<typeof setTimeout>;',
  '  return (...args: A) => {',
  '    clearTimeout(timer);',
  '    timer = setTimeout(() => fn(...args), ms);',
  '  };',
  '}',
  '```',
  '',
  '- Every call resets the timer, so `fn` runs `ms` after the **last** call.',
  '- Good for search boxes, `resize` handlers and auto-save.',
].join('\n');

const SELECTION_QUESTION = 'Explain this code';
const SELECTION_ANSWER = [
  '`retry` calls `task` up to `attempts` times (3 by default):',
  '',
  '1. It returns the first result that **succeeds**.',
  '2. After a failure it sleeps `2 ** i * 100` ms: 200 ms, then 400 ms, so the pauses grow.',
  '3. The last failure is thrown to the caller unchanged.',
  '',
  'Pass a smaller `attempts` for calls a user is waiting on.',
].join('\n');

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

class Shooter {
  private readonly chat: FrameLocator;

  constructor(
    private readonly page: Page,
    private readonly server: PathorsServer,
  ) {
    this.chat = chatFrame(page);
  }

  private messages(role: 'user' | 'assistant') {
    return this.chat.locator(`#messages .message[data-role="${role}"]`);
  }

  /**
   * Switches between the preferred light and dark themes ({@link THEMES}, set in the user
   * settings): the command sets `workbench.colorTheme` to the other one.
   */
  async toggleTheme(name: keyof typeof THEMES): Promise<void> {
    await runCommand(this.page, 'Preferences: Toggle between Light/Dark Themes');
    await this.page.locator(`.monaco-workbench.${name === 'dark' ? 'vs-dark' : 'vs'}`).waitFor({ timeout: UI_TIMEOUT });
    // The panel takes the theme's colours from the workbench a moment later.
    await this.page.waitForTimeout(1_000);
  }

  async openChat(): Promise<void> {
    await activityBarItem(this.page, 'Pathors').click();
    await this.chat.locator('textarea#input').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await this.restMouse();
  }

  /** Parks the mouse on the empty editor area, so no hover or tooltip shows. */
  async restMouse(): Promise<void> {
    await this.page.mouse.move(VIEWPORT.width - 40, VIEWPORT.height - 120);
  }

  /** Drags the sash between the side bar and the editor so the chat gets {@link SIDEBAR_WIDTH}. */
  async widenSidebar(): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box) throw new Error('No side bar');
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width + 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + SIDEBAR_WIDTH, y, { steps: 10 });
    await this.page.mouse.up();
    await this.restMouse();
  }

  async type(question: string): Promise<void> {
    const input = this.chat.locator('textarea#input');
    await input.click();
    await input.pressSequentially(question, { delay: 5 });
  }

  async send(): Promise<void> {
    await this.chat.locator('textarea#input').press('Enter');
  }

  async finished(): Promise<void> {
    await this.chat.locator('#messages .message[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await this.page.waitForTimeout(300);
  }

  /** Opens the source file with no selection, the cursor at its end. */
  async showSource(): Promise<void> {
    await quickOpen(this.page, path.basename(SOURCE_FILE));
    const lines = this.page.locator('.editor-instance .monaco-editor .view-lines').first();
    await lines.filter({ hasText: 'export async function retry' }).waitFor({ timeout: UI_TIMEOUT });
    await lines.click();
    await this.page.keyboard.press('Control+End');
  }

  async newChat(): Promise<void> {
    await runCommand(this.page, 'Pathors: New Chat');
    await this.chat.locator('#messages .message').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  }

  /** The whole window. */
  async full(name: string): Promise<void> {
    await this.save(name);
  }

  /** The activity bar, the chat and the start of the editor. */
  async panel(name: string): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box) throw new Error('No side bar');
    await this.save(name, { x: 0, y: 0, width: Math.round(box.x + box.width + EDITOR_SHOWN), height: VIEWPORT.height });
  }

  private async save(name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
    const file = path.join(OUT_DIR, `${name}.png`);
    await this.page.screenshot({ path: file, clip, animations: 'disabled', caret: 'hide' });
    console.log(`  ${path.relative(PROJECT_ROOT, file)}  ${(fs.statSync(file).size / 1024).toFixed(0)} KB`);
  }

  /** Frames 1-3 and the light view: a question typed, its reply streaming, then finished. */
  async sequence(): Promise<void> {
    await this.type(QUESTION);
    await this.panel('sequence-1-typing');

    this.server.enqueue({ text: ANSWER, chunkSize: 3, delayMs: 45 });
    await this.send();
    const streaming = this.chat.locator('#messages .message[data-role="assistant"][aria-busy="true"]');
    await streaming.locator('.code-block').filter({ hasText: 'clearTimeout' }).waitFor({ timeout: UI_TIMEOUT });
    await this.panel('sequence-2-streaming');
    if ((await streaming.count()) === 0) throw new Error('The reply finished before the streaming frame was taken');

    await this.finished();
    // Keyboard focus on the code block's Insert button shows the actions as a user reaches them.
    await this.messages('assistant').last().getByRole('button', { name: 'Insert at cursor' }).focus();
    await this.panel('sequence-3-finished');
  }

  /** Frame 4: lines of the file selected, asked about with Ctrl+K A. */
  async askAboutSelection(): Promise<void> {
    await this.showSource();
    await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.press('ArrowDown');
    for (let i = 0; i < 12; i++) await this.page.keyboard.press('Shift+ArrowDown');
    await this.page.keyboard.press('Shift+End');
    this.server.enqueue({ text: SELECTION_ANSWER, chunkSize: 6, delayMs: 5 });
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('a');
    await fillInputBox(this.page, SELECTION_QUESTION, { prompt: /selected code/i }).catch(async () => {
      // The chord did not reach the editor (focus elsewhere): the palette does the same.
      await runCommand(this.page, 'Pathors: Ask Pathors about Selection');
      await fillInputBox(this.page, SELECTION_QUESTION, { prompt: /selected code/i });
    });
    await this.messages('user').last().locator('.context-chip').waitFor({ timeout: UI_TIMEOUT });
    await this.finished();
    await this.restMouse();
    await this.panel('sequence-4-selection');
  }

  /** The same question and reply, whole window. */
  async overview(name: string): Promise<void> {
    await this.showSource();
    await this.newChat();
    this.server.enqueue({ text: ANSWER });
    await this.type(QUESTION);
    await this.send();
    await this.finished();
    await this.restMouse();
    await this.full(name);
  }
}

async function main(): Promise<void> {
  run('bash', [INSTALL_SCRIPT]);
  run('npm', ['run', 'package']);
  fs.mkdirSync(OUT_DIR, { recursive: true });

  const server = await PathorsServer.start({ apiKey: API_KEY, projectId: 'demo-project' });
  const runDir = makeRunDir('screenshots');
  let codeServer: CodeServer | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let ok = false;
  try {
    const workspace = createWorkspace(path.join(runDir, 'workspace'), { [SOURCE_FILE]: SOURCE });
    codeServer = await startCodeServer({
      runDir,
      workspace,
      installVsix: VSIX_PATH,
      settings: {
        'workbench.colorTheme': THEMES.light,
        'workbench.preferredLightColorTheme': THEMES.light,
        'workbench.preferredDarkColorTheme': THEMES.dark,
        'pathors.baseUrl': server.baseUrl,
        'pathors.projectId': server.projectId,
        'editor.minimap.enabled': false,
        'editor.fontSize': 13,
        'breadcrumbs.enabled': false,
        'workbench.editor.enablePreview': false,
      },
    });
    context = await launchBrowser(runDir, { viewport: VIEWPORT });
    page = await firstPage(context);
    await openWorkbench(page, codeServer.url, workspace);
    await activityBarItem(page, 'Pathors').waitFor({ timeout: 60_000 });

    const shooter = new Shooter(page, server);
    await runCommand(page, 'Pathors: Set API Key');
    await fillInputBox(page, API_KEY, { prompt: /API key/i });
    await shooter.showSource();
    await shooter.openChat();
    await shooter.widenSidebar();

    console.log(`Writing ${path.relative(PROJECT_ROOT, OUT_DIR)}/:`);
    await shooter.sequence();
    await shooter.askAboutSelection();
    await shooter.overview('chat-light');
    await shooter.toggleTheme('dark');
    await shooter.overview('chat-dark');
    ok = true;
  } catch (err) {
    if (page) await page.screenshot({ path: path.join(runDir, 'failed.png') }).catch(() => undefined);
    throw err;
  } finally {
    await context?.close().catch(() => undefined);
    await codeServer?.stop();
    await server.close();
    if (ok) removeRunDir(runDir);
    else console.error(`Run folder kept for inspection: ${runDir}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
