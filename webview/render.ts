// Turns reply markdown into sanitized DOM, including the cheap path for replies still streaming in.
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

/** Link schemes a reply may use; everything else stays plain text. */
const SAFE_URL = /^(?:https?:|mailto:)/i;

const ALLOWED_TAGS = [
  'p', 'em', 'strong', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'hr', 'br',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del', 's',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'start', 'align'];

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.validateLink = (url) => SAFE_URL.test(url.trim());

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
      data.keepAttr = tag === 'CODE' && /^language-[\w#+.-]+$/.test(value);
      break;
    case 'start':
      data.keepAttr = tag === 'OL' && /^\d{1,9}$/.test(value);
      break;
    case 'align':
      data.keepAttr = (tag === 'TH' || tag === 'TD') && /^(?:left|center|right)$/.test(value);
      break;
  }
});

function sanitize(html: string): DocumentFragment {
  return purify.sanitize(html, {
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
}

function normalize(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Renders markdown to a sanitized fragment: raw HTML is shown as text, images become links,
 * and only http(s) and mailto links survive.
 */
export function renderMarkdown(text: string): DocumentFragment {
  return sanitize(md.render(normalize(text)));
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

/**
 * Renders markdown that keeps growing at its end, as a streaming reply does.
 *
 * Once a top-level block is followed by another one, appending text can no longer change it
 * (an unclosed fence, a list or a paragraph is always the last block while it grows), so such
 * blocks are rendered once and kept; each call re-parses and re-renders only the text from the
 * last top-level block on. That keeps a long reply linear instead of quadratic. The one thing
 * this can miss, a reference-style link defined after its use, is fixed by rendering the finished
 * reply once with {@link renderMarkdown}.
 */
export class StreamingMarkdown {
  /** Normalized text already rendered into settled nodes. */
  private settled = '';
  private live: ChildNode[] = [];

  /** @param container element that receives the rendering; this object owns its children */
  constructor(private readonly container: HTMLElement) {}

  /** Shows `text`, which usually extends the previous call's text. */
  update(text: string): void {
    const source = normalize(text);
    if (!source.startsWith(this.settled)) {
      this.settled = '';
      this.live = [];
      this.container.replaceChildren();
    }
    const tail = source.slice(this.settled.length);
    const env = {};
    const tokens = md.parse(tail, env);
    const blockStarts: number[] = [];
    tokens.forEach((t, i) => {
      if (t.level === 0 && t.nesting !== -1 && t.map) blockStarts.push(i);
    });

    for (const node of this.live) node.remove();
    let liveTokens = tokens;
    if (blockStarts.length >= 2) {
      const last = blockStarts[blockStarts.length - 1];
      const cut = lineStart(tail, tokens[last].map?.[0] ?? 0);
      this.container.append(sanitize(md.renderer.render(tokens.slice(0, last), md.options, env)));
      this.settled += tail.slice(0, cut);
      liveTokens = tokens.slice(last);
    }
    const fragment = sanitize(md.renderer.render(liveTokens, md.options, env));
    this.live = Array.from(fragment.childNodes);
    this.container.append(fragment);
  }
}
