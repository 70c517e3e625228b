/** The markdown parser the panel renders with and the host reads code blocks with, so both number a reply's blocks alike. */
import MarkdownIt, { type Options } from 'markdown-it';
import { CODE_LANGUAGE } from '../protocol';

/** Link schemes a reply may use; everything else stays plain text. */
export const SAFE_URL = /^(?:https?:|mailto:)/i;

/**
 * A parser with the panel's options: raw HTML is text, bare URLs become links, and only http(s)
 * and mailto links count. The link check matters for blocks too: a reference definition whose
 * URL fails it is a paragraph, and an indented line after a paragraph is not a code block.
 */
export function createMarkdown(highlight?: Options['highlight']): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, highlight: highlight ?? null });
  md.validateLink = (url) => SAFE_URL.test(url.trim());
  return md;
}

/** Line endings as the renderer expects them. */
export function normalizeMarkdown(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** One code block of a reply, as its toolbar acts on it. */
export interface CodeBlock {
  /** The code as written, without the newline markdown-it ends every block with. */
  readonly code: string;
  /** The fence's language (its info string's first word), or empty when none or not a plain name. */
  readonly language: string;
}

let parser: MarkdownIt | undefined;

/** A code block with its whole fence info string, which may name the file the code is for (```` ```ts src/a.ts ````). */
export interface FencedBlock extends CodeBlock {
  /** The fence's info string, unescaped and trimmed; empty for indented blocks. */
  readonly info: string;
}

/**
 * The code blocks of a reply with their info strings, in the order the panel shows them: every
 * fenced and indented block, nested ones (in lists and quotes) included, since each renders as one `<pre>`.
 */
export function fencedBlocks(markdown: string): FencedBlock[] {
  parser ??= createMarkdown();
  const out: FencedBlock[] = [];
  for (const token of parser.parse(normalizeMarkdown(markdown), {})) {
    if (token.type !== 'fence' && token.type !== 'code_block') continue;
    const info = token.type === 'fence' && token.info ? parser.utils.unescapeAll(token.info).trim() : '';
    const language = info.split(/\s+/)[0] ?? '';
    out.push({ code: token.content.replace(/\n$/, ''), language: CODE_LANGUAGE.test(language) ? language : '', info });
  }
  return out;
}

/** The code blocks of a reply, as {@link fencedBlocks} without the info strings. */
export function codeBlocks(markdown: string): CodeBlock[] {
  return fencedBlocks(markdown).map(({ code, language }) => ({ code, language }));
}
