/**
 * Serves the built panel under the webview's strict CSP with a recording stand-in for the
 * VS Code webview API, and opens it in Debian Chromium through playwright-core.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import * as assert from 'node:assert/strict';
import { parseWebviewMessage, type HostToWebview, type WebviewToHost } from '../../src/protocol';
import { webviewCsp } from '../../src/csp';
import { bodyAttributes, themeDeclarations, THEMES, type ThemeName } from './themes';

const ROOT = path.resolve(__dirname, '../..');

/** Globals the stand-in page script defines. */
export interface TestWindow {
  __posted: WebviewToHost[];
  __state: unknown;
  __violations: string[];
}

/** Defines acquireVsCodeApi before the bundle runs; state persists across reloads like VS Code's. */
const STAND_IN = `
(() => {
  window.__posted = [];
  window.__violations = [];
  const stored = sessionStorage.getItem('__state');
  window.__state = stored === null ? undefined : JSON.parse(stored);
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber + ' ' + e.sample);
  });
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage: (message) => { window.__posted.push(structuredClone(message)); },
      getState: () => window.__state,
      setState: (state) => {
        window.__state = structuredClone(state);
        sessionStorage.setItem('__state', JSON.stringify(state));
        return state;
      },
    });
  };
})();
`;

function page(origin: string, nonce: string, theme: ThemeName): { html: string; csp: string } {
  const csp = webviewCsp(origin, nonce);
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pathors Chat</title>
<link rel="stylesheet" href="${origin}/dist/webview/main.css">
<style nonce="${nonce}">html {
  ${themeDeclarations(THEMES[theme])}
} body { background: var(--vscode-sideBar-background); }</style>
<script nonce="${nonce}">${STAND_IN}</script>
</head>
<body ${bodyAttributes(THEMES[theme])}>
<script nonce="${nonce}" src="${origin}/dist/webview/main.js"></script>
</body>
</html>`;
  return { html, csp };
}

/** One opened panel plus everything it did that a test may want to assert on. */
export interface Panel {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors, page errors and failed requests. */
  readonly problems: string[];
  /** Every URL the page requested. */
  readonly requests: string[];
}

/** A built panel served on 127.0.0.1 and a browser to open it in. */
export class PanelHarness {
  origin = '';
  private server?: Server;
  private browser?: Browser;
  private outdir = '';

  /**
   * @param entry the page's script, from the repository root: the panel itself unless told (the
   * benchmarks also serve a page built another way under the same CSP)
   */
  constructor(private readonly entry = 'webview/main.ts') {}

  /** Bundles the current webview source (same options as esbuild.mjs), serves it, starts Chromium. */
  async start(): Promise<void> {
    // A private output directory keeps the test on the current source without racing a --watch build.
    this.outdir = await mkdtemp(path.join(tmpdir(), 'pathors-webview-'));
    await esbuild.build({
      entryPoints: [path.join(ROOT, this.entry)],
      outfile: path.join(this.outdir, 'main.js'),
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      loader: { '.css': 'css' },
      sourcemap: 'linked',
      sourcesContent: false,
      legalComments: 'none',
      logLevel: 'silent',
    });
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', this.origin);
      if (url.pathname === '/panel.html') {
        const theme = url.searchParams.get('theme') ?? 'dark';
        if (!Object.hasOwn(THEMES, theme)) {
          res.writeHead(400).end();
          return;
        }
        const { html, csp } = page(this.origin, randomBytes(16).toString('base64'), theme as ThemeName);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
        res.end(html);
        return;
      }
      const asset = /^\/dist\/webview\/(main\.(?:js|css))$/.exec(url.pathname)?.[1];
      if (!asset) {
        res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
        return;
      }
      readFile(path.join(this.outdir, asset)).then(
        (body) => {
          const type = asset.endsWith('.js') ? 'text/javascript' : 'text/css';
          res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
        },
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
  }

  /**
   * Opens the panel in a fresh context (a sidebar-sized viewport) and waits for its `ready`.
   * @param theme the VS Code theme the page is given (Dark Modern unless told)
   */
  async open(theme: ThemeName = 'dark'): Promise<Panel> {
    if (!this.browser) throw new Error('start() first');
    const context = await this.browser.newContext({ viewport: { width: 420, height: 720 }, locale: 'en-US' });
    const p = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    p.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    p.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    p.on('request', (r) => requests.push(r.url()));
    await p.goto(`${this.origin}/panel.html${theme === 'dark' ? '' : `?theme=${theme}`}`);
    await waitForReady(p);
    return { page: p, context, problems, requests };
  }

  /** Stops the browser and server and removes the build. */
  async stop(): Promise<void> {
    await this.browser?.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    if (this.outdir) await rm(this.outdir, { recursive: true, force: true });
  }
}

/** Waits until the panel has announced itself. */
export async function waitForReady(p: Page): Promise<void> {
  await p.waitForFunction(() => (window as unknown as TestWindow).__posted.some((m) => m.type === 'ready'));
}

/**
 * Lets queued message events and two animation frames run, so batched rendering has landed; again
 * while the panel marks a redraw it has put off (frames over budget space its redraws out).
 * Page-side code as a string: it needs no helpers from the test's bundler in the page.
 */
export async function settle(p: Page): Promise<void> {
  await p.evaluate(`new Promise((resolve) => {
    const round = () => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => {
      if (document.querySelector('[data-redraw]')) round();
      else resolve();
    })), 0);
    round();
  })`);
}

/** Delivers host messages exactly as the webview receives them, then settles. */
export async function post(p: Page, ...messages: HostToWebview[]): Promise<void> {
  await p.evaluate((ms) => {
    for (const m of ms) window.postMessage(m, '*');
  }, messages);
  await settle(p);
}

/** Messages the panel has posted to the host so far. */
export async function posted(p: Page): Promise<WebviewToHost[]> {
  return p.evaluate(() => (window as unknown as TestWindow).__posted);
}

/** CSP violations the page has reported so far. */
export async function violations(p: Page): Promise<string[]> {
  return p.evaluate(() => (window as unknown as TestWindow).__violations);
}

/** The state last given to setState. */
export async function savedState(p: Page): Promise<unknown> {
  return p.evaluate(() => (window as unknown as TestWindow).__state);
}

/**
 * Closes a panel and asserts it stayed clean: no console or page errors, no CSP violation, no
 * request beyond the panel's own files, and every message it posted one the host accepts.
 */
export async function closeAndCheck(panel: Panel, origin: string): Promise<void> {
  const { page, problems, requests } = panel;
  const seen = await violations(page).catch(() => ['(page gone)']);
  const sent = await posted(page).catch(() => []);
  await panel.context.close();
  assert.deepEqual(problems, [], 'console errors, page errors or failed requests');
  assert.deepEqual(seen, [], 'CSP violations');
  const allowed = new Set(['/panel.html', '/dist/webview/main.js', '/dist/webview/main.css', '/favicon.ico']);
  const unexpected = requests.filter((u) => !u.startsWith(origin) || !allowed.has(new URL(u).pathname));
  assert.deepEqual(unexpected, [], 'requests besides the panel itself');
  for (const m of sent) assert.deepEqual(parseWebviewMessage(m), m, `the host would reject ${JSON.stringify(m)}`);
}
