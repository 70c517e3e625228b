/** The `propose_edit` tool: a change the agent proposes goes through the diff review; the agent learns whether it was accepted. */
import * as vscode from 'vscode';
import type { ProposeRequest, ReviewOutcome } from '../apply/diffReview';
import type { Tool } from '../core/toolLoop';
import { stringArg, resolveToolPath } from './toolContext';
import { ToolError } from './workspacePath';
import { READ_MAX_BYTES, fileText } from './fileText';

/** Opens the diff review and settles with the user's choice (DiffReview.propose). */
export type ProposeChange = (request: ProposeRequest) => Promise<ReviewOutcome>;

/** The file's current text (unsaved edits included), or undefined when it does not exist. */
async function currentText(uri: vscode.Uri, display: string): Promise<string | undefined> {
  const file = await fileText(uri);
  switch (file.kind) {
    case 'text':
      return file.text;
    case 'missing':
      return undefined;
    case 'folder':
      throw new ToolError(`${display} is a folder.`);
    case 'tooLarge':
      throw new ToolError(`${display} is larger than ${READ_MAX_BYTES} bytes; it cannot be edited here.`);
    case 'binary':
    case 'notUtf8':
      throw new ToolError(`${display} is not a text file.`);
  }
}

/**
 * The new text: `old_text`'s one exact occurrence replaced, or the whole file without it. An
 * `old_text` that occurs never or more than once is refused, so an edit lands where the agent meant.
 */
export function applyEdit(current: string | undefined, display: string, oldText: string | undefined, newText: string): string {
  if (oldText === undefined) return newText;
  if (current === undefined) throw new ToolError(`${display} does not exist; leave out old_text to create it.`);
  if (oldText === '') throw new ToolError('"old_text" must not be empty; leave it out to replace the whole file.');
  const first = current.indexOf(oldText);
  if (first < 0) throw new ToolError(`old_text was not found in ${display}; read the file again and copy the text exactly.`);
  if (current.indexOf(oldText, first + 1) >= 0) throw new ToolError(`old_text occurs more than once in ${display}; include more surrounding lines.`);
  return current.slice(0, first) + newText + current.slice(first + oldText.length);
}

/** The `propose_edit` tool, reviewed by `propose`. */
export function proposeEditTool(propose: ProposeChange): Tool {
  return {
    // It changes files, but only through the diff review, which is its approval.
    readOnly: false,
    asksItself: true,
    definition: {
      type: 'function',
      function: {
        name: 'propose_edit',
        description:
          'Proposes a change to a workspace file; the user reviews it in a diff and accepts or rejects it. With old_text, its one exact occurrence is replaced by new_text; without, new_text is the whole file (created if absent). Returns "accepted" or "rejected".',
        parameters: {
          type: 'object',
          properties: {
            path: { type: 'string', description: 'Workspace-relative path.' },
            old_text: { type: 'string', description: 'Exact text to replace; it must occur once in the file.' },
            new_text: { type: 'string', description: 'The replacement, or the whole new file without old_text.' },
          },
          required: ['path', 'new_text'],
        },
      },
    },
    async invoke(args, signal) {
      const file = await resolveToolPath(args.path);
      const newText = stringArg(args, 'new_text');
      if (newText === undefined) throw new ToolError('"new_text" must be a string.');
      const oldText = stringArg(args, 'old_text');
      const proposal = applyEdit(await currentText(file.uri, file.display), file.display, oldText, newText);
      const outcome = await propose({
        uri: file.uri,
        proposal,
        label: file.display,
        signal,
        // The file changed while the diff was open: the same edit is made on its new text, if it still fits.
        recompute: (current) => {
          try {
            return { text: applyEdit(current, file.display, oldText, newText) };
          } catch (err) {
            return { error: err instanceof Error ? err.message : String(err) };
          }
        },
      });
      return outcome === 'accepted' ? `accepted: ${file.display} was changed.` : `rejected: the user rejected the change; ${file.display} is unchanged.`;
    },
  };
}
