/** A workspace file's current text as the tools see it: the open document's (unsaved edits included), else the file's. */
import * as vscode from 'vscode';
import { decodeText } from '../core/textContent';

/** Files larger than this are refused before reading; a range of them would still cost the whole read. */
export const READ_MAX_BYTES = 10 * 1024 * 1024;

/** The text, or why there is none; each tool words the refusal for what it was asked to do. */
export type FileText =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'missing' | 'folder' | 'binary' | 'notUtf8' }
  | { readonly kind: 'tooLarge'; readonly size: number };

/** Reads `uri` once: no stat or read when an editor holds it, no read of a folder, a large file or a missing one. */
export async function fileText(uri: vscode.Uri): Promise<FileText> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { kind: 'text', text: open.getText() };
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return { kind: 'missing' };
  }
  if (stat.type & vscode.FileType.Directory) return { kind: 'folder' };
  if (stat.size > READ_MAX_BYTES) return { kind: 'tooLarge', size: stat.size };
  const decoded = decodeText(await vscode.workspace.fs.readFile(uri));
  return decoded.ok ? { kind: 'text', text: decoded.text } : { kind: decoded.reason };
}
