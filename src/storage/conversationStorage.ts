/** Opens this window's conversation files, moves 0.1.0's conversations out of workspaceState, and reports damage. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FileConversationStore } from '../core/fileConversationStore';
import { migrateKeyValueStore } from '../core/migration';
import { log } from '../log';

const t = vscode.l10n.t;

/**
 * The folder for this window's conversations: the workspace's own storage, or, in a window without
 * a folder (which has none), one folder in the extension's global storage shared by such windows.
 */
export function conversationFolder(context: vscode.ExtensionContext): string {
  if (context.storageUri) return path.join(context.storageUri.fsPath, 'conversations');
  return path.join(context.globalStorageUri.fsPath, 'conversations-without-folder');
}

/** The conversation store of this window, with anything still kept in workspaceState moved into it first. */
export function openConversationStore(context: vscode.ExtensionContext): FileConversationStore {
  const dir = conversationFolder(context);
  const store = new FileConversationStore(dir, context.workspaceState, {
    onDamaged: (file, aside) => {
      log.warn(`Could not read ${file} whole; it was renamed to ${aside} and what could be read was kept.`);
      void vscode.window.showWarningMessage(
        t('A Pathors conversation file was damaged. What could be read was kept, and the file was set aside as {0}.', aside),
      );
    },
    onError: (err) => log.error(`Could not save a conversation in ${dir}: ${String(err)}`),
  });
  try {
    const result = migrateKeyValueStore(context.workspaceState, store);
    result.cleared.catch((err: unknown) => log.warn(`Could not remove the conversations left in workspaceState: ${String(err)}`));
    if (result.found > 0) {
      if (result.done) log.info(`Moved ${result.found} conversations from workspaceState to ${dir}.`);
      else log.warn(`Could not move ${result.found} conversations to ${dir}; they stay in workspaceState and the move is tried again next time.`);
    }
  } catch (err) {
    log.error(`Could not move conversations to ${dir}: ${String(err)}`);
  }
  return store;
}
