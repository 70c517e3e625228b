/**
 * What applying a reply's code block to a file means, decided by the block's content: hunks,
 * the attached selection's range, or the whole new file. Pure: text in, proposed text or error out.
 */
import type { ApplyTarget } from './applyTarget';
import { applySearchReplace, hasSearchReplace, parseSearchReplace, type HunkError, type SearchReplaceSyntaxError } from './searchReplace';

/** The selection attached to the turn the block answers, on the same file. */
export interface AnsweredSelection {
  /** 1-based line the selection started on when it was attached. */
  readonly startLine: number;
  /** The selected text as it was attached (not cut). */
  readonly text: string;
  /** True when only part of the selection was sent: the agent never saw the rest, so it cannot replace it. */
  readonly truncated?: boolean;
}

/** Input of {@link proposeChange}. */
export interface ProposeInput {
  /** The code block's content. */
  readonly code: string;
  /** The file's text now, unsaved edits included; `undefined` when the file does not exist yet. */
  readonly current: string | undefined;
  readonly selection?: AnsweredSelection;
  /** How the block named its file; a first-line path comment is not part of the code. */
  readonly target?: ApplyTarget;
}

/** How the block was read. */
export type ProposalKind = 'hunks' | 'selection' | 'file';

/** Why there is no proposal. */
export type ProposalError =
  | SearchReplaceSyntaxError
  | HunkError
  /** The attached selection's text is no longer in the file where it was, nor anywhere exactly once. */
  | { readonly kind: 'staleSelection' }
  /** The selection was cut when sent, so the block answers only part of it. */
  | { readonly kind: 'selectionCut' };

/** The result: the whole proposed text of the file, or why not. */
export type Proposal = { readonly ok: true; readonly kind: ProposalKind; readonly text: string } | { readonly ok: false; readonly error: ProposalError };

/** `code` with `\n` line breaks turned into the file's own. */
function withEol(code: string, eol: string): string {
  const lf = code.replace(/\r\n/g, '\n');
  return eol === '\n' ? lf : lf.replace(/\n/g, eol);
}

/** Offset of the start of 1-based `line` in `text`, or -1 past the end. */
function lineOffset(text: string, line: number): number {
  let offset = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return -1;
    offset = next + 1;
  }
  return offset;
}

/**
 * Where the attached text is now: on its original line if it is still there, else its only
 * occurrence (the lines above it changed); `undefined` if it was edited or occurs more than once.
 */
function locateSelection(current: string, sel: AnsweredSelection): number | undefined {
  if (!sel.text) return undefined;
  const lineStart = lineOffset(current, sel.startLine);
  if (lineStart >= 0) {
    const lineEnd = current.indexOf('\n', lineStart);
    const at = current.indexOf(sel.text, lineStart);
    if (at >= 0 && (lineEnd < 0 || at <= lineEnd)) return at;
  }
  const first = current.indexOf(sel.text);
  if (first < 0 || current.indexOf(sel.text, first + 1) >= 0) return undefined;
  return first;
}

/**
 * Decides what the block means and returns the file's whole proposed text:
 * - it holds SEARCH/REPLACE markers → its hunks, all or nothing;
 * - it answers an attached selection → that range is replaced (found again if lines above moved it);
 * - otherwise → it is the whole new file (a first-line path comment is dropped unless the file has it too).
 * A block's missing final line break is taken from what it replaces, so Apply does not add a diff line for it.
 */
export function proposeChange(input: ProposeInput): Proposal {
  const current = input.current ?? '';
  const eol = current.includes('\r\n') ? '\r\n' : '\n';

  if (hasSearchReplace(input.code)) {
    const parsed = parseSearchReplace(input.code);
    if (!parsed.ok) return { ok: false, error: { kind: parsed.kind, hunk: parsed.hunk } };
    const applied = applySearchReplace(current, parsed.blocks);
    if (!applied.ok) return { ok: false, error: { kind: applied.kind, hunk: applied.hunk, excerpt: applied.excerpt, matches: applied.matches } };
    return { ok: true, kind: 'hunks', text: applied.text };
  }

  if (input.selection && input.current !== undefined) {
    if (input.selection.truncated) return { ok: false, error: { kind: 'selectionCut' } };
    const at = locateSelection(current, input.selection);
    if (at === undefined) return { ok: false, error: { kind: 'staleSelection' } };
    let code = withEol(input.code, eol);
    if (input.selection.text.endsWith('\n') && !code.endsWith('\n')) code += eol;
    return { ok: true, kind: 'selection', text: current.slice(0, at) + code + current.slice(at + input.selection.text.length) };
  }

  let code = input.code;
  const target = input.target;
  if (target?.from === 'comment' && current.split(/\r?\n/, 1)[0] !== target.commentLine) {
    code = code.replace(/^[^\n]*(\n|$)/, '');
  }
  code = withEol(code, eol);
  const endsWithBreak = input.current === undefined || current === '' || current.endsWith('\n');
  if (endsWithBreak && code !== '' && !code.endsWith('\n')) code += eol;
  return { ok: true, kind: 'file', text: code };
}
