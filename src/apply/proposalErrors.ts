/** Says, in the user's language, why a code block cannot be applied. */
import * as vscode from 'vscode';
import type { ProposalError } from '../core/proposeChange';

/** One sentence naming the hunk (number and excerpt) or the selection problem; it always says nothing was applied. */
export function proposalErrorText(error: ProposalError): string {
  switch (error.kind) {
    case 'unterminated':
      return vscode.l10n.t('SEARCH/REPLACE block {0} has no "=======" or ">>>>>>> REPLACE" line. Nothing was applied.', error.hunk);
    case 'notFound':
      return vscode.l10n.t('The SEARCH part of block {0} ("{1}") is not in the file. Nothing was applied.', error.hunk, error.excerpt);
    case 'ambiguous':
      if (!error.excerpt) return vscode.l10n.t('Block {0} has an empty SEARCH part, which fits only an empty file. Nothing was applied.', error.hunk);
      return vscode.l10n.t('The SEARCH part of block {0} ("{1}") is in the file more than once. Nothing was applied.', error.hunk, error.excerpt);
    case 'staleSelection':
      return vscode.l10n.t('The selection this code answers was changed since it was sent. Nothing was applied.');
    case 'selectionCut':
      return vscode.l10n.t('The selection this code answers was cut when it was sent, so the code cannot replace it. Nothing was applied.');
  }
}
