/**
 * What a reply's code block may be meant for when it names no file: the files and selections
 * attached to the question the reply answers, with each selection's text read back from the
 * prompt that was sent (so it survives a reload, and is exactly what the agent saw).
 */
import type { TranscriptEntry } from '../protocol';
import type { AnsweredSelection } from './proposeChange';

/** A file, or a selection in it, attached to a question. */
export interface TurnTarget {
  /** As attached: workspace-relative (`/`-separated), an untitled editor's name, or a URI string. */
  readonly path: string;
  /** How the target is named to the user: `src/a.ts` or `src/a.ts:12-30`. */
  readonly label: string;
  /** Set for selections: where the code block's text goes. */
  readonly selection?: AnsweredSelection;
}

/** One code block of the documented context format, read back from a prompt. */
export interface SentCodeContext {
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly wholeFile: boolean;
  /** The fenced content as it appears in the prompt (the one trailing line break the format drops is not restored). */
  readonly body: string;
}

/** ``Context: `src/a.ts` (typescript), lines 12-30:`` and ``… line 4 (whole file):`` (see contextFormat.ts codeHeader). */
const HEADER = /^Context: `(.*)` \([^()\n]*\), lines? (\d+)(?:-(\d+))?( \(whole file\))?:$/;
const FENCE_OPEN = /^(`{3,})[^`]*$/;

/** Every file or selection block of the documented context format in `prompt`, in order. */
export function sentCodeContexts(prompt: string): SentCodeContext[] {
  const lines = prompt.split('\n');
  const out: SentCodeContext[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = HEADER.exec(lines[i]);
    const open = lines[i + 1] === '' ? FENCE_OPEN.exec(lines[i + 2] ?? '') : null;
    if (!header || !open) continue;
    // The fence is longer than any backtick run in the content, so its first bare repeat closes it.
    const close = lines.findIndex((l, k) => k > i + 2 && l === open[1]);
    if (close < 0) continue;
    out.push({
      path: header[1],
      startLine: Number(header[2]),
      endLine: Number(header[3] ?? header[2]),
      wholeFile: header[4] !== undefined,
      body: lines.slice(i + 3, close).join('\n'),
    });
    i = close;
  }
  return out;
}

/** The question `replyId` answers: the nearest user turn before it. */
export function answeredTurn(entries: readonly TranscriptEntry[], replyId: string): TranscriptEntry | undefined {
  const at = entries.findIndex((e) => e.id === replyId);
  for (let i = at - 1; i >= 0; i--) if (entries[i].role === 'user') return entries[i];
  return undefined;
}

function rangeLabel(path: string, startLine: number, endLine: number): string {
  return `${path}:${startLine === endLine ? startLine : `${startLine}-${endLine}`}`;
}

/**
 * The selection as it was sent. The format drops one trailing line break of the content; the
 * number of characters sent tells whether there was one.
 */
function sentSelection(prompt: string, path: string, startLine: number, endLine: number, sentChars: number, truncated: boolean): AnsweredSelection {
  const block = sentCodeContexts(prompt).find((c) => c.path === path && c.startLine === startLine && c.endLine === endLine && !c.wholeFile);
  // Not in the prompt (it was never sent this way): an empty text is never found, so Apply says it is stale.
  if (!block) return { startLine, text: '', truncated };
  const text = sentChars === block.body.length + 1 ? `${block.body}\n` : block.body;
  return { startLine, text, truncated };
}

/**
 * The files and selections attached to the question `user`, in the order attached: the
 * "Ask about Selection" context first, then its attachments. Attachments left out by the budget
 * are not targets, as the agent never saw them.
 */
export function turnTargets(user: TranscriptEntry | undefined): TurnTarget[] {
  if (!user || user.role !== 'user') return [];
  const prompt = user.prompt ?? '';
  const out: TurnTarget[] = [];
  const add = (t: TurnTarget) => {
    if (!out.some((o) => o.label === t.label)) out.push(t);
  };
  const c = user.context;
  if (c) {
    add({
      path: c.path,
      label: rangeLabel(c.path, c.startLine, c.endLine),
      selection: sentSelection(prompt, c.path, c.startLine, c.endLine, c.sentChars, c.truncated),
    });
  }
  for (const a of user.attachments ?? []) {
    if (!a.path || a.status === 'omitted') continue;
    if (a.kind === 'file') add({ path: a.path, label: a.path });
    else if (a.kind === 'selection' && a.startLine !== undefined && a.endLine !== undefined) {
      add({
        path: a.path,
        label: rangeLabel(a.path, a.startLine, a.endLine),
        selection: sentSelection(prompt, a.path, a.startLine, a.endLine, a.sentChars, a.status === 'cut'),
      });
    }
  }
  return out;
}
