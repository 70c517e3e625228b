/**
 * In-page guards for the panel's security suites: the markup a reply may render to, a watcher
 * that checks every node a reply ever puts on screen (even for one frame), a canary for code
 * that runs, a gate for requests, and a driver that streams a reply through the real message path.
 */
import type { Page, Route } from 'playwright-core';
import type { HostToWebview, TranscriptEntry } from '../../src/protocol';
import type { Panel } from './harness';

/** A rule for one attribute's value: a regular expression's source and flags. */
interface ValueRule {
  readonly source: string;
  readonly flags: string;
}

const ANY: ValueRule = { source: '', flags: '' };
const SAFE_HREF: ValueRule = { source: '^(?:https?:|mailto:)', flags: 'i' };
const ALIGN: ValueRule = { source: '^(?:left|center|right)$', flags: '' };
const exactly = (...values: string[]): ValueRule => ({ source: `^(?:${values.join('|')})$`, flags: '' });

/** The class of a chunk of a reply's blocks: a `div` allowed only directly in the reply body. */
const CHUNK = 'md-chunk';

/**
 * Every element a reply body (`.markdown`) may contain, with the attributes it may carry and what
 * their values may be. This is the security contract of webview/render.ts and of the controls the
 * panel adds around code blocks, written out independently of them: widening what a reply renders
 * to (a new element, class or attribute) means adding it here deliberately, with a rule as tight
 * as the renderer's own.
 */
export const REPLY_MARKUP: Readonly<Record<string, Readonly<Record<string, ValueRule>>>> = {
  // What the sanitizer lets through from markdown-it and highlight.js.
  p: {}, em: {}, strong: {}, del: {}, s: {}, br: {}, hr: {}, blockquote: {},
  h1: {}, h2: {}, h3: {}, h4: {}, h5: {}, h6: {},
  ul: {}, li: {}, ol: { start: { source: '^\\d{1,9}$', flags: '' } },
  // A code block or table that scrolls sideways is a tab stop while it does (webview/scrollable.ts).
  pre: { tabindex: exactly('0') }, code: { class: { source: '^language-[\\w#+.-]+$', flags: '' } },
  a: { href: SAFE_HREF, title: ANY },
  table: { tabindex: exactly('0') }, thead: {}, tbody: {}, tr: {}, th: { align: ALIGN }, td: { align: ALIGN },
  // highlight.js token spans, and the language label of a code block's header.
  span: { class: { source: '^(?:hljs-[\\w-]+(?: [a-z]+_+)*|code-block-language)$', flags: '' } },
  // The panel's own code block frame and toolbar (built with DOM calls, not from reply markup),
  // and the chunks a reply's blocks are grouped in (only ever children of the reply body itself).
  div: { class: exactly('code-block', 'code-block-header', 'code-block-actions', CHUNK) },
  button: {
    type: exactly('button'), class: exactly('toolbar-button'), 'aria-label': ANY, title: ANY,
    'data-action': exactly('copy', 'insert', 'newFile', 'apply', 'runInTerminal'), 'data-copied-timer': { source: '^\\d+$', flags: '' },
  },
};

/** Elements of {@link REPLY_MARKUP} that may have a shadow root: none (its buttons are plain `<button>`s). */
const SHADOW_HOSTS: string[] = [];

/** Link schemes a reply's links may use once the browser has resolved them. */
const SAFE_PROTOCOLS = ['http:', 'https:', 'mailto:'];

/** What the in-page guard found. */
export interface GuardReport {
  /** Markup outside {@link REPLY_MARKUP}, unsafe links or `command:` URIs, each with where it was seen. */
  readonly markup: string[];
  /** Set when any payload's code ran (`window.__pwned`, or a trapped `alert`/`confirm`/`prompt`/`print`). */
  readonly pwned: unknown;
  /** CSP violations the page reported (the harness listens for `securitypolicyviolation`). */
  readonly cspViolations: string[];
  /** The page's URL: it must never change. */
  readonly url: string;
}

interface GuardWindow {
  __pwned?: unknown;
  __violations: string[];
  __guard: { markup: string[]; checkBody(body: Element, where: string): void };
}

/**
 * Installs the guard in an opened panel: traps dialogs as canaries and watches every node and
 * attribute that enters a reply body (`.markdown`), so markup that exists even for one frame of a
 * stream is reported.
 */
export async function installGuard(page: Page): Promise<void> {
  // tsx names nested functions with an `__name` helper that the page does not have.
  await page.evaluate('globalThis.__name ??= (f) => f');
  await page.evaluate(
    ({ markup, protocols, shadowHosts, chunk }) => {
      const w = window as unknown as GuardWindow & Record<string, unknown>;
      for (const name of ['alert', 'confirm', 'prompt', 'print']) {
        w[name] = (...args: unknown[]) => {
          w.__pwned = `${name}(${args.map(String).join(', ')})`;
        };
      }
      const rules = new Map(Object.entries(markup).map(([tag, attrs]) => [
        tag,
        new Map(Object.entries(attrs).map(([name, r]) => [name, new RegExp(r.source, r.flags)])),
      ]));
      const found: string[] = [];
      const report = (where: string, what: string, el?: Element): void => {
        const entry = el?.closest('.message')?.getAttribute('data-id');
        if (found.length < 50) found.push(`${where}${entry ? ` in ${entry}` : ''}: ${what.slice(0, 200)}`);
      };
      const checkElement = (el: Element, where: string): void => {
        const tag = el.localName;
        const allowed = rules.get(tag);
        if (!allowed || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') report(where, `element <${tag}> (${el.namespaceURI})`, el);
        if (el.shadowRoot && !shadowHosts.includes(tag)) report(where, `shadow root on <${tag}>`, el);
        if (el.classList.contains(chunk) && !el.parentElement?.matches('.markdown')) report(where, `chunk <${tag}> inside <${el.parentElement?.localName}>`, el);
        for (const attr of Array.from(el.attributes)) {
          const rule = allowed?.get(attr.name);
          if (!rule || !rule.test(attr.value)) report(where, `attribute ${attr.name}="${attr.value}" on <${tag}>`, el);
        }
        if (el instanceof HTMLAnchorElement && el.hasAttribute('href')) {
          const href = el.getAttribute('href') ?? '';
          if (URL.canParse(href) && !protocols.includes(new URL(href).protocol)) report(where, `link to ${href}`, el);
        }
      };
      const check = (root: Element, where: string): void => {
        checkElement(root, where);
        for (const el of Array.from(root.querySelectorAll('*'))) checkElement(el, where);
      };
      // A reply body is `.markdown`; everything inside it (not the body itself) came from the renderer.
      const checkBody = (body: Element, where: string): void => {
        for (const child of Array.from(body.children)) check(child, where);
        if (body.shadowRoot) report(where, 'shadow root on a reply body', body);
      };
      const inReply = (node: Node): boolean => node.parentElement?.closest('.markdown') != null;
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'attributes' && r.target instanceof Element && inReply(r.target)) {
            checkElement(r.target, 'attribute change');
          }
          for (const node of Array.from(r.addedNodes)) {
            if (!(node instanceof Element)) continue;
            if (inReply(node)) check(node, 'inserted');
            else if (node.matches('.markdown')) checkBody(node, 'inserted');
            else for (const body of Array.from(node.querySelectorAll('.markdown'))) checkBody(body, 'inserted');
          }
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
      w.__guard = { markup: found, checkBody };
    },
    { markup: REPLY_MARKUP, protocols: SAFE_PROTOCOLS, shadowHosts: SHADOW_HOSTS, chunk: CHUNK },
  );
}

/**
 * Walks the whole panel as it is now: every reply body against {@link REPLY_MARKUP}, and every
 * element of the page (the panel's own controls included) for `command:` URIs and unsafe links.
 */
export async function guardReport(page: Page): Promise<GuardReport> {
  return page.evaluate(() => {
    const w = window as unknown as GuardWindow;
    for (const body of Array.from(document.querySelectorAll('.markdown'))) w.__guard.checkBody(body, 'rendered');
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        // Text for people, not URLs: a link's title may well read "javascript:…".
        if (/^(?:title|alt|aria-.*)$/.test(attr.name)) continue;
        // The URL parser skips leading spaces and C0 controls before a scheme.
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(attr.value.replace(/^[\s\p{Cc}]+/u, ''))?.[1]?.toLowerCase();
        const isUrl = /^(?:href|src|srcset|action|formaction|xlink:href|data|poster|ping|background)$/.test(attr.name);
        if (['command', 'javascript', 'vbscript', 'data'].includes(scheme ?? '') || (isUrl && !['http', 'https', 'mailto'].includes(scheme ?? ''))) {
          w.__guard.markup.push(`page: ${attr.name}="${attr.value.slice(0, 100)}" on <${el.localName}>`);
        }
      }
    }
    return { markup: [...w.__guard.markup], pwned: (window as { __pwned?: unknown }).__pwned, cspViolations: [...w.__violations], url: location.href };
  });
}

/**
 * Forgets what the guard, the page and the harness have recorded so far (including `blocked`,
 * from {@link gateRequests}), so the next check judges only what happens from now on. Code queued
 * earlier that runs later is still caught, by the next check.
 */
export async function clearGuard(panel: Panel, blocked: string[]): Promise<void> {
  panel.problems.length = 0;
  panel.requests.length = 0;
  blocked.length = 0;
  await panel.page.evaluate(() => {
    const w = window as unknown as GuardWindow;
    w.__guard.markup.length = 0;
    w.__violations.length = 0;
    delete w.__pwned;
  });
}

/** The panel's own files; any other request is stopped and recorded. */
const PANEL_FILES = new Set(['/panel.html', '/dist/webview/main.js', '/dist/webview/main.css', '/dist/webview/main.js.map', '/favicon.ico']);

/**
 * Stops every request that is not one of the panel's own files before it leaves the browser,
 * and records it. Also records navigations and new windows.
 * @returns the list the blocked requests, navigations and popups are appended to
 */
export async function gateRequests(panel: Panel, origin: string): Promise<string[]> {
  const blocked: string[] = [];
  await panel.context.route('**/*', (route: Route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin && PANEL_FILES.has(url.pathname)) return route.continue();
    blocked.push(`request ${route.request().url().slice(0, 200)}`);
    return route.abort('blockedbyclient');
  });
  const start = panel.page.url();
  panel.page.on('framenavigated', (frame) => {
    if (frame !== panel.page.mainFrame() || frame.url() !== start) blocked.push(`navigation ${frame.url().slice(0, 200)}`);
  });
  panel.context.on('page', (p) => blocked.push(`new window ${p.url()}`));
  return blocked;
}

/** Requests the panel made besides its own files. */
export function foreignRequests(panel: Panel, origin: string): string[] {
  return panel.requests.filter((u) => !u.startsWith(`${origin}/`) || !PANEL_FILES.has(new URL(u).pathname));
}

/** Delivers host messages the way the webview receives them, without waiting. */
export async function deliver(page: Page, messages: HostToWebview[]): Promise<void> {
  await page.evaluate((ms) => {
    for (const m of ms) window.postMessage(m, '*');
  }, messages);
}

/**
 * Waits until every message posted so far has been handled and the panel has drawn the streamed
 * text (in its next animation frame, or later when it has spaced its redraws out).
 */
export async function rendered(page: Page): Promise<void> {
  await page.evaluate(SYNC);
}

// A string, not a function: it needs no helpers from the test's bundler in the page.
const SYNC = `new Promise((resolve) => {
  const token = 'sync-' + Math.random();
  const onMessage = (e) => {
    if (e.data !== token) return;
    window.removeEventListener('message', onMessage);
    // The panel queued its frame while handling the messages before this one, so that frame runs
    // first; a redraw it has put off (its frames ran over budget) is marked until it has run.
    const drawn = () => requestAnimationFrame(() => {
      if (document.querySelector('[data-redraw]')) setTimeout(drawn, 0);
      else resolve();
    });
    drawn();
  };
  window.addEventListener('message', onMessage);
  window.postMessage(token, '*');
})`;

/** Splits text into pieces of 1–7 characters, the same way for the same seed. */
export function smallPieces(text: string, seed: number): string[] {
  let a = seed >>> 0;
  const pieces: string[] = [];
  for (let i = 0; i < text.length;) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    const n = 1 + (a >>> 29);
    pieces.push(text.slice(i, i + n));
    i += n;
  }
  return pieces;
}

/**
 * Streams `text` into the streaming entries `entryIds` of request `requestId` as small deltas
 * through the panel's real message path, letting the panel render between groups of deltas:
 * every delta gets its own frame for short texts, and long ones are spread over at most
 * `maxFrames` frames.
 */
export async function streamDeltas(page: Page, requestId: string, entries: ReadonlyMap<string, string>, maxFrames = 24): Promise<void> {
  const perEntry = [...entries].map(([entryId, text], i) => ({ entryId, pieces: smallPieces(text, i + 1) }));
  const longest = Math.max(0, ...perEntry.map((e) => e.pieces.length));
  const perFrame = Math.max(1, Math.ceil(longest / maxFrames));
  for (let start = 0; start < longest; start += perFrame) {
    const batch = perEntry.map(({ entryId, pieces }) => ({ entryId, pieces: pieces.slice(start, start + perFrame) }));
    // Only the texts cross into the page; the messages are built there, as the host would post them.
    await page.evaluate(({ requestId, batch }) => {
      for (let i = 0; i < Math.max(...batch.map((b) => b.pieces.length)); i++) {
        for (const { entryId, pieces } of batch) {
          if (i < pieces.length) window.postMessage({ type: 'delta', requestId, entryId, text: pieces[i] } satisfies HostToWebview, '*');
        }
      }
    }, { requestId, batch });
    await rendered(page);
  }
}

/** A finished assistant reply. */
export function finished(id: string, text: string): TranscriptEntry {
  return { id, role: 'assistant', text };
}
