/** The panel's Apply: finds the file a reply's code block is for, works out the change, and opens it in the diff review. */
import * as vscode from 'vscode';
import type { TranscriptEntry } from '../protocol';
import { findApplyTarget, type ApplyTarget } from '../core/applyTarget';
import { answeredTurn, turnTargets, type TurnTarget } from '../core/answeredTurn';
import type { FencedBlock } from '../core/markdown';
import { proposeChange, type AnsweredSelection, type ProposeInput } from '../core/proposeChange';
import { fileCandidates } from '../context/files';
import { resolveWorkspacePath } from '../tools/workspacePath';
import { workspaceFolders } from '../tools/toolContext';
import { log } from '../log';
import type { ProposeRequest, ReviewOutcome } from './diffReview';
import { proposalErrorText } from './proposalErrors';

const t = vscode.l10n.t;

/** Where a block goes: the file, how to name it, and the selection it replaces, if any. */
interface Destination {
  readonly uri: vscode.Uri;
  readonly label: string;
  readonly selection?: AnsweredSelection;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The file's text now: an open document's (unsaved edits included), else the file's; `undefined` when it does not exist. */
async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  if (!(await exists(uri))) return undefined;
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

/**
 * A path the reply named, inside the workspace only: the agent's text must not reach files
 * elsewhere (`..`, absolute paths, links out). In a multi-root workspace a path may start with a
 * folder's name; otherwise the folder that has the file wins, else the first.
 */
async function namedFile(path: string): Promise<vscode.Uri | string> {
  const folders = workspaceFolders();
  if (folders.length === 0) return t('Open a folder first: Apply changes files inside the workspace, and this code is for {0}.', path);
  try {
    let resolved = await resolveWorkspacePath(path, folders);
    if (!(await exists(vscode.Uri.file(resolved.absolute)))) {
      for (const folder of folders.slice(1)) {
        const other = await resolveWorkspacePath(path, [folder]).catch(() => undefined);
        if (other && (await exists(vscode.Uri.file(other.absolute)))) resolved = other;
      }
    }
    return vscode.Uri.file(resolved.absolute);
  } catch {
    return t('The code is for {0}, which is outside the workspace. Apply only changes files inside the workspace folders.', path);
  }
}

/** A file as attached to a question (see attachmentPath): a URI string, an untitled editor's name, or a path in one of the folders. */
async function attachedFile(path: string): Promise<vscode.Uri | undefined> {
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(path)) return vscode.Uri.parse(path, true);
  const untitled = vscode.workspace.textDocuments.find((d) => d.isUntitled && d.fileName === path);
  if (untitled) return untitled.uri;
  const candidates = (vscode.workspace.workspaceFolders ?? []).map((f) => vscode.Uri.joinPath(f.uri, path));
  if (/^(?:\/|[a-zA-Z]:[\\/])/.test(path)) candidates.unshift(vscode.Uri.file(path));
  for (const uri of candidates) if (await exists(uri)) return uri;
  return candidates[0];
}

/** Lets the user choose among the files and selections attached to the question. */
async function pickAttached(targets: readonly TurnTarget[]): Promise<TurnTarget | undefined> {
  const chosen = await vscode.window.showQuickPick(
    targets.map((target) => ({ label: target.label, description: target.selection ? t('selection') : t('file'), target })),
    { title: t('Apply Code to…'), placeHolder: t('The question had several attachments: choose the one this code is for') },
  );
  return chosen?.target;
}

/** Lets the user choose a workspace file, the editor they last worked in first. */
async function pickFile(lastEditor: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  // The picker shows at once, busy until the files are listed; Enter before that picks nothing.
  const items = fileCandidates().then((candidates) => {
    const first = lastEditor?.toString();
    candidates.sort((a, b) => Number(b.uri.toString() === first) - Number(a.uri.toString() === first));
    return candidates.map((c) => ({ label: c.path.split('/').pop() || c.path, description: c.path, uri: c.uri }));
  });
  const chosen = await vscode.window.showQuickPick(items, {
    title: t('Apply Code to File'),
    placeHolder: t('The code names no file: choose the file to apply it to'),
    matchOnDescription: true,
  });
  return chosen?.uri;
}

/**
 * Applies reply code blocks through the diff review. Where the code goes: a path the block names
 * (fence info or first-line comment); else what the question had attached (a selection is
 * replaced, a file taken whole or by hunks); else a file the user picks.
 */
export class CodeBlockApplier {
  constructor(
    /** Opens the diff review (DiffReview.propose). */
    private readonly propose: (request: ProposeRequest) => Promise<ReviewOutcome>,
    /** The text editor the user last worked in, offered first when they pick a file. */
    private readonly lastEditor: () => vscode.Uri | undefined,
  ) {}

  /**
   * Proposes `block` of the reply `replyId` (in `entries`) as a change. Returns once the diff is
   * shown, or once the user was told why not; the review itself goes on until Accept or Reject.
   */
  async apply(entries: readonly TranscriptEntry[], replyId: string, block: FencedBlock): Promise<void> {
    const target = findApplyTarget(block.info, block.code);
    const destination = await this.destination(entries, replyId, target);
    if (typeof destination === 'string') {
      void vscode.window.showErrorMessage(destination);
      return;
    }
    if (!destination) return;
    const input = (current: string | undefined): ProposeInput => ({ code: block.code, current, selection: destination.selection, target });

    let current: string | undefined;
    try {
      current = await currentText(destination.uri);
    } catch (err) {
      log.warn(`Apply could not read ${destination.label}: ${String(err)}`);
      void vscode.window.showErrorMessage(t('{0} could not be read as text. Nothing was applied.', destination.label));
      return;
    }
    const proposal = proposeChange(input(current));
    if (!proposal.ok) {
      void vscode.window.showErrorMessage(t('Cannot apply the code to {0}: {1}', destination.label, proposalErrorText(proposal.error)));
      return;
    }
    if (proposal.text === current) {
      void vscode.window.showInformationMessage(t('{0} already has this code; there is nothing to apply.', destination.label));
      return;
    }
    log.info(`Apply: ${proposal.kind} change proposed for ${destination.label}`);
    const outcome = this.propose({
      uri: destination.uri,
      proposal: proposal.text,
      label: destination.label,
      recompute: (now) => {
        const again = proposeChange(input(now));
        return again.ok ? { text: again.text } : { error: proposalErrorText(again.error) };
      },
    });
    // The review outlives this call; only its failure to open needs telling.
    void outcome.then(
      (result) => log.info(`Apply: ${destination.label} ${result}`),
      (err: unknown) => {
        log.error(`Apply could not open the diff of ${destination.label}: ${String(err)}`);
        void vscode.window.showErrorMessage(t('The diff of {0} could not be opened. Nothing was applied.', destination.label));
      },
    );
  }

  /** Where the block goes; a string says why it cannot go anywhere; `undefined`: the user backed out. */
  private async destination(entries: readonly TranscriptEntry[], replyId: string, named: ApplyTarget | undefined): Promise<Destination | string | undefined> {
    if (named) {
      const uri = await namedFile(named.path);
      return typeof uri === 'string' ? uri : { uri, label: vscode.workspace.asRelativePath(uri) };
    }
    const targets = turnTargets(answeredTurn(entries, replyId));
    const attached = targets.length > 1 ? await pickAttached(targets) : targets[0];
    if (targets.length > 1 && !attached) return undefined;
    if (attached) {
      const uri = await attachedFile(attached.path);
      if (!uri) return t('{0} is not in the workspace any more. Nothing was applied.', attached.path);
      return { uri, label: attached.selection ? attached.label : vscode.workspace.asRelativePath(uri), selection: attached.selection };
    }
    const picked = await pickFile(this.lastEditor());
    return picked ? { uri: picked, label: vscode.workspace.asRelativePath(picked) } : undefined;
  }
}
