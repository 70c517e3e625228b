/** Entry point: builds the objects, registers the view and commands, and returns the test API. */
import * as vscode from 'vscode';
import type { TranscriptEntry } from './protocol';
import { ChatSession } from './core/chatSession';
import { ApiKeys } from './apiKeys';
import { ChatController } from './chatController';
import { ChatViewProvider } from './chatViewProvider';
import { onDidChangeSettings } from './config';
import { createLog } from './log';
import { sessionText } from './text';
import { registerApiKeyCommands } from './commands/apiKey';
import { registerConversationCommands } from './commands/conversation';
import { registerSelectionCommand } from './commands/selection';

/** What `activate` returns: read-only views of the state, for tests and other extensions. Never the key. */
export interface PathorsApi {
  sessionId(): string | undefined;
  transcript(): readonly TranscriptEntry[];
  whenIdle(): Promise<void>;
  hasApiKey(): Promise<boolean>;
}

let session: ChatSession | undefined;

export function activate(context: vscode.ExtensionContext): PathorsApi {
  const logChannel = createLog();
  const keys = new ApiKeys(context.secrets);
  session = new ChatSession({ store: context.workspaceState, text: sessionText });
  const chat = session;
  const controller = new ChatController(chat, keys);
  const provider = new ChatViewProvider(context.extensionUri, controller);

  context.subscriptions.push(
    logChannel,
    provider,
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewType, provider),
    onDidChangeSettings(() => provider.refreshConfig()),
    { dispose: () => void chat.dispose() },
  );
  registerApiKeyCommands(context, keys);
  registerConversationCommands(context, controller);
  registerSelectionCommand(context, controller, provider);

  return {
    sessionId: () => chat.sessionId,
    transcript: () => chat.transcript,
    whenIdle: () => chat.whenIdle(),
    hasApiKey: () => keys.has(),
  };
}

export async function deactivate(): Promise<void> {
  // Saves a reply cut short by a reload, so it comes back marked incomplete.
  await session?.dispose();
}
