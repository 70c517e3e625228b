/** New Chat, Stop Response and the hidden Send used by automation. */
import * as vscode from 'vscode';
import type { ChatController } from '../chatController';

/** Registers the conversation commands and keeps the `pathors.busy` context key current. */
export function registerConversationCommands(context: vscode.ExtensionContext, controller: ChatController): void {
  let busy = false;
  const unsubscribe = controller.onSessionUpdate((u) => {
    if (u.type !== 'busy') return;
    const now = u.requestId !== null;
    if (now !== busy) {
      busy = now;
      void vscode.commands.executeCommand('setContext', 'pathors.busy', now);
    }
  });
  context.subscriptions.push(
    { dispose: unsubscribe },
    vscode.commands.registerCommand('pathors.newChat', () => controller.conversations.startNew()),
    vscode.commands.registerCommand('pathors.stop', () => controller.session.stop()),
    vscode.commands.registerCommand('pathors.send', async (text?: unknown) => {
      if (typeof text !== 'string' || text.trim() === '') return false;
      return controller.send({ text }, false);
    }),
  );
}
