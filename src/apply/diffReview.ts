/** Reviews a proposed change in a diff editor, then applies it as one undoable edit on Accept, or drops it on Reject. */
import * as vscode from 'vscode';
import { PROPOSAL_SCHEME, ProposalDocuments } from './proposalDocuments';
import { minimalEdit } from '../core/minimalEdit';

/** Context key, true while at least one proposed change waits for Accept or Reject. */
export const REVIEWING_CONTEXT_KEY = 'pathors.reviewingChange';

/** How a review ended. */
export type ReviewOutcome = 'accepted' | 'rejected';

/** What Accept did: applied the change, re-diffed because the file changed meanwhile, or could not apply. */
export type AcceptResult = 'accepted' | 'rediffed' | 'failed';

/** A change to review. */
export interface ProposeRequest {
  /** The file to change; it may not exist yet (then Accept creates it). */
  readonly uri: vscode.Uri;
  /** The file's whole proposed text. */
  readonly proposal: string;
  /** Names the file in the diff's title and messages, e.g. `src/app.ts`. */
  readonly label: string;
  /**
   * Computes the proposal again for the file's current text (`undefined`: no file) when it
   * changed after the diff opened; returns the new text, or an error message that ends the
   * review. Without it the same proposal is shown against the new text.
   */
  readonly recompute?: (current: string | undefined) => { text: string } | { error: string };
  /** Ends the review as rejected and closes its diff when aborted (the agent's turn was stopped). */
  readonly signal?: AbortSignal;
}

interface Review {
  readonly request: ProposeRequest;
  readonly proposalUri: vscode.Uri;
  /** Left side for a file that does not exist yet: an empty proposal document. */
  readonly emptyUri?: vscode.Uri;
  proposal: string;
  /** The file's text (unsaved edits included) the diff was made against; `undefined`: no file. */
  base: string | undefined;
  readonly settle: (outcome: ReviewOutcome) => void;
}

/** The open document of `uri`, or the file read from disk; `undefined` when there is neither. */
async function currentText(uri: vscode.Uri): Promise<{ text: string | undefined; document?: vscode.TextDocument }> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { text: open.getText(), document: open };
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    return { text: undefined };
  }
  const document = await vscode.workspace.openTextDocument(uri);
  return { text: document.getText(), document };
}

function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || 'untitled';
}

/**
 * The one place proposed changes are reviewed. The panel's Apply and, later, the agent's edit
 * tools call {@link DiffReview.propose}; Accept and Reject (editor-title actions and commands)
 * settle the review whose diff is active.
 */
export class DiffReview implements vscode.Disposable {
  private readonly reviews = new Map<string, Review>();
  private readonly documents = new ProposalDocuments();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      this.documents,
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this.documents),
      // Closing the diff without choosing is a Reject: nothing is applied behind the user's back.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.closed) {
          if (tab.input instanceof vscode.TabInputTextDiff) void this.settle(tab.input.modified, 'rejected', false);
        }
      }),
    );
  }

  /** How many reviews are open. */
  get pending(): number {
    return this.reviews.size;
  }

  /**
   * Opens the diff of the file's current text (unsaved edits included) against `proposal`, and
   * resolves when the user accepts or rejects it (closing the diff rejects). A new proposal for
   * a file that already has one rejects the older one, so two reviews never race on one file.
   */
  async propose(request: ProposeRequest): Promise<ReviewOutcome> {
    for (const review of this.reviews.values()) {
      if (review.request.uri.toString() === request.uri.toString()) void this.settle(review.proposalUri, 'rejected', true);
    }
    if (request.signal?.aborted) return 'rejected';
    const { text } = await currentText(request.uri);
    const name = fileName(request.uri);
    const proposalUri = this.documents.create(name, request.proposal);
    const emptyUri = text === undefined ? this.documents.create(name, '') : undefined;
    const outcome = new Promise<ReviewOutcome>((resolve) => {
      this.reviews.set(proposalUri.toString(), { request, proposalUri, emptyUri, proposal: request.proposal, base: text, settle: resolve });
    });
    // A stopped turn leaves no review behind that could still change the file.
    request.signal?.addEventListener('abort', () => void this.settle(proposalUri, 'rejected', true), { once: true });
    void this.updateContext();
    const title =
      text === undefined
        ? vscode.l10n.t('{0} (new file) ↔ Proposed Change', request.label)
        : vscode.l10n.t('{0} ↔ Proposed Change', request.label);
    try {
      await vscode.commands.executeCommand('vscode.diff', emptyUri ?? request.uri, proposalUri, title, { preview: false });
    } catch (err) {
      // No diff, no review: a pending one could never be accepted or rejected.
      void this.settle(proposalUri, 'rejected', false);
      throw err;
    }
    return outcome;
  }

  /**
   * Accepts the review whose diff is active (or the one shown by `uri`). If the file changed
   * since the diff was made, nothing is written: the proposal is made again for the new text,
   * the diff shows it, and the user accepts again.
   */
  async accept(uri?: vscode.Uri): Promise<AcceptResult | undefined> {
    const review = this.find(uri);
    if (!review) return undefined;
    const { text, document } = await currentText(review.request.uri);
    if (text !== review.base) {
      await this.rediff(review, text);
      return 'rediffed';
    }
    const edit = new vscode.WorkspaceEdit();
    if (document) {
      // Only the changed part is replaced: rewriting a whole large file costs the editor seconds
      // (tokens, folding, markers) and moves everything the user had placed in it.
      const change = minimalEdit(text ?? '', review.proposal);
      edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
    } else {
      // The file is created with its text in one step. Creating it empty and inserting into its
      // document left an unsaved document over an empty file, whose save could race the file's
      // own creation and leave the file empty on disk.
      edit.createFile(review.request.uri, { ignoreIfExists: false, contents: new TextEncoder().encode(review.proposal) });
    }
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The change could not be applied to {0}.', review.request.label));
      return 'failed';
    }
    // The diff is closed before the file is shown and Accept returns: a save right after Accept
    // must not overlap the diff editor letting go of the file's document.
    await this.settle(review.proposalUri, 'accepted', true);
    // The changed file in front, so Undo (Ctrl+Z) is one keystroke away.
    await vscode.window.showTextDocument(review.request.uri, { preview: false });
    return 'accepted';
  }

  /** Rejects the review whose diff is active (or the one shown by `uri`); the file is not touched. */
  reject(uri?: vscode.Uri): boolean {
    const review = this.find(uri);
    if (!review) return false;
    void this.settle(review.proposalUri, 'rejected', true);
    return true;
  }

  private async rediff(review: Review, text: string | undefined): Promise<void> {
    const again = review.request.recompute?.(text);
    if (again && 'error' in again) {
      void this.settle(review.proposalUri, 'rejected', true);
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} changed after the diff opened, and the change no longer applies: {1}', review.request.label, again.error));
      return;
    }
    if (again) review.proposal = again.text;
    review.base = text;
    this.documents.update(review.proposalUri, review.proposal);
    void vscode.window.showWarningMessage(
      vscode.l10n.t('{0} changed after the diff opened. The diff now compares the proposal with the current file; review it and accept again.', review.request.label),
    );
  }

  /** The review shown by `uri` (an editor-title action passes it), else the active diff's, else the only one. */
  private find(uri?: vscode.Uri): Review | undefined {
    if (uri?.scheme === PROPOSAL_SCHEME) return this.reviews.get(uri.toString());
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    if (tab?.input instanceof vscode.TabInputTextDiff) {
      const review = this.reviews.get(tab.input.modified.toString());
      if (review) return review;
    }
    if (this.reviews.size === 1) return [...this.reviews.values()][0];
    if (this.reviews.size === 0) void vscode.window.showInformationMessage(vscode.l10n.t('There is no proposed change to accept or reject.'));
    else void vscode.window.showInformationMessage(vscode.l10n.t('Several proposed changes are open; focus the diff of the one you mean.'));
    return undefined;
  }

  /** Ends a review: resolves its promise, forgets its documents, and closes its diff when asked; settles once the diff is closed. */
  private async settle(proposalUri: vscode.Uri, outcome: ReviewOutcome, closeDiff: boolean): Promise<void> {
    const review = this.reviews.get(proposalUri.toString());
    if (!review) return;
    this.reviews.delete(proposalUri.toString());
    review.settle(outcome);
    void this.updateContext();
    if (closeDiff) {
      const tabs = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === proposalUri.toString());
      if (tabs.length > 0) await vscode.window.tabGroups.close(tabs).then(() => this.forget(review));
      else this.forget(review);
    } else {
      this.forget(review);
    }
  }

  private forget(review: Review): void {
    this.documents.delete(review.proposalUri);
    if (review.emptyUri) this.documents.delete(review.emptyUri);
  }

  private updateContext(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', REVIEWING_CONTEXT_KEY, this.reviews.size > 0);
  }

  dispose(): void {
    for (const review of [...this.reviews.values()]) void this.settle(review.proposalUri, 'rejected', false);
    for (const d of this.disposables) d.dispose();
  }
}
