/** Turns what VS Code's chat attached (`#file`, `#selection`, editor context, tool values) into the attachment format the panel sends. */
import * as vscode from 'vscode';
import { applyBudget, buildPrompt, DEFAULT_BUDGET, type Budgeted } from '../core/attachmentBudget';
import type { Attachment } from '../core/attachments';
import { cutText, renderContextBlock } from '../core/contextFormat';
import { DEFAULT_DENY_LIST, denyListMatcher } from '../core/denyList';
import { decodeText } from '../core/textContent';

/** What a chat request's references become. */
export interface ReferencedContext {
  /** In the order attached; each is sent in the shared attachment format. */
  readonly attachments: readonly Attachment[];
  /** Plain values (what a tool or variable resolved to), sent as text blocks. */
  readonly values: readonly { readonly name: string; readonly text: string }[];
  /** What was sent, to show with `stream.reference`. */
  readonly shown: readonly (vscode.Uri | vscode.Location)[];
  /** Files left out (binary, not UTF-8, or on the deny list), by workspace path. */
  readonly skipped: readonly string[];
}

const isDenied = denyListMatcher(DEFAULT_DENY_LIST, process.platform !== 'linux');

/**
 * What VS Code adds to every request for its own agent, not for @pathors: the index of its skills
 * and subagents tells the model to call VS Code tools that the Pathors agent does not have, and
 * lists local paths.
 */
const NOT_FOR_PATHORS = new Set(['vscode.customizations.index']);

function relativePath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
}

async function fileAttachment(uri: vscode.Uri): Promise<Attachment | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { kind: 'file', path: relativePath(uri), languageId: open.languageId, content: open.getText() };
  const decoded = decodeText(await vscode.workspace.fs.readFile(uri));
  if (!decoded.ok) return undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  return { kind: 'file', path: relativePath(uri), languageId: doc.languageId, content: decoded.text };
}

async function rangeAttachment(location: vscode.Location): Promise<Attachment> {
  const doc = await vscode.workspace.openTextDocument(location.uri);
  const range = location.range;
  // A selection that ends at the start of a line does not include that line.
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  return {
    kind: 'selection',
    path: relativePath(location.uri),
    languageId: doc.languageId,
    startLine: range.start.line + 1,
    endLine: endLine + 1,
    content: doc.getText(range),
  };
}

/** Reads the references; one that cannot be read is skipped and named, never sent as garbage. */
export async function readReferences(references: readonly vscode.ChatPromptReference[]): Promise<ReferencedContext> {
  const attachments: Attachment[] = [];
  const values: { name: string; text: string }[] = [];
  const shown: (vscode.Uri | vscode.Location)[] = [];
  const skipped: string[] = [];
  for (const ref of references) {
    if (NOT_FOR_PATHORS.has(ref.id)) continue;
    const value = ref.value;
    try {
      if (value instanceof vscode.Uri || value instanceof vscode.Location) {
        const uri = value instanceof vscode.Uri ? value : value.uri;
        if (isDenied(relativePath(uri))) {
          skipped.push(relativePath(uri));
          continue;
        }
        const attachment = value instanceof vscode.Uri ? await fileAttachment(value) : await rangeAttachment(value);
        if (!attachment) {
          skipped.push(relativePath(uri));
          continue;
        }
        attachments.push(attachment);
        shown.push(value);
      } else if (typeof value === 'string' && value.trim() !== '') {
        values.push({ name: ref.modelDescription ?? ref.id, text: value });
      }
    } catch {
      skipped.push(value instanceof vscode.Uri ? relativePath(value) : value instanceof vscode.Location ? relativePath(value.uri) : ref.id);
    }
  }
  return { attachments, values, shown, skipped };
}

/** The editor's selection as an attachment, for `/explain` without references. */
export function editorSelection(): { readonly attachment: Attachment; readonly location: vscode.Location } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const location = new vscode.Location(editor.document.uri, editor.selection);
  const { start, end } = editor.selection;
  const endLine = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  return {
    location,
    attachment: {
      kind: 'selection',
      path: relativePath(editor.document.uri),
      languageId: editor.document.languageId,
      startLine: start.line + 1,
      endLine: endLine + 1,
      content: editor.document.getText(editor.selection),
    },
  };
}

/**
 * The question with the context after it: attachments in the panel's format within the same
 * budget, then plain values as text blocks, each cut to the per-attachment cap.
 */
export function promptWithContext(question: string, context: Pick<ReferencedContext, 'attachments' | 'values'>): { prompt: string; budgeted: Budgeted } {
  const budgeted = applyBudget(context.attachments);
  const blocks = context.values.map((v) => {
    const { text, cut } = cutText(v.text, DEFAULT_BUDGET.perAttachment);
    return renderContextBlock({
      header: `Context: ${v.name}:`,
      info: 'text',
      content: text,
      notice: cut ? `(The value was cut to its first ${text.length} of ${v.text.length} characters.)` : undefined,
    });
  });
  return { prompt: [buildPrompt(question, budgeted), ...blocks].join('\n\n'), budgeted };
}
