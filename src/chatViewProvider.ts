/** The sidebar chat view: its HTML and CSP, and the message routing between panel and host. */
import * as vscode from 'vscode';
import { assertNever, parseWebviewMessage, type HostToWebview, type WebviewToHost } from './protocol';
import type { ChatController, ChatViewPort } from './chatController';
import type { SessionUpdate } from './core/chatSession';
import { configProblem } from './config';
import { webviewCsp } from './csp';
import { isOpenableLink } from './core/links';
import { log } from './log';
import { webviewStrings } from './text';
import { CodeActions } from './commands/codeActions';
import { fencedBlocks } from './core/markdown';
import type { DiffReview } from './apply/diffReview';
import { CodeBlockApplier } from './apply/applyCodeBlock';
import { ComposerContext, droppedUris, isDroppable, openChipSource } from './context/composerContext';
import { attachFiles } from './context/registerContext';
import type { Attachment } from './core/attachments';
import type { PendingView } from './core/pendingAttachments';

/** Provides the `pathors.chatView` webview view. */
export class ChatViewProvider implements vscode.WebviewViewProvider, ChatViewPort, vscode.Disposable {
  static readonly viewType = 'pathors.chatView';
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly codeActions = new CodeActions();
  private readonly applier: CodeBlockApplier;
  /** What the user attached for the next question; the panel sees only its chips. */
  private readonly attachments = new ComposerContext(() => this.postAttachments());

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: ChatController,
    review: DiffReview,
  ) {
    this.applier = new CodeBlockApplier((request) => review.propose(request), () => this.codeActions.lastEditorUri());
    const unsubscribe = controller.onSessionUpdate((u) => this.onSessionUpdate(u));
    this.disposables.push({ dispose: unsubscribe }, this.codeActions, this.attachments);
    controller.attachView(this);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist] };
    view.webview.html = this.html(view.webview, dist);
    const subs = [
      view.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      view.onDidChangeVisibility(() => {
        // A hidden view loses its document; it posts `ready` again when shown.
        if (!view.visible) this.ready = false;
      }),
    ];
    view.onDidDispose(() => {
      subs.forEach((d) => d.dispose());
      if (this.view === view) this.view = undefined;
      this.ready = false;
      // The chat was closed: nobody is reading the reply, so stop paying for it (what arrived is kept).
      this.controller.session.stop();
    });
  }

  async reveal(preserveFocus: boolean): Promise<void> {
    if (this.view) this.view.show(preserveFocus);
    else await vscode.commands.executeCommand(`${ChatViewProvider.viewType}.focus`);
    if (!preserveFocus) this.focusInput();
  }

  restoreDraft(text: string): void {
    this.post({ type: 'restoreDraft', text });
  }

  refreshConfig(): void {
    this.post({ type: 'config', problem: configProblem() });
  }

  /** Adds attachments to the next question and shows the panel, its input focused for the question. */
  async attach(attachments: readonly Attachment[]): Promise<void> {
    this.attachments.add(attachments);
    await this.reveal(false);
  }

  /** The pending attachments' chips and running total, as the panel shows them (for tests). */
  pendingView(): PendingView {
    return this.attachments.view();
  }

  /** Focuses the panel's input. */
  focusInput(): void {
    this.post({ type: 'focusInput' });
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  private onSessionUpdate(u: SessionUpdate): void {
    if (u.type === 'reset') this.sendInit();
    else this.post(u);
  }

  private sendInit(): void {
    const session = this.controller.session;
    this.post({
      type: 'init',
      state: {
        entries: session.transcript,
        busyRequestId: session.busyRequestId,
        configProblem: configProblem(),
        strings: webviewStrings(),
      },
    });
    this.postAttachments();
  }

  private postAttachments(): void {
    const { chips, usedChars, maxChars } = this.attachments.view();
    this.post({ type: 'attachments', chips, usedChars, maxChars });
  }

  /**
   * Sends the question with what is pending. The attachments it carried leave the composer once
   * the question is in the conversation (sent, or kept with an error to retry); a send that
   * could not start keeps them, as it puts the question back into the input.
   */
  private async sendWithAttachments(text: string): Promise<void> {
    const turn = this.attachments.turn(text);
    const session = this.controller.session;
    const before = session.transcript.length;
    await this.controller.send({ text: turn.text, prompt: turn.prompt, attachments: turn.attachments });
    if (turn.ids.length && session.transcript.length > before) this.attachments.pending.clear(turn.ids);
  }

  private async openAttachment(id: string, entryId: string): Promise<void> {
    const chip = entryId === ''
      ? this.attachments.view().chips.find((c) => c.id === id)
      : this.controller.session.transcript.find((e) => e.id === entryId && e.role === 'user')?.attachments?.find((c) => c.id === id);
    if (chip) await openChipSource(chip);
  }

  private post(msg: HostToWebview): void {
    // Before `ready` the panel is not listening; `init` will carry the whole state then.
    if (this.view && this.ready) void this.view.webview.postMessage(msg);
  }

  private onMessage(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      log.warn(`Ignored an invalid message from the chat view: ${describe(raw)}`);
      return;
    }
    void this.handle(msg).catch((err: unknown) => log.error(`Chat view message ${msg.type} failed: ${String(err)}`));
  }

  private async handle(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.sendInit();
        return;
      case 'send':
        await this.sendWithAttachments(msg.text);
        return;
      case 'stop':
        this.controller.session.stop();
        return;
      case 'newChat':
        await this.controller.conversations.startNew();
        return;
      case 'action':
        await this.controller.action(msg.action, msg.entryId);
        return;
      case 'openLink':
        await openLink(msg.href);
        return;
      case 'codeAction': {
        // The code comes from the host's transcript: the panel only says which block it showed.
        const entry = this.controller.session.transcript.find((e) => e.id === msg.entryId && e.role === 'assistant' && !e.streaming);
        const block = entry ? fencedBlocks(entry.text)[msg.block] : undefined;
        if (!block) {
          log.warn(`Ignored a code action for a block that is not in the transcript (block ${msg.block})`);
          return;
        }
        if (msg.action === 'apply') await this.applier.apply(this.controller.session.transcript, msg.entryId, block);
        else await this.codeActions.run(msg.action, block.code, block.language);
        return;
      }
      case 'copyReply': {
        const entry = this.controller.session.transcript.find((e) => e.id === msg.entryId && e.role === 'assistant');
        if (entry) await this.codeActions.copyText(entry.text);
        return;
      }
      case 'askAgain':
        await this.controller.askAgain(msg.entryId);
        return;
      case 'editResend':
        await this.controller.editResend(msg.entryId, msg.text);
        return;
      case 'approval':
        // Only a call that waits on this very card is answered; anything else is a stale or forged message.
        if (!this.controller.session.answerApproval(msg.entryId, msg.decision, msg.reason, msg.command)) {
          log.warn('Ignored an approval for a tool call that is not waiting.');
        }
        return;
      case 'attach':
        await vscode.commands.executeCommand(ATTACH_COMMANDS[msg.kind]);
        return;
      case 'removeAttachment':
        this.attachments.pending.remove(msg.id);
        return;
      case 'openAttachment':
        await this.openAttachment(msg.id, msg.entryId);
        return;
      case 'dropUris': {
        // Dropped files go through the same reader as picked ones: binary refused, deny list confirmed.
        const uris = droppedUris(msg.uris).filter(isDroppable);
        if (uris.length < msg.uris.length) {
          log.warn(`Ignored ${msg.uris.length - uris.length} dropped item(s) that are not files of this workspace or of an open editor.`);
          void vscode.window.showWarningMessage(vscode.l10n.t('Only files of this workspace or open in an editor can be dropped on the chat; {0} dropped item(s) were not attached.', msg.uris.length - uris.length));
        }
        const attached = uris.length ? await attachFiles(uris) : [];
        if (attached.length) await this.attach(attached);
        return;
      }
      default:
        assertNever(msg);
    }
  }

  private html(webview: vscode.Webview, dist: vscode.Uri): string {
    const nonce = globalThis.crypto.randomUUID().replace(/-/g, '');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'main.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'main.css'));
    const csp = webviewCsp(webview.cspSource, nonce);
    return `<!DOCTYPE html>
<html lang="${escapeAttr(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${nonce}">
<link rel="stylesheet" href="${style.toString()}" nonce="${nonce}">
<title>Pathors Chat</title>
</head>
<body>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }
}

/** The command behind each kind of the panel's attach picker. */
const ATTACH_COMMANDS: Readonly<Record<Attachment['kind'], string>> = {
  file: 'pathors.addFile',
  selection: 'pathors.addSelection',
  problems: 'pathors.addProblems',
  gitChanges: 'pathors.addGitChanges',
  terminal: 'pathors.addTerminalOutput',
};

/** Opens only web and mail links, outside VS Code; everything else is refused. */
async function openLink(href: string): Promise<void> {
  if (!isOpenableLink(href)) {
    log.warn(`Refused to open a link from the chat that is not http, https or mailto (${href.slice(0, 20)}…).`);
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(href.trim(), true));
}

function escapeAttr(s: string): string {
  return s.replace(/[^A-Za-z0-9-]/g, '');
}

/** A short, safe description of a rejected message for the log. */
function describe(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return typeof raw;
  const type = (raw as { type?: unknown }).type;
  return typeof type === 'string' ? `type "${type.slice(0, 40)}"` : 'no type';
}
