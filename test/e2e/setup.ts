// What every end-to-end suite starts from: the local Pathors server, code-server with the
// packaged extension (.vsix) installed, and Chromium on its workbench. `useE2eRun` registers
// the mocha hooks that start and stop them and keep the evidence of a failed test.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { activityBarItem, chatFrame, firstPage, launchBrowser, openWorkbench, screenshot } from '../harness/browser';
import { startCodeServer, type CodeServer } from '../harness/codeServer';
import { buildLanguagePack } from '../harness/languagePack';
import { createWorkspace, makeRunDir, removeRunDir, VSIX_PATH } from '../harness/paths';
import { PathorsServer, type RecordedRequest } from '../server/pathorsServer';

/** Long enough for a reply streamed at the server's pace to be caught mid-way. */
export const UI_TIMEOUT = 30_000;

/** Options of {@link useE2eRun}. */
export interface E2eOptions {
  /** Names the run folder (`pathors-<tag>-…`) and prefixes the suite's screenshots. */
  readonly tag: string;
  /** The key the local server accepts. */
  readonly apiKey: string;
  /** Files of the workspace folder (relative path → content). */
  readonly files?: Readonly<Record<string, string>>;
  /** Delay between the deltas of the server's default replies, in ms. Default 30. */
  readonly paceMs?: number;
  /**
   * VS Code's display language: code-server starts with `--locale <id>` and a language pack
   * for it (see test/harness/languagePack.ts). Default: English.
   */
  readonly locale?: { readonly id: string; readonly name: string };
  /** More user settings of the test profile, over the harness defaults and the Pathors ones. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** The servers, browser and page of one suite, and the helpers that read the chat panel. */
export class E2eRun {
  server!: PathorsServer;
  codeServer: CodeServer | undefined;
  context: BrowserContext | undefined;
  page!: Page;
  runDir = '';
  workspace = '';
  /** Set when a test failed: the run folder is kept. */
  failed = false;
  private readonly startedAt = Date.now();

  constructor(readonly options: E2eOptions) {}

  /** The chat panel's document. */
  chat(): FrameLocator {
    return chatFrame(this.page);
  }

  /** The transcript's messages, or those of one role. */
  messages(role?: 'user' | 'assistant' | 'error' | 'tool'): Locator {
    return this.chat().locator(role ? `#messages .message[data-role="${role}"]` : '#messages .message');
  }

  /** The n-th request the server answered (1-based), waiting for it. */
  async nthRequest(n: number): Promise<RecordedRequest> {
    return (await this.server.waitForRequests(n, UI_TIMEOUT))[n - 1];
  }

  /** Waits until no reply streams and returns the text of the last assistant message. */
  async finishedReply(): Promise<string> {
    await this.chat().locator('#messages .message[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    const last = this.messages('assistant').last();
    assert.notEqual(await last.getAttribute('aria-busy'), 'true');
    return last.locator('.message-body').innerText();
  }

  /** Saves a screenshot named `<tag>-<name>` (see the harness's `screenshot`). */
  screenshot(name: string): Promise<string> {
    return screenshot(this.page, `${this.options.tag}-${name}`);
  }

  /** The folder code-server installed the packaged extension into. */
  installedExtensionDir(): string {
    const dir = this.codeServer?.extensionsDir;
    const name = dir && fs.readdirSync(dir).find((d) => d.startsWith('pathors.pathors-chat-'));
    if (!dir || !name) throw new Error('The packaged extension is not installed');
    return path.join(dir, name);
  }

  async start(): Promise<void> {
    if (!fs.existsSync(VSIX_PATH)) throw new Error(`${VSIX_PATH} is missing: run npm run package first`);
    const { tag, apiKey, files = {}, paceMs = 30, locale } = this.options;
    this.server = await PathorsServer.start({ apiKey, projectId: 'e2e-project', paceMs });
    this.runDir = makeRunDir(tag);
    this.workspace = createWorkspace(path.join(this.runDir, 'workspace'), files);
    const vsixes = [VSIX_PATH];
    if (locale) vsixes.push(buildLanguagePack(this.runDir, locale.id, locale.name));
    this.codeServer = await startCodeServer({
      runDir: this.runDir,
      workspace: this.workspace,
      installVsix: vsixes,
      locale: locale?.id,
      settings: { 'pathors.baseUrl': this.server.baseUrl, 'pathors.projectId': this.server.projectId, ...this.options.settings },
    });
    this.context = await launchBrowser(this.runDir);
    this.page = await firstPage(this.context);
    await openWorkbench(this.page, this.codeServer.url, this.workspace);
    // Commands of an extension that has not been read yet are missing from the palette.
    await activityBarItem(this.page, 'Pathors').waitFor({ timeout: 60_000 });
  }

  /** Keeps a screenshot of a failed test. */
  async recordFailure(title: string): Promise<void> {
    this.failed = true;
    if (!this.page) return;
    const file = await this.screenshot(`failed-${title}`).catch(() => undefined);
    if (file) console.log(`    screenshot: ${file}`);
  }

  async stop(): Promise<void> {
    await this.context?.close().catch(() => undefined);
    await this.codeServer?.stop();
    await this.server?.close();
    if (this.runDir) {
      if (this.failed) console.log(`  Run folder kept for inspection: ${this.runDir} (code-server log ${this.codeServer?.logFile})`);
      else removeRunDir(this.runDir);
    }
    console.log(`  ${this.options.tag} wall time: ${((Date.now() - this.startedAt) / 1000).toFixed(1)} s`);
  }
}

/**
 * Registers the hooks of a suite that drives the packaged extension in code-server: started
 * before its first test, stopped after its last, with a screenshot of every failed test.
 * Call it inside `describe`; the returned run is ready once the `before` hook has run.
 */
export function useE2eRun(options: E2eOptions): E2eRun {
  const run = new E2eRun(options);
  before(async function () {
    this.timeout(240_000);
    await run.start();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await run.recordFailure(this.currentTest.title);
  });
  after(async function () {
    this.timeout(60_000);
    await run.stop();
  });
  return run;
}
