/** Sends chat turns: checks settings and the API key first, then hands the turn to the session. */
import * as vscode from 'vscode';
import type { ErrorAction } from './protocol';
import type { ChatSession, SessionUpdate, UserTurn } from './core/chatSession';
import type { ConversationManager } from './core/conversations';
import type { Endpoint } from './core/ports';
import { ApiKeys } from './apiKeys';
import type { KeyGuard, KeyRefusal } from './keyGuard';
import { endpointResolution, endpointUrl, openSettings, readSettings } from './config';
import { endpointProblemText } from './text';
import { log } from './log';
import { editedPrompt } from './core/transcript';
import type { AgentSettings } from './core/agentTurn';
import { disableToolsFor } from './tools/toolSettings';

/** What the controller needs from the chat view. */
export interface ChatViewPort {
  /** Shows the view (without taking focus from an editor when `preserveFocus`). */
  reveal(preserveFocus: boolean): Promise<void>;
  /** Puts text back into the input (a send that could not start). */
  restoreDraft(text: string): void;
  /** Tells the panel about a settings change. */
  refreshConfig(): void;
}

/** Glue between the view, the commands, the settings, the key and the session. */
export class ChatController {
  private view: ChatViewPort | undefined;

  constructor(
    readonly conversations: ConversationManager,
    private readonly keys: ApiKeys,
    private readonly guard: KeyGuard,
    /** The tools a turn to a URL may call (none: plain replies). */
    private readonly agent: (url: string) => AgentSettings | undefined = () => undefined,
  ) {}

  /** The session of the active conversation. */
  get session(): ChatSession {
    return this.conversations.active;
  }

  /**
   * Subscribes to the active conversation's updates, following it when another becomes
   * active (announced as a `busy` update and a `reset`).
   */
  onSessionUpdate(listener: (u: SessionUpdate) => void): () => void {
    let unsubscribe = this.session.onUpdate(listener);
    const off = this.conversations.onDidChange((e) => {
      if (e.type !== 'active') return;
      unsubscribe();
      unsubscribe = this.session.onUpdate(listener);
      listener({ type: 'busy', requestId: this.session.busyRequestId });
      listener({ type: 'reset' });
    });
    return () => {
      unsubscribe();
      off();
    };
  }

  attachView(view: ChatViewPort): void {
    this.view = view;
  }

  /**
   * Sends a turn, asking for the API key first when there is none. A turn that cannot
   * start goes back into the input, so nothing typed is lost.
   * @returns true when the request started.
   */
  async send(turn: UserTurn, restoreOnFailure = true): Promise<boolean> {
    const endpoint = this.refuseWhileBusy() ? undefined : await this.endpoint();
    if (isRefusal(endpoint)) {
      // The question stays in the chat with why it was not sent; its Retry asks again.
      return this.session.reject(turn, endpoint.message, endpoint.actions);
    }
    if (!endpoint) {
      if (restoreOnFailure) this.view?.restoreDraft(turn.text);
      return false;
    }
    log.info(`POST ${endpoint.url} (session ${this.session.sessionId ?? 'new'})`);
    return this.session.send(turn, endpoint);
  }

  /**
   * Regenerate, or Retry after a Stop: asks the question the reply `replyEntryId` answered again,
   * as a new turn in the same session (the server still remembers the earlier reply).
   */
  async askAgain(replyEntryId: string): Promise<boolean> {
    if (this.refuseWhileBusy()) return false;
    const endpoint = usable(await this.endpoint());
    return endpoint ? this.session.askAgain(replyEntryId, endpoint) : false;
  }

  /**
   * Edit & resend: starts a new conversation holding the turns before the question `entryId`, and
   * sends `text` there to a new session with those turns replayed. The original conversation stays
   * as it was, in the history. A send that cannot start puts `text` back into the input.
   */
  async editResend(entryId: string, text: string): Promise<boolean> {
    const original = this.session.transcript.find((e) => e.id === entryId && e.role === 'user');
    const endpoint = original && !this.refuseWhileBusy() ? usable(await this.endpoint()) : undefined;
    if (!original || !endpoint) {
      this.view?.restoreDraft(text);
      return false;
    }
    const sourceId = this.conversations.activeId;
    const source = this.conversations.list().find((c) => c.id === sourceId);
    const hasEarlierTurns = this.session.transcript[0]?.id !== entryId;
    const title = hasEarlierTurns && source?.title ? vscode.l10n.t('{0} (edited)', source.title) : undefined;
    const prompt = editedPrompt(original, text);
    const forkId = await this.conversations.fork(sourceId, entryId, title);
    if (!forkId) {
      this.view?.restoreDraft(text);
      return false;
    }
    log.info(`Edit & resend: new conversation from an earlier question, replaying ${this.session.transcript.length} entries`);
    const question = prompt === undefined ? text : text.trim();
    return this.session.send({ text: question, prompt, context: original.context, attachments: original.attachments, replay: true }, endpoint);
  }

  /** Tells the user a reply is still streaming; true when it is. */
  private refuseWhileBusy(): boolean {
    if (!this.session.busyRequestId) return false;
    void vscode.window.showInformationMessage(vscode.l10n.t('Pathors is still answering. Stop the reply or wait for it to finish.'));
    return true;
  }

  /** Handles an error's action button. */
  async action(action: ErrorAction, errorEntryId: string): Promise<void> {
    switch (action) {
      case 'openSettings':
        await openSettings();
        return;
      case 'setApiKey': {
        const key = await this.keys.prompt();
        if (!key) return;
        void this.view?.reveal(false);
        await this.resend(errorEntryId);
        return;
      }
      case 'retry':
        await this.resend(errorEntryId);
        return;
      case 'disableTools':
        // The server refused tools: this endpoint gets none from now on, and the question goes again without them.
        await disableToolsFor(endpointUrl(readSettings()));
        await this.resend(errorEntryId);
        return;
    }
  }

  private async resend(errorEntryId: string): Promise<void> {
    const user = this.session.userTurnForError(errorEntryId);
    if (!user) return;
    const endpoint = usable(await this.endpoint());
    if (endpoint) this.session.resend(user.id, endpoint);
  }

  /**
   * The URL and key to use, asking for what is missing; undefined when the user backs out, a
   * refusal when the key may not go to the URL (see keyGuard.ts).
   */
  private async endpoint(): Promise<Endpoint | KeyRefusal | undefined> {
    const settings = readSettings();
    const resolution = endpointResolution(settings);
    if (!resolution.ok) {
      this.view?.refreshConfig();
      const open = vscode.l10n.t('Open Settings');
      void vscode.window
        .showWarningMessage(endpointProblemText(resolution), open)
        .then((choice) => (choice === open ? openSettings() : undefined));
      return undefined;
    }
    const url = endpointUrl(settings);
    const hadKey = await this.keys.has();
    const grant = await this.guard.keyFor(url, { prompt: true });
    // The prompt took focus; it goes back to the editor when the prompt closes, not to the chat.
    if (!hadKey && (grant.ok || grant.reason !== 'noKey')) void this.view?.reveal(false);
    if (!grant.ok) return grant.reason === 'noKey' ? undefined : grant;
    return {
      url,
      apiKey: grant.apiKey,
      requestTimeoutMs: settings.requestTimeoutSeconds * 1000,
      idleTimeoutMs: settings.idleTimeoutSeconds * 1000,
      sendWholeTranscript: settings.sendWholeTranscript,
      maxReplyChars: settings.maxReplyCharacters,
      agent: this.agent(url),
    };
  }
}

function isRefusal(e: Endpoint | KeyRefusal | undefined): e is KeyRefusal {
  return e !== undefined && 'ok' in e && !e.ok;
}

/** The endpoint, or undefined after telling the user why the key was not sent. */
function usable(e: Endpoint | KeyRefusal | undefined): Endpoint | undefined {
  if (!isRefusal(e)) return e;
  void vscode.window.showWarningMessage(e.message);
  return undefined;
}
