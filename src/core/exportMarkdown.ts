/** A conversation as a Markdown document, for "Export Conversation". */
import type { AttachmentChip, ToolCallInfo, ToolCallStatus, TranscriptEntry } from '../protocol';
import { fenceFor } from './contextFormat';

/** Labels in the user's language, supplied by the host. */
export interface ExportLabels {
  readonly you: string;
  readonly assistant: string;
  readonly error: string;
  readonly incomplete: string;
  /** Introduces a question's attachments, e.g. "Attached". */
  readonly attached?: string;
  /** Line under the title, e.g. "Pathors session session-123". */
  readonly session?: string;
  /** A tool call's heading, `{0}` its tool's name (default "Tool call `{0}`"). */
  readonly tool?: string;
  /** How a call ended, in words (default: the status itself). */
  readonly toolStatus?: Readonly<Record<ToolCallStatus, string>>;
}

/** Renders the transcript: a heading per turn, replies as they were written, context and notices kept. */
export function transcriptToMarkdown(title: string, entries: readonly TranscriptEntry[], labels: ExportLabels): string {
  const out: string[] = [`# ${title.replace(/\n/g, ' ')}`];
  if (labels.session) out.push('', `_${labels.session}_`);
  for (const e of entries) {
    if (e.role === 'user') {
      out.push('', `## ${labels.you}`, '', e.text);
      if (e.context) out.push('', `> \`${e.context.label}\` (${e.context.languageId})`);
      // References only: what was sent stays out of the document.
      if (e.attachments?.length) out.push('', `> ${labels.attached ?? 'Attached'}: ${e.attachments.map(chipReference).join(', ')}`);
    } else if (e.role === 'assistant') {
      out.push('', `## ${labels.assistant}`, '', closeFences(e.text.trimEnd()));
      const notes = [e.incomplete ? `_${labels.incomplete}_` : '', e.notice ? `_${e.notice}_` : ''].filter(Boolean);
      if (notes.length) out.push('', notes.join(' '));
    } else if (e.role === 'tool' && e.tool) {
      out.push('', ...toolCall(e.tool, labels));
    } else {
      out.push('', `> **${labels.error}:** ${e.text}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** A call as its heading, status, arguments and result; arguments and result in fences, as data. */
function toolCall(tool: ToolCallInfo, labels: ExportLabels): string[] {
  const heading = (labels.tool ?? 'Tool call `{0}`').replace('{0}', tool.name.replace(/`/g, ''));
  const status = labels.toolStatus?.[tool.status] ?? tool.status;
  const out = [`### ${heading}`, '', `_${status}_`];
  if (tool.reason) out.push('', `> ${tool.reason.replace(/\n/g, ' ')}`);
  if (tool.arguments.trim() !== '') out.push('', ...fenced(tool.arguments, 'json'));
  if (tool.result !== undefined) out.push('', ...fenced(tool.result, 'text'));
  return out;
}

/** `text` in a fence longer than any backtick run inside it, so nothing in it can end the fence. */
function fenced(text: string, info: string): string[] {
  const fence = fenceFor(text);
  return [`${fence}${info}`, text, fence];
}

/** `` `file.ts` (src/file.ts) `` for files, the label alone for the rest. */
function chipReference(chip: AttachmentChip): string {
  const where = chip.path !== undefined && chip.path !== chip.label ? ` (${chip.path.replace(/\n/g, ' ')})` : '';
  return `${codeSpan(chip.label)}${where}`;
}

/** Inline code that holds any text, backticks included. */
function codeSpan(text: string): string {
  const flat = text.replace(/\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return longest ? `${ticks} ${flat} ${ticks}` : `${ticks}${flat}${ticks}`;
}

/** Closes a code fence a cut-short reply left open, so it cannot swallow the rest of the document. */
function closeFences(text: string): string {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (!fence) continue;
    if (open === undefined) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = undefined;
  }
  return open === undefined ? text : `${text}\n${open}`;
}
