/** "Show Conversations" (switch, rename, delete, how much is stored), "Delete All Conversations" and "Export Conversation as Markdown". */
import * as vscode from 'vscode';
import type { ChatController, ChatViewPort } from '../chatController';
import type { ConversationInfo } from '../core/conversations';
import { transcriptToMarkdown } from '../core/exportMarkdown';
import { webviewStrings } from '../text';

const t = vscode.l10n.t;

/** A byte count in the display language's own units ("1.5 MB", "1,5 MB"). */
function formatBytes(bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return new Intl.NumberFormat(vscode.env.language, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

interface ConversationItem extends vscode.QuickPickItem {
  readonly conversation: ConversationInfo;
}

/** Registers the history and export commands. */
export function registerHistoryCommands(context: vscode.ExtensionContext, controller: ChatController, view: ChatViewPort): void {
  const conversations = controller.conversations;
  const rename: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: t('Rename') };
  const remove: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: t('Delete') };

  const items = (): ConversationItem[] =>
    conversations.list().map((c) => ({
      label: c.title || t('New conversation'),
      description: c.id === conversations.activeId ? t('current') : undefined,
      detail: new Date(c.updatedAt).toLocaleString(vscode.env.language),
      buttons: [rename, remove],
      conversation: c,
    }));

  const renameConversation = async (c: ConversationInfo) => {
    const title = await vscode.window.showInputBox({ title: t('Rename Conversation'), value: c.title, validateInput: (v) => (v.trim() ? undefined : t('The title cannot be empty.')) });
    if (title?.trim()) await conversations.rename(c.id, title);
  };

  const deleteConversation = async (c: ConversationInfo) => {
    const yes = t('Delete');
    const answer = await vscode.window.showWarningMessage(t('Delete the conversation "{0}"? Its transcript is removed from this workspace.', c.title || t('New conversation')), { modal: true }, yes);
    if (answer === yes) await conversations.delete(c.id);
  };

  context.subscriptions.push(
    // An optional conversation id switches without the picker (automation).
    vscode.commands.registerCommand('pathors.showConversations', async (id?: unknown) => {
      // Another window on the folder may have started conversations since this one opened.
      conversations.refresh();
      if (typeof id === 'string') return conversations.switchTo(id);
      const pick = vscode.window.createQuickPick<ConversationItem>();
      pick.title = t('Pathors Conversations');
      pick.placeholder = t('Pick a conversation to continue it');
      pick.items = items();
      // Nothing is ever pruned, so the list says what it takes; the count and size arrive a moment later.
      void conversations.usage().then((u) => {
        pick.title = t('Pathors Conversations ({0} stored, {1})', u.conversations, formatBytes(u.bytes));
      }, () => undefined);
      pick.activeItems = pick.items.filter((i) => i.conversation.id === conversations.activeId);
      const done = new Promise<void>((resolve) => {
        pick.onDidAccept(async () => {
          const chosen = pick.selectedItems[0];
          pick.hide();
          if (chosen) {
            await conversations.switchTo(chosen.conversation.id);
            await view.reveal(false);
          }
        });
        pick.onDidTriggerItemButton(async ({ button, item }) => {
          pick.hide();
          if (button === rename) await renameConversation(item.conversation);
          else await deleteConversation(item.conversation);
        });
        pick.onDidHide(() => {
          pick.dispose();
          resolve();
        });
      });
      pick.show();
      await done;
      return true;
    }),
    vscode.commands.registerCommand('pathors.deleteAllConversations', async () => {
      const { conversations: count, bytes } = await conversations.usage();
      const yes = t('Delete All');
      const answer = await vscode.window.showWarningMessage(
        t('Delete all {0} Pathors conversations of this workspace ({1})? This cannot be undone.', count, formatBytes(bytes)),
        { modal: true },
        yes,
      );
      if (answer !== yes) return false;
      await conversations.deleteAll();
      return true;
    }),
    vscode.commands.registerCommand('pathors.exportConversation', async () => {
      const session = controller.session;
      if (session.transcript.length === 0) {
        void vscode.window.showInformationMessage(t('There is nothing to export yet: the conversation is empty.'));
        return undefined;
      }
      const info = conversations.list().find((c) => c.id === conversations.activeId);
      const strings = webviewStrings();
      const content = transcriptToMarkdown(info?.title || t('Pathors conversation'), session.transcript, {
        you: strings.you,
        assistant: strings.assistant,
        error: strings.error,
        incomplete: strings.incomplete,
        attached: t('Attached'),
        session: session.sessionId ? t('Pathors session {0}', session.sessionId) : undefined,
        tool: t('Tool call `{0}`'),
        toolStatus: {
          running: strings.toolRunning, waiting: strings.toolWaiting, ok: strings.toolOk, error: strings.toolError,
          denied: strings.toolDenied, stopped: strings.toolStopped, notRun: strings.toolNotRun,
        },
      });
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
      await vscode.window.showTextDocument(doc);
      return doc.uri.toString();
    }),
  );
}
