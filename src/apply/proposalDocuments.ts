/** Read-only virtual documents holding proposed file contents, the right side of a change's diff. */
import * as vscode from 'vscode';

/** The scheme of proposal documents; menus and `when` clauses test for it. */
export const PROPOSAL_SCHEME = 'pathors-proposal';

/**
 * Serves proposal texts by URI. A URI ends with the target's file name, so the diff editor picks
 * the same language (and highlighting) as the file; the segment before it keeps URIs unique.
 */
export class ProposalDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private next = 0;

  /** Fired when a proposal's text is replaced, so an open diff shows the new one. */
  readonly onDidChange = this.changed.event;

  /** A new proposal document for a file named `fileName`. */
  create(fileName: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${++this.next}/${fileName}` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  /** Replaces a proposal's text and refreshes any editor showing it. */
  update(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  /** Forgets a proposal once its review is over. */
  delete(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
