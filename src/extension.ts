/** Entry point: builds the objects, registers the view and commands, and returns the test API. */
import * as vscode from 'vscode';
import type { TranscriptEntry } from './protocol';
import { ChatSession } from './core/chatSession';
import { ConversationManager, type ConversationInfo } from './core/conversations';
import { ApiKeys } from './apiKeys';
import { ChatController } from './chatController';
import { ChatViewProvider } from './chatViewProvider';
import { endpointResolution, onDidChangeSettings } from './config';
import { KeyGuard } from './keyGuard';
import { originOf } from './core/keyOrigin';
import { createLog, log } from './log';
import { sessionText } from './text';
import { registerApiKeyCommands } from './commands/apiKey';
import { registerConversationCommands } from './commands/conversation';
import { registerSelectionCommand } from './commands/selection';
import { registerHistoryCommands } from './commands/history';
import { registerConnectionCommands } from './commands/connection';
import { registerStatusBar } from './statusBar';
import { openConversationStore } from './storage/conversationStorage';
import { loggingFetch, loggingSessionText } from './core/requestLog';
import type { StatusKind } from './core/statusState';
import { registerApply } from './apply/registerApply';
import { registerContextCommands } from './context/registerContext';
import { registerParticipant } from './nativeChat/participant';
import { registerLanguageModel } from './nativeChat/languageModel';
import { Activity } from './core/activity';
import { registerUseInChatCommand } from './nativeChat/useInChat';
import type { ProposeRequest, ReviewOutcome } from './apply/diffReview';
import { workspaceTools } from './tools/workspaceTools';
import { runCommandTool } from './tools/runCommand';
import { agentSettings } from './tools/toolSettings';
import { PendingApprovals } from './core/agentTurn';
import type { PendingView } from './core/pendingAttachments';

/** What `activate` returns: read-only views of the state and the diff review entry point, for tests and other extensions. Never the key. */
export interface PathorsApi {
  sessionId(): string | undefined;
  transcript(): readonly TranscriptEntry[];
  whenIdle(): Promise<void>;
  hasApiKey(): Promise<boolean>;
  /** The workspace's conversations, newest first. */
  conversations(): readonly ConversationInfo[];
  activeConversationId(): string;
  /** What the status bar item shows. */
  status(): StatusKind;
  /** The folder holding the workspace's conversation files. */
  conversationFolder(): string;
  /** The chips waiting above the panel's input and the characters they would send. */
  pendingAttachments(): PendingView;
  /** Opens the diff review of a proposed change; resolves when it is accepted or rejected. */
  reviewChange(request: ProposeRequest): Promise<ReviewOutcome>;
  /** The handler of `@pathors` requests, as VS Code's Chat calls it. */
  chatRequestHandler: vscode.ChatRequestHandler;
}

let conversations: ConversationManager | undefined;

export function activate(context: vscode.ExtensionContext): PathorsApi {
  const logChannel = createLog();
  const keys = new ApiKeys(context.secrets, () => {
    const endpoint = endpointResolution();
    return endpoint.ok ? originOf(endpoint.url) : undefined;
  });
  const guard = new KeyGuard(keys);
  const text = loggingSessionText(sessionText, log);
  const fetchLogged = loggingFetch(log);
  const store = openConversationStore(context);
  conversations = new ConversationManager(store, (store) => new ChatSession({ store, text, fetch: fetchLogged, log }));
  const all = conversations;
  const review = registerApply(context);
  const tools = [...workspaceTools((request) => review.propose(request)), runCommandTool];
  const controller = new ChatController(all, keys, guard, (url) => agentSettings(url, tools));
  const provider = new ChatViewProvider(context.extensionUri, controller, review);

  context.subscriptions.push(
    logChannel,
    provider,
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewType, provider),
    onDidChangeSettings(() => provider.refreshConfig()),
    { dispose: () => void all.dispose() },
  );
  registerApiKeyCommands(context, keys);
  registerConversationCommands(context, controller);
  registerSelectionCommand(context, controller, provider);
  registerHistoryCommands(context, controller, provider);
  registerConnectionCommands(context, keys, guard);
  const nativeActivity = new Activity();
  const status = registerStatusBar(context, controller, keys, nativeActivity);
  registerContextCommands(context, (attachments) => provider.attach(attachments));
  const participant = registerParticipant(context, guard, nativeActivity, { settings: (url) => agentSettings(url, tools), approvals: new PendingApprovals() });
  registerLanguageModel(context, guard, nativeActivity);
  registerUseInChatCommand(context);

  return {
    sessionId: () => controller.session.sessionId,
    transcript: () => controller.session.transcript,
    whenIdle: () => controller.session.whenIdle(),
    hasApiKey: () => keys.has(),
    conversations: () => all.list(),
    activeConversationId: () => all.activeId,
    status,
    conversationFolder: () => store.dir,
    pendingAttachments: () => provider.pendingView(),
    reviewChange: (request) => review.propose(request),
    chatRequestHandler: (...args) => participant.requestHandler(...args),
  };
}

export async function deactivate(): Promise<void> {
  // Saves a reply cut short by a reload, so it comes back marked incomplete.
  await conversations?.dispose();
}
