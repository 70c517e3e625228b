/** A conversation as a Markdown document, for "Export Conversation". */
import type { TranscriptEntry } from '../protocol';

/** Labels in the user's language, supplied by the host. */
export interface ExportLabels {
  readonly you: string;
  readonly assistant: string;
  readonly error: string;
  readonly incomplete: string;
  /** Line under the title, e.g. "Pathors session session-123". */
  readonly session?: string;
}

/** Renders the transcript: a heading per turn, replies as they were written, context and notices kept. */
export function transcriptToMarkdown(title: string, entries: readonly TranscriptEntry[], labels: ExportLabels): string {
  const out: string[] = [`# ${title.replace(/\n/g, ' ')}`];
  if (labels.session) out.push('', `_${labels.session}_`);
  for (const e of entries) {
    if (e.role === 'user') {
      out.push('', `## ${labels.you}`, '', e.text);
      if (e.context) out.push('', `> \`${e.context.label}\` (${e.context.languageId})`);
    } else if (e.role === 'assistant') {
      out.push('', `## ${labels.assistant}`, '', closeFences(e.text.trimEnd()));
      const notes = [e.incomplete ? `_${labels.incomplete}_` : '', e.notice ? `_${e.notice}_` : ''].filter(Boolean);
      if (notes.length) out.push('', notes.join(' '));
    } else {
      out.push('', `> **${labels.error}:** ${e.text}`);
    }
  }
  return `${out.join('\n')}\n`;
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
