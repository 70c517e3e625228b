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

const ROOT = path.resolve(__dirname, '../..');

/** Globals the stand-in page script defines. */
export interface TestWindow {
  __posted: WebviewToHost[];
  __state: unknown;
  __violations: string[];
}

/** VS Code's default dark theme variables, as the workbench sets them on a webview. */
const DARK_THEME = `
  --vscode-font-family: system-ui, "Ubuntu", "Droid Sans", sans-serif;
  --vscode-font-size: 13px;
  --vscode-font-weight: normal;
  --vscode-editor-font-family: "DejaVu Sans Mono", "Droid Sans Mono", monospace;
  --vscode-editor-font-size: 13px;
  --vscode-foreground: #cccccc;
  --vscode-descriptionForeground: #9d9d9d;
  --vscode-sideBar-background: #181818;
  --vscode-editor-background: #1f1f1f;
  --vscode-editor-foreground: #cccccc;
  --vscode-input-background: #313131;
  --vscode-input-foreground: #cccccc;
  --vscode-input-border: #3c3c3c;
  --vscode-input-placeholderForeground: #989898;
  --vscode-focusBorder: #0078d4;
  --vscode-textCodeBlock-background: #2b2b2b;
  --vscode-textPreformat-foreground: #d0d0d0;
  --vscode-textPreformat-background: #3c3c3c;
  --vscode-textLink-foreground: #4daafc;
  --vscode-textLink-activeForeground: #4daafc;
  --vscode-textBlockQuote-background: #2b2b2b;
  --vscode-textBlockQuote-border: #616161;
  --vscode-errorForeground: #f85149;
  --vscode-inputValidation-errorBackground: #5a1d1d;
  --vscode-inputValidation-errorBorder: #be1100;
  --vscode-inputValidation-warningBackground: #352a05;
  --vscode-inputValidation-warningBorder: #b89500;
  --vscode-editorWarning-foreground: #cca700;
  --vscode-badge-background: #616161;
  --vscode-badge-foreground: #f8f8f8;
  --vscode-button-background: #0078d4;
  --vscode-button-foreground: #ffffff;
  --vscode-button-hoverBackground: #026ec1;
  --vscode-button-secondaryBackground: #313131;
  --vscode-button-secondaryForeground: #cccccc;
  --vscode-button-secondaryHoverBackground: #3c3c3c;
  --vscode-button-border: #ffffff12;
  --vscode-panel-border: #2b2b2b;
  --vscode-widget-border: #313131;
  --vscode-progressBar-background: #0078d4;
`;

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

function page(origin: string, nonce: string): { html: string; csp: string } {
  const csp = webviewCsp(origin, nonce);
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${origin}/dist/webview/main.css">
<style nonce="${nonce}">html {${DARK_THEME}} body { background: var(--vscode-sideBar-background); }</style>
<script nonce="${nonce}">${STAND_IN}</script>
</head>
<body class="vscode-dark" data-vscode-theme-kind="vscode-dark">
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

  /** Bundles the current webview source (same options as esbuild.mjs), serves it, starts Chromium. */
  async start(): Promise<void> {
    // A private output directory keeps the test on the current source without racing a --watch build.
    this.outdir = await mkdtemp(path.join(tmpdir(), 'pathors-webview-'));
    await esbuild.build({
      entryPoints: [path.join(ROOT, 'webview/main.ts')],
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
        const { html, csp } = page(this.origin, randomBytes(16).toString('base64'));
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

  /** Opens the panel in a fresh context (a sidebar-sized viewport) and waits for its `ready`. */
  async open(): Promise<Panel> {
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
    await p.goto(`${this.origin}/panel.html`);
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

/** Lets queued message events and two animation frames run, so batched rendering has landed. */
export async function settle(p: Page): Promise<void> {
  await p.evaluate(
    () => new Promise<void>((resolve) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => resolve())), 0)),
  );
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
