// Turns reply markdown into sanitized DOM, including the cheap path for replies still streaming in.
import DOMPurify from 'dompurify';
import type { Token } from 'markdown-it';
import { createMarkdown, normalizeMarkdown, SAFE_URL } from '../src/core/markdown.js';
import { ChunkWriter, chunked } from './chunks.js';
import { GrowingBlock } from './growingBlock.js';
import { splitLongWords } from './longWords.js';
import { highlightCode } from './highlight.js';

const ALLOWED_TAGS = [
  'p', 'em', 'strong', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'hr', 'br',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del', 's',
  // Syntax highlighting: the hook below lets a span keep only a highlight.js class.
  'span',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'start', 'align'];

/** The classes highlight.js gives its token spans: `hljs-keyword`, `hljs-title function_`, … */
const HLJS_CLASS = /^hljs-[\w-]+(?: [a-z]+_+)*$/;

// The host reads code blocks with the same parser (src/core/markdown.ts), so both number them alike.
const md = createMarkdown(highlightCode);
/** Rendering options for text that may still grow: code is not highlighted until its fence closes. */
const PLAIN = { ...md.options, highlight: null };

// Images would fetch remote content (and leak that the reply was read), so an image becomes a
// link to it, named by its alt text; markdown-it has already checked the URL with validateLink.
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const src = token.attrGet('src') ?? '';
  const alt = self.renderInlineAsText(token.children ?? [], options, env);
  const title = token.attrGet('title');
  const titleAttr = title ? ` title="${md.utils.escapeHtml(title)}"` : '';
  return `<a href="${md.utils.escapeHtml(src)}"${titleAttr}>${md.utils.escapeHtml(alt || src)}</a>`;
};

// markdown-it aligns table cells with a style attribute; styles are not allowed through the
// sanitizer, so the alignment is carried by the plain `align` attribute instead.
md.core.ruler.push('table_align', (state) => {
  for (const token of state.tokens) {
    if (token.type !== 'th_open' && token.type !== 'td_open') continue;
    const align = /^text-align:(left|center|right)$/.exec(token.attrGet('style') ?? '')?.[1];
    token.attrs = align ? [['align', align]] : null;
  }
});

const purify = DOMPurify(window);
purify.addHook('uponSanitizeAttribute', (node, data) => {
  const tag = node.nodeName;
  const value = data.attrValue;
  switch (data.attrName) {
    case 'href':
      data.keepAttr = tag === 'A' && SAFE_URL.test(value.trim());
      break;
    case 'class':
      data.keepAttr = (tag === 'CODE' && /^language-[\w#+.-]+$/.test(value)) || (tag === 'SPAN' && HLJS_CLASS.test(value));
      break;
    case 'start':
      data.keepAttr = tag === 'OL' && /^\d{1,9}$/.test(value);
      break;
    case 'align':
      data.keepAttr = (tag === 'TH' || tag === 'TD') && /^(?:left|center|right)$/.test(value);
      break;
  }
});

// The configuration is set once on this private instance rather than parsed again on each call:
// a streaming reply is sanitized in small pieces many times a second.
purify.setConfig({
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP: SAFE_URL,
  // DOMPurify checks attributes it does not know as URL-safe against ALLOWED_URI_REGEXP;
  // these two never hold URLs, and the hook above already pins their values.
  ADD_URI_SAFE_ATTR: ['align', 'start'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
});

function sanitize(html: string): DocumentFragment {
  const fragment = purify.sanitize(html) as unknown as DocumentFragment;
  splitLongWords(fragment);
  return fragment;
}

const normalize = normalizeMarkdown;

/**
 * Renders markdown to a sanitized fragment: raw HTML is shown as text, images become links,
 * and only http(s) and mailto links survive. Its blocks come in chunks (see {@link ChunkWriter}).
 */
export function renderMarkdown(text: string): DocumentFragment {
  return chunked(sanitize(md.render(normalize(text))));
}

/** Index in `text` where line `line` (0-based) starts. */
function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

/** A fence such as ```` ``` ```` or `~~~~` alone on its line (up to three spaces before it). */
const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/**
 * True when `token`, a top-level block of `text`, is a code fence whose closing line is complete:
 * no text appended later can change it, so it can be highlighted and kept.
 */
function isClosedFence(token: Token, text: string): boolean {
  if (token.type !== 'fence' || !token.map) return false;
  const [first, end] = token.map;
  if (end - 1 <= first) return false;
  const start = lineStart(text, end - 1);
  // Until its newline arrives, the closing line may still become text (```` ```x ````).
  const newline = text.indexOf('\n', start);
  if (newline < 0) return false;
  const fence = FENCE_LINE.exec(text.slice(start, newline))?.[1];
  return fence !== undefined && fence[0] === token.markup[0] && fence.length >= token.markup.length;
}

/** Called with each sanitized fragment before it is shown; `settled` fragments never change again. */
export type DecorateFragment = (fragment: DocumentFragment, settled: boolean) => void;

/**
 * Renders markdown that keeps growing at its end, as a streaming reply does.
 *
 * Once a top-level block is followed by another one, appending text can no longer change it
 * (an unclosed fence, a list or a paragraph is always the last block while it grows), so such
 * blocks are rendered once and kept; each call re-parses and re-renders only the text from the
 * last top-level block on, and never looks at the settled text again. That keeps a long reply
 * linear instead of quadratic. The one thing this can miss, a reference-style link defined after
 * its use, is why {@link finish} asks for a full render when the reply defines references.
 *
 * Code is highlighted only in settled blocks, so each block is highlighted once: a fence that is
 * still open shows as plain code, and a top-level fence settles as soon as its closing line ends.
 *
 * Blocks are grouped in chunks (see {@link ChunkWriter}), exactly as {@link renderMarkdown} groups
 * a whole reply: the live block is shown in the chunk it will settle in.
 */
export class StreamingMarkdown {
  /** Normalized text after the settled blocks: what the next update parses again. */
  private tail = '';
  /** The text so far ends in `\r`, which is a line break of its own unless `\n` follows. */
  private pendingReturn = false;
  private live: ChildNode[] = [];
  /** The unsettled block, when it can grow at its end (a long table, an open code fence). */
  private readonly growing = new GrowingBlock();
  /** Some parse met a reference definition, which may change blocks that have already settled. */
  private sawReferences = false;
  /** Puts blocks into chunks at the end of the container (the live nodes are taken out first). */
  private readonly chunks: ChunkWriter;

  /**
   * @param container element that receives the rendering; this object owns its children
   * @param decorate adds to each fragment before it is shown (code block toolbars)
   */
  constructor(
    container: HTMLElement,
    private readonly decorate?: DecorateFragment,
  ) {
    this.chunks = new ChunkWriter(container);
  }

  /** Shows `more` after the text shown so far; only the unsettled end of the reply is rendered again. */
  append(more: string): void {
    if (more === '') return;
    this.add(more);
    this.renderTail(false);
  }

  /** Takes `more` after the text so far without drawing it: the reply is about to {@link finish}. */
  appendLast(more: string): void {
    this.add(more);
  }

  private add(more: string): void {
    let chunk = this.pendingReturn ? `\r${more}` : more;
    this.pendingReturn = chunk.endsWith('\r');
    if (this.pendingReturn) chunk = chunk.slice(0, -1);
    this.tail += normalize(chunk);
  }

  /**
   * The reply is complete: renders its last blocks as settled (highlighted, with their actions).
   * @returns false when the container does not match a full render of the reply (it defines
   * references, which may turn text of blocks that have settled into links); the caller then
   * renders the reply anew with {@link renderMarkdown}
   */
  finish(): boolean {
    if (this.pendingReturn) {
      this.pendingReturn = false;
      this.tail += '\n';
    }
    this.renderTail(true);
    return !this.sawReferences;
  }

  private renderTail(complete: boolean): void {
    const tail = this.tail;
    const env: { references?: unknown } = {};
    const tokens = md.parse(tail, env);
    if (env.references) this.sawReferences = true;
    if (complete) {
      this.dropLive();
      this.chunks.append(this.render(tokens, env, true));
      this.tail = '';
      return;
    }

    let last: number | undefined;
    let blocks = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.level === 0 && t.nesting !== -1 && t.map) {
        last = i;
        blocks++;
      }
    }
    // Tokens before `keep` (and the text before `cut`) settle now.
    let keep = 0;
    let cut = 0;
    if (last !== undefined && isClosedFence(tokens[last], tail)) {
      keep = tokens.length;
      cut = lineStart(tail, tokens[last].map?.[1] ?? 0);
    } else if (last !== undefined && blocks >= 2) {
      keep = last;
      cut = lineStart(tail, tokens[last].map?.[0] ?? 0);
    }
    // Nothing settles and the one block on screen still continues: only its new end is drawn.
    if (keep === 0 && this.growing.grow(tokens, tail, (t) => this.render(t, env, false))) return;
    this.dropLive();
    if (keep > 0) {
      this.chunks.append(this.render(tokens.slice(0, keep), env, true));
      this.tail = tail.slice(cut);
    }
    if (keep === tokens.length) return;
    const live = keep > 0 ? tokens.slice(keep) : tokens;
    this.live = this.chunks.show(this.render(live, env, false));
    this.growing.start(live, tail, this.live);
  }

  /** Takes the unsettled block off the screen. */
  private dropLive(): void {
    for (const node of this.live) node.remove();
    this.live = [];
    this.growing.clear();
  }

  private render(tokens: Token[], env: object, settled: boolean): DocumentFragment {
    const fragment = sanitize(md.renderer.render(tokens, settled ? md.options : PLAIN, env));
    this.decorate?.(fragment, settled);
    return fragment;
  }
}
