/** The smallest single replacement that turns one text into another, so accepting a change rewrites only what changed. */

/** Replace `before.slice(start, end)` with `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * The edit that keeps the longest common prefix and suffix of `before` and `after`. Its ends
 * never fall inside a surrogate pair or between the `\r` and `\n` of a line break, where an
 * editor cannot place a position.
 */
export function minimalEdit(before: string, after: string): TextEdit {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start > 0 && (isHighSurrogate(before.charCodeAt(start - 1)) || before[start - 1] === '\r')) start--;
  let suffix = 0;
  while (suffix < max - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const firstKept = before.length - suffix;
  if (suffix > 0 && (isLowSurrogate(before.charCodeAt(firstKept)) || (before[firstKept] === '\n' && (before[firstKept - 1] === '\r' || after[after.length - suffix - 1] === '\r')))) {
    suffix--;
  }
  return { start, end: before.length - suffix, text: after.slice(start, after.length - suffix) };
}
