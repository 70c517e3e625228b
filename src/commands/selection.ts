/** "Ask Pathors about Selection": the question plus the selected code as one turn. */
import * as vscode from 'vscode';
import type { ChatController, ChatViewPort } from '../chatController';
import { buildSelectionTurn, MAX_SELECTION_CHARS } from '../core/selectionContext';
import { collectSelection } from '../context/selection';

/** Registers `pathors.askAboutSelection`. */
export function registerSelectionCommand(context: vscode.ExtensionContext, controller: ChatController, view: ChatViewPort): void {
  context.subscriptions.push(
    // The optional `{ question }` argument skips the input box (automation); menus pass a URI, which is ignored.
    vscode.commands.registerCommand('pathors.askAboutSelection', async (arg?: unknown) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.selection.isEmpty) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select some code in an editor first, then ask Pathors about it.'));
        return false;
      }
      const given = typeof arg === 'object' && arg !== null ? (arg as { question?: unknown }).question : undefined;
      const question =
        typeof given === 'string' && given.trim()
          ? given
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Ask Pathors about Selection'),
              prompt: vscode.l10n.t('What do you want to know about the selected code?'),
              value: vscode.l10n.t('Explain this code'),
              ignoreFocusOut: true,
            });
      if (!question?.trim()) return false;

      const selected = collectSelection(editor);
      if (!selected) return false;
      const turn = buildSelectionTurn({ ...selected, question, code: selected.content });
      if (turn.context.truncated) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('The selection is longer than {0} characters; only its first {0} are sent.', MAX_SELECTION_CHARS),
        );
      }
      await view.reveal(false);
      return controller.send(turn, false);
    }),
  );
}
