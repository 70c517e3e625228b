/** The one text format every piece of attached context is sent in: a header line, then the content in a fence. */

/**
 * A run of backticks longer than any run inside `content` (at least three), so the content
 * can never close the fence early, whatever Markdown it holds.
 */
export function fenceFor(content: string): string {
  let longest = 0;
  for (const m of content.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** The result of {@link cutText}. */
export interface CutText {
  readonly text: string;
  /** True when `text` is shorter than the input. */
  readonly cut: boolean;
}

/**
 * The first `max` characters of `text` (UTF-16 code units, as the budgets count), never
 * ending inside a surrogate pair, which would send half an emoji as an invalid character.
 */
export function cutText(text: string, max: number): CutText {
  if (text.length <= max) return { text, cut: false };
  let kept = text.slice(0, Math.max(0, max));
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return { text: kept, cut: true };
}

/** `line 12` or `lines 12-30`. */
export function lineRangeText(startLine: number, endLine: number): string {
  return startLine === endLine ? `line ${startLine}` : `lines ${startLine}-${endLine}`;
}

/** One block of context as sent: the header line, a blank line, the fenced content, and an optional notice. */
export interface ContextBlock {
  /** Ends with a colon, e.g. ``Context: `src/a.ts` (typescript), lines 1-9:`` or `Problems (3):`. */
  readonly header: string;
  /** The fence's info string (a language id, `diff`, `text`). */
  readonly info: string;
  readonly content: string;
  /** Said after the fence, e.g. that the content was cut. */
  readonly notice?: string;
}

/**
 * Renders a {@link ContextBlock}:
 *
 * ````text
 * Context: `src/app.ts` (typescript), lines 12-30:
 *
 * ```typescript
 * const a = 1;
 * ```
 *
 * (The selection was cut to its first 2 of 6 characters.)
 * ````
 *
 * One trailing newline of the content is dropped, since the closing fence supplies it.
 */
export function renderContextBlock(block: ContextBlock): string {
  const fence = fenceFor(block.content);
  const body = block.content.endsWith('\n') ? block.content.slice(0, -1) : block.content;
  const parts = [block.header, '', `${fence}${block.info}`, body, fence];
  if (block.notice) parts.push('', block.notice);
  return parts.join('\n');
}

/** The header of a code block from a file: ``Context: `path` (language), lines a-b:``. */
export function codeHeader(path: string, languageId: string, startLine: number, endLine: number, wholeFile = false): string {
  return `Context: \`${path}\` (${languageId}), ${lineRangeText(startLine, endLine)}${wholeFile ? ' (whole file)' : ''}:`;
}

/** What the agent is told when content was cut: `(The selection was cut to its first 2 of 6 characters.)`. */
export function cutNotice(what: string, sent: number, total: number): string {
  return `(The ${what} was cut to its first ${sent} of ${total} characters.)`;
}
