/** Collects an editor's selection as an attachment, with the lines it spans. */
import type * as vscode from 'vscode';
import type { SelectionAttachment } from '../core/attachments';
import { attachmentPath } from './files';

/** The selection of `editor`, or `undefined` when nothing is selected. */
export function collectSelection(editor: vscode.TextEditor | undefined): SelectionAttachment | undefined {
  if (!editor || editor.selection.isEmpty) return undefined;
  const { document, selection } = editor;
  // A selection ending at column 0 of a line does not include that line.
  const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  return {
    kind: 'selection',
    path: document.isUntitled ? document.fileName : attachmentPath(document.uri),
    languageId: document.languageId,
    startLine: selection.start.line + 1,
    endLine: endLine + 1,
    content: document.getText(selection),
  };
}
