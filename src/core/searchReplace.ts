/**
 * SEARCH/REPLACE blocks, the edit format aider and Cline use: parsing them out of a reply and
 * applying them to a file, all or nothing.
 */

/** One hunk: lines to find (exactly once) and the lines to put in their place. */
export interface SearchReplaceBlock {
  /** Lines without their line breaks. Empty: the file must be empty (a new file's first text). */
  readonly search: readonly string[];
  readonly replace: readonly string[];
}

const START = /^<{5,9} ?SEARCH\s*$/;
const DIVIDER = /^={5,9}\s*$/;
const END = /^>{5,9} ?REPLACE\s*$/;

/** True when `text` holds at least one SEARCH marker line, so it is meant as hunks, not as a whole file. */
export function hasSearchReplace(text: string): boolean {
  return text.split(/\r?\n/).some((line) => START.test(line));
}

/** Why blocks could not be read: a SEARCH without its divider or REPLACE marker (1-based hunk number). */
export interface SearchReplaceSyntaxError {
  readonly kind: 'unterminated';
  readonly hunk: number;
}

/**
 * Reads every block in `text`; lines outside blocks are ignored (prose, fences). Marker lines
 * are `<<<<<<< SEARCH`, `=======` and `>>>>>>> REPLACE` (5 to 9 of the character, as aider accepts).
 */
export function parseSearchReplace(text: string): { ok: true; blocks: SearchReplaceBlock[] } | ({ ok: false } & SearchReplaceSyntaxError) {
  const lines = text.split(/\r?\n/);
  const blocks: SearchReplaceBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!START.test(lines[i])) {
      i++;
      continue;
    }
    const hunk = blocks.length + 1;
    const divider = lines.findIndex((l, k) => k > i && DIVIDER.test(l));
    const end = divider < 0 ? -1 : lines.findIndex((l, k) => k > divider && END.test(l));
    // A new SEARCH before this block's end means this one was never closed.
    const nextStart = lines.findIndex((l, k) => k > i && START.test(l));
    if (divider < 0 || end < 0 || (nextStart >= 0 && nextStart < end)) return { ok: false, kind: 'unterminated', hunk };
    blocks.push({ search: lines.slice(i + 1, divider), replace: lines.slice(divider + 1, end) });
    i = end + 1;
  }
  return { ok: true, blocks };
}

/** Writes blocks in the format {@link parseSearchReplace} reads. */
export function formatSearchReplace(blocks: readonly SearchReplaceBlock[]): string {
  return blocks.map((b) => ['<<<<<<< SEARCH', ...b.search, '=======', ...b.replace, '>>>>>>> REPLACE'].join('\n')).join('\n\n');
}

/** Why a hunk could not be applied: its SEARCH part is found `matches` times instead of once. */
export interface HunkError {
  readonly kind: 'notFound' | 'ambiguous';
  /** 1-based number of the hunk. */
  readonly hunk: number;
  /** The first non-blank line of the SEARCH part, shortened, to name the hunk to a person. */
  readonly excerpt: string;
  readonly matches: number;
}

/** The result of {@link applySearchReplace}: the whole new text, or the first hunk that failed (and no change). */
export type ApplyResult = { readonly ok: true; readonly text: string } | ({ readonly ok: false } & HunkError);

/** Where `search` occurs in `lines`, as whole lines; stops counting at two. */
function findAll(lines: readonly string[], search: readonly string[]): number[] {
  const found: number[] = [];
  for (let i = 0; i + search.length <= lines.length && found.length < 2; i++) {
    let k = 0;
    while (k < search.length && lines[i + k] === search[k]) k++;
    if (k === search.length) found.push(i);
  }
  return found;
}

/** A short name for a hunk, from its first non-blank SEARCH line. */
export function hunkExcerpt(search: readonly string[], max = 60): string {
  const line = (search.find((l) => l.trim()) ?? '').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Applies the blocks in order, each to the text the previous ones left, matching whole lines
 * exactly. Every SEARCH part must be found exactly once; an empty one only matches an empty
 * text. If any hunk fails nothing is applied, so a file is never left half-edited. The
 * text's line breaks (`\n` or `\r\n`) are kept, whatever the reply used.
 */
export function applySearchReplace(text: string, blocks: readonly SearchReplaceBlock[]): ApplyResult {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let lines = text.split(eol);
  for (const [index, block] of blocks.entries()) {
    const fail = (kind: HunkError['kind'], matches: number): ApplyResult => ({ ok: false, kind, hunk: index + 1, excerpt: hunkExcerpt(block.search), matches });
    if (block.search.length === 0) {
      if (lines.length === 1 && lines[0] === '') {
        lines = [...block.replace];
        continue;
      }
      return fail('ambiguous', 2);
    }
    const found = findAll(lines, block.search);
    if (found.length !== 1) return fail(found.length === 0 ? 'notFound' : 'ambiguous', found.length);
    lines = [...lines.slice(0, found[0]), ...block.replace, ...lines.slice(found[0] + block.search.length)];
  }
  return { ok: true, text: lines.join(eol) };
}
