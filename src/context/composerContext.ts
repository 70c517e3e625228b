/** The panel's pending attachments on the host: settings for their budget, chip words, dropped files, and opening a chip's source. */
import * as vscode from 'vscode';
import type { AttachmentChip } from '../protocol';
import type { Attachment, AttachmentWords } from '../core/attachments';
import { DEFAULT_BUDGET, type BudgetLimits } from '../core/attachmentBudget';
import { PendingAttachments, type AttachedTurn, type PendingView } from '../core/pendingAttachments';

const t = vscode.l10n.t;

/** The chip words in the display language. */
export function attachmentWords(): AttachmentWords {
  return { problems: t('Problems'), gitChanges: t('Git changes'), terminal: t('Terminal') };
}

function cap(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

/** `pathors.attachments.maxCharsPerAttachment` and `pathors.attachments.maxTotalChars`. */
export function budgetLimits(): BudgetLimits {
  const cfg = vscode.workspace.getConfiguration('pathors.attachments');
  return {
    perAttachment: cap(cfg.get<unknown>('maxCharsPerAttachment'), DEFAULT_BUDGET.perAttachment),
    total: cap(cfg.get<unknown>('maxTotalChars'), DEFAULT_BUDGET.total),
  };
}

/**
 * The attachments waiting for the next question. Content never leaves the host until it is sent:
 * the panel is given chips, and says which one to remove or open by id.
 */
export class ComposerContext implements vscode.Disposable {
  readonly pending = new PendingAttachments();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(onDidChange: () => void) {
    const off = this.pending.onDidChange(onDidChange);
    this.disposables.push(
      { dispose: off },
      // A new cap changes every chip's state and the total.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('pathors.attachments')) onDidChange();
      }),
    );
  }

  add(attachments: readonly Attachment[]): string[] {
    return this.pending.add(attachments);
  }

  view(): PendingView {
    return this.pending.view(budgetLimits(), attachmentWords());
  }

  /** The question with everything pending, in the one documented format. */
  turn(question: string): AttachedTurn {
    return this.pending.turn(question, budgetLimits(), attachmentWords());
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * The URIs of a drop, as the extension host reads them. A remote window's webview sees the
 * workbench's `vscode-remote://` URIs, while a remote extension host reads the same files as
 * `file:` paths; a workspace that is itself `vscode-remote` (a local host on a remote folder) keeps them.
 */
export function droppedUris(lines: readonly string[]): vscode.Uri[] {
  const folderSchemes = new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme));
  const out: vscode.Uri[] = [];
  for (const line of lines) {
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(line, true);
    } catch {
      continue;
    }
    if (uri.scheme === 'vscode-remote' && !folderSchemes.has('vscode-remote')) uri = vscode.Uri.file(uri.path);
    if (uri.scheme === 'file' || folderSchemes.has(uri.scheme)) out.push(uri);
  }
  return out;
}

/**
 * Whether a dropped file is one the user can see in this window: inside a workspace folder, or
 * open in an editor tab (what the Explorer and the tabs can be dragged from). The panel is
 * untrusted, so a drop naming any other file of the machine is refused, not read.
 */
export function isDroppable(uri: vscode.Uri): boolean {
  if (vscode.workspace.getWorkspaceFolder(uri)) return true;
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
}

/** The file a chip's `path` names: a URI, an absolute path, or a path relative to one of the workspace folders. */
async function resolvePath(path: string): Promise<vscode.Uri | undefined> {
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(path)) return vscode.Uri.parse(path);
  if (path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(path)) return vscode.Uri.file(path);
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, path);
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // Not in this folder: try the next one.
    }
  }
  return undefined;
}

/** Opens what a chip refers to: the file (at the selected lines), the Problems view, Source Control, or the terminal. */
export async function openChipSource(chip: AttachmentChip): Promise<void> {
  switch (chip.kind) {
    case 'file':
    case 'selection': {
      const uri = chip.path === undefined ? undefined : await resolvePath(chip.path);
      if (!uri) {
        void vscode.window.showWarningMessage(t('{0} cannot be found in this workspace.', chip.path ?? chip.label));
        return;
      }
      const document = await vscode.workspace.openTextDocument(uri);
      let selection: vscode.Range | undefined;
      if (chip.startLine !== undefined && chip.endLine !== undefined && document.lineCount > 0) {
        // The file may have shrunk since it was attached.
        const line = (n: number) => Math.min(Math.max(0, n - 1), document.lineCount - 1);
        selection = new vscode.Range(line(chip.startLine), 0, line(chip.endLine), document.lineAt(line(chip.endLine)).text.length);
      }
      await vscode.window.showTextDocument(document, { selection, preview: true });
      return;
    }
    case 'problems':
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      return;
    case 'gitChanges':
      await vscode.commands.executeCommand('workbench.view.scm');
      return;
    case 'terminal':
      await vscode.commands.executeCommand('workbench.action.terminal.focus');
      return;
  }
}
