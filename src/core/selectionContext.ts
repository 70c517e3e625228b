/** Turns an editor selection and a question into one user turn with a context chip. */
import type { ContextChip } from '../protocol';

/** Largest selection sent, in characters; longer ones are cut with a visible notice. */
export const MAX_SELECTION_CHARS = 20_000;

export interface SelectionInput {
  readonly question: string;
  /** Workspace-relative path (or the file name of an untitled document). */
  readonly path: string;
  readonly languageId: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly code: string;
  readonly maxChars?: number;
}

export interface SelectionTurn {
  /** What the chat shows as the question. */
  readonly text: string;
  /** What is sent: the question, where the code is from, and the code in a fence. */
  readonly prompt: string;
  readonly context: ContextChip;
}

/**
 * Builds the turn sent for "Ask Pathors about Selection". The fence is longer than
 * any run of backticks in the code, so the code cannot close it early.
 */
export function buildSelectionTurn(input: SelectionInput): SelectionTurn {
  const max = input.maxChars ?? MAX_SELECTION_CHARS;
  const truncated = input.code.length > max;
  let code = truncated ? input.code.slice(0, max) : input.code;
  // Never end the cut inside a surrogate pair.
  if (truncated && /[\uD800-\uDBFF]$/.test(code)) code = code.slice(0, -1);
  const longestRun = Math.max(0, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const range = input.startLine === input.endLine ? `${input.startLine}` : `${input.startLine}-${input.endLine}`;
  const lines = input.startLine === input.endLine ? `line ${range}` : `lines ${range}`;
  const question = input.question.trim();
  const parts = [
    question,
    '',
    `Context: \`${input.path}\` (${input.languageId}), ${lines}:`,
    '',
    `${fence}${input.languageId}`,
    code.endsWith('\n') ? code.slice(0, -1) : code,
    fence,
  ];
  if (truncated) {
    parts.push('', `(The selection was cut to its first ${code.length} of ${input.code.length} characters.)`);
  }
  return {
    text: question,
    prompt: parts.join('\n'),
    context: {
      label: `${input.path}:${range}`,
      path: input.path,
      languageId: input.languageId,
      startLine: input.startLine,
      endLine: input.endLine,
      truncated,
      totalChars: input.code.length,
      sentChars: code.length,
    },
  };
}
