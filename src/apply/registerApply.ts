/** Wires the diff review: its Accept and Reject commands, and the object the panel and tools call to propose a change. */
import * as vscode from 'vscode';
import { DiffReview } from './diffReview';

/**
 * Registers `pathors.acceptChange` and `pathors.rejectChange`. Both take the proposal's URI
 * when run from the diff editor's title bar, and otherwise act on the active diff.
 */
export function registerApply(context: vscode.ExtensionContext): DiffReview {
  const review = new DiffReview();
  const uriArg = (arg: unknown): vscode.Uri | undefined => (arg instanceof vscode.Uri ? arg : undefined);
  context.subscriptions.push(
    review,
    vscode.commands.registerCommand('pathors.acceptChange', (arg?: unknown) => review.accept(uriArg(arg))),
    vscode.commands.registerCommand('pathors.rejectChange', (arg?: unknown) => review.reject(uriArg(arg))),
  );
  return review;
}
