// Drives the code-server workbench in Debian's Chromium with playwright-core.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, SCREENSHOTS_DIR } from './paths';

/** The extension whose webview {@link chatFrame} finds by default. */
export const EXTENSION_ID = 'pathors.pathors-chat';

/** Flags that work as root, offline, without a GPU or a large /dev/shm. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Options of {@link launchBrowser}. */
export interface BrowserOptions {
  /** Show the window (needs a display); `PATHORS_HEADED=1` does the same. */
  readonly headed?: boolean;
  readonly viewport?: { readonly width: number; readonly height: number };
}

/**
 * Launches Chromium with a persistent profile in `<runDir>/chromium`. The profile holds
 * what code-server keeps in the browser (SecretStorage, workspaceState), so a
 * `page.reload()` in this context behaves like reopening the window.
 */
export async function launchBrowser(runDir: string, options: BrowserOptions = {}): Promise<BrowserContext> {
  const profile = path.join(runDir, 'chromium');
  const home = path.join(runDir, 'home');
  const tmp = path.join(runDir, 'tmp');
  for (const d of [profile, home, tmp]) fs.mkdirSync(d, { recursive: true });
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: !(options.headed ?? process.env.PATHORS_HEADED === '1'),
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1400, height: 900 },
    env: { ...process.env, HOME: home, TMPDIR: tmp },
  });
}

/** The page of a persistent context (it opens with one). */
export async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

/** A workbench payload entry, e.g. `['extensionDevelopmentPath', 'vscode-remote://…']`. */
export type PayloadEntry = readonly [string, string];

/** The workbench URL that opens `folder` (a path on the code-server machine). */
export function workbenchUrl(serverUrl: string, folder: string, payload?: readonly PayloadEntry[]): string {
  let url = `${serverUrl}/?folder=${encodeURIComponent(folder)}`;
  if (payload && payload.length > 0) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** Opens the workbench on `folder` and waits until its activity bar and status bar are drawn. */
export async function openWorkbench(page: Page, serverUrl: string, folder: string, payload?: readonly PayloadEntry[]): Promise<void> {
  await page.goto(workbenchUrl(serverUrl, folder, payload));
  await waitForWorkbench(page);
}

/** Waits for the workbench to be drawn (after a goto or a reload). */
export async function waitForWorkbench(page: Page, timeout = 60_000): Promise<void> {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout });
}

/** The activity-bar entry of a view container, by the start of its title. */
export function activityBarItem(page: Page, title: string): Locator {
  return page.locator(`.part.activitybar [aria-label^="${title}"]`).first();
}

const quickInput = (page: Page) => page.locator('.quick-input-widget');
const quickInputBox = (page: Page) => page.locator('.quick-input-widget input.input');

/** Moves keyboard focus out of a webview so workbench keybindings reach the workbench. */
async function focusWorkbench(page: Page): Promise<void> {
  await page.evaluate(() => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && active.tagName === 'IFRAME') active.blur();
  });
}

async function openQuickInput(page: Page, key: string): Promise<void> {
  const input = quickInputBox(page);
  await page.keyboard.press(key);
  if (await input.isVisible()) return;
  try {
    await input.waitFor({ state: 'visible', timeout: 3_000 });
  } catch {
    await focusWorkbench(page);
    await page.keyboard.press(key);
    await input.waitFor({ state: 'visible', timeout: 10_000 });
  }
}

async function closeQuickInput(page: Page): Promise<void> {
  if (await quickInput(page).isVisible()) {
    await page.keyboard.press('Escape');
    await quickInput(page).waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }
}

/**
 * Picks the row that shows `text` in an open quick pick: Enter when it is the focused
 * (first) row, a click otherwise.
 * @returns false when no such row appeared within `timeout`.
 */
async function pickRow(page: Page, text: string, timeout: number): Promise<boolean> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  try {
    await row.waitFor({ state: 'visible', timeout });
  } catch {
    return false;
  }
  const first = page.locator('.quick-input-list .monaco-list-row').first();
  if ((await first.textContent())?.includes(text)) await page.keyboard.press('Enter');
  else await row.click();
  return true;
}

/**
 * Runs a command from the command palette by its title as shown there
 * (`Category: Title`). Reopens the palette when the row does not show up: a palette
 * opened before the extension activated does not list its commands.
 */
export async function runCommand(page: Page, title: string, attempts = 4): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await closeQuickInput(page);
    await openQuickInput(page, 'F1');
    await quickInputBox(page).fill(`>${title}`);
    if (await pickRow(page, title, attempt === attempts ? 15_000 : 5_000)) return;
    await page.waitForTimeout(1_000);
  }
  await closeQuickInput(page);
  throw new Error(`Command "${title}" did not show up in the command palette`);
}

/** Opens a workspace file with Quick Open (Ctrl+P), waiting for the asynchronous file search. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await closeQuickInput(page);
  await openQuickInput(page, 'Control+P');
  await quickInputBox(page).fill(fileName);
  if (!(await pickRow(page, fileName, 20_000))) throw new Error(`Quick Open found no "${fileName}"`);
  await quickInput(page).waitFor({ state: 'hidden', timeout: 5_000 });
}

/** Options of {@link fillInputBox}. */
export interface InputBoxOptions {
  /** Text the box shows (prompt, placeholder or title) to wait for before typing. */
  readonly prompt?: string | RegExp;
  readonly timeout?: number;
}

/**
 * Waits for an input box (`showInputBox`) and accepts it with Enter: typed `text`
 * replaces the value, `undefined` accepts the prefilled value.
 * @returns the value that was accepted.
 */
export async function fillInputBox(page: Page, text: string | undefined, options: InputBoxOptions = {}): Promise<string> {
  const timeout = options.timeout ?? 15_000;
  const input = quickInputBox(page);
  await input.waitFor({ state: 'visible', timeout });
  // Right after a palette command the widget may still hold the palette's `>…` text.
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await input.inputValue().catch(() => '>');
    const ready = !value.startsWith('>') &&
      (options.prompt === undefined || (await promptMatches(page, options.prompt)));
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`No input box${options.prompt ? ` showing "${String(options.prompt)}"` : ''} appeared`);
    await page.waitForTimeout(100);
  }
  if (text !== undefined) await input.fill(text);
  const accepted = await input.inputValue();
  await input.press('Enter');
  await quickInput(page).waitFor({ state: 'hidden', timeout: 10_000 });
  return accepted;
}

async function promptMatches(page: Page, prompt: string | RegExp): Promise<boolean> {
  const widget = quickInput(page);
  const parts = [
    await widget.innerText().catch(() => ''),
    (await quickInputBox(page).getAttribute('placeholder').catch(() => null)) ?? '',
    (await quickInputBox(page).getAttribute('aria-label').catch(() => null)) ?? '',
  ].join('\n');
  return typeof prompt === 'string' ? parts.includes(prompt) : prompt.test(parts);
}

/**
 * The document inside an extension's webview view. Webviews are two nested iframes: the
 * host frame (class `webview`, its src names the extension) and `#active-frame` inside it.
 */
export function chatFrame(page: Page, extensionId = EXTENSION_ID): FrameLocator {
  return page
    .frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}"]`)
    .first()
    .frameLocator('iframe#active-frame');
}

/**
 * Reads the notification centre (toasts are hidden while the smoke-test driver is on):
 * opens it from the status-bar bell, returns each notification's text, closes it again.
 */
export async function readNotifications(page: Page): Promise<string[]> {
  const center = page.locator('.notifications-center');
  const bell = page.locator('.part.statusbar [id="status.notifications"]').first();
  const wasOpen = await center.isVisible();
  if (!wasOpen) {
    await focusWorkbench(page);
    await bell.click();
    await center.waitFor({ state: 'visible', timeout: 5_000 });
  }
  const items = await center.locator('.notification-list-item').all();
  const texts: string[] = [];
  for (const item of items) texts.push(((await item.getAttribute('aria-label')) ?? (await item.innerText())).trim());
  if (!wasOpen) {
    await bell.click();
    await center.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }
  return texts;
}

/** Saves a screenshot of the page to `test-results/screenshots/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file });
  return file;
}
