/** "Set API Key" and "Clear API Key". */
import * as vscode from 'vscode';
import type { ApiKeys } from '../apiKeys';

/** Registers the API key commands and keeps the `pathors.hasApiKey` context key current. */
export function registerApiKeyCommands(context: vscode.ExtensionContext, keys: ApiKeys): void {
  const refresh = async () => {
    await vscode.commands.executeCommand('setContext', 'pathors.hasApiKey', await keys.has());
  };
  void refresh();
  context.subscriptions.push(
    keys.onDidChange(() => void refresh()),
    // An optional argument sets the key without the input box (automation, walkthroughs).
    vscode.commands.registerCommand('pathors.setApiKey', async (key?: unknown) => {
      if (typeof key === 'string' && key.trim() !== '') {
        await keys.set(key);
      } else if (!(await keys.prompt())) {
        return;
      }
      void vscode.window.showInformationMessage(vscode.l10n.t('Pathors API key saved in secret storage.'));
    }),
    vscode.commands.registerCommand('pathors.clearApiKey', async () => {
      await keys.clear();
      void vscode.window.showInformationMessage(vscode.l10n.t('Pathors API key removed.'));
    }),
  );
}
