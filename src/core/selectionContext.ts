/** Turns an editor selection and a question into one user turn with a context chip. */
import type { ContextChip } from '../protocol';
import { codeHeader, cutNotice, cutText, renderContextBlock } from './contextFormat';

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

/** Builds the turn sent for "Ask Pathors about Selection", in the shared context format ({@link renderContextBlock}). */
export function buildSelectionTurn(input: SelectionInput): SelectionTurn {
  const max = input.maxChars ?? MAX_SELECTION_CHARS;
  const { text: code, cut: truncated } = cutText(input.code, max);
  const range = input.startLine === input.endLine ? `${input.startLine}` : `${input.startLine}-${input.endLine}`;
  const question = input.question.trim();
  const block = renderContextBlock({
    header: codeHeader(input.path, input.languageId, input.startLine, input.endLine),
    info: input.languageId,
    content: code,
    notice: truncated ? cutNotice('selection', code.length, input.code.length) : undefined,
  });
  return {
    text: question,
    prompt: `${question}\n\n${block}`,
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
