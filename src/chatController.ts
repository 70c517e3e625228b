/** Sends chat turns: checks settings and the API key first, then hands the turn to the session. */
import * as vscode from 'vscode';
import type { ErrorAction } from './protocol';
import type { ChatSession, SessionUpdate, UserTurn } from './core/chatSession';
import type { ConversationManager } from './core/conversations';
import type { Endpoint } from './core/ports';
import { ApiKeys } from './apiKeys';
import { configProblem, endpointUrl, openSettings, readSettings } from './config';
import { log } from './log';

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
    if (this.session.busyRequestId) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Pathors is still answering. Stop the reply or wait for it to finish.'));
      if (restoreOnFailure) this.view?.restoreDraft(turn.text);
      return false;
    }
    const endpoint = await this.endpoint();
    if (!endpoint) {
      if (restoreOnFailure) this.view?.restoreDraft(turn.text);
      return false;
    }
    log.info(`POST ${endpoint.url} (session ${this.session.sessionId ?? 'new'})`);
    return this.session.send(turn, endpoint);
  }

  /** Handles an error's action button. */
  async action(action: ErrorAction, errorEntryId: string): Promise<void> {
    switch (action) {
      case 'openSettings':
        await openSettings();
        return;
      case 'setApiKey': {
        const key = await this.keys.prompt();
        if (key) await this.resend(errorEntryId);
        return;
      }
      case 'retry':
        await this.resend(errorEntryId);
        return;
    }
  }

  private async resend(errorEntryId: string): Promise<void> {
    const user = this.session.userTurnForError(errorEntryId);
    if (!user) return;
    const endpoint = await this.endpoint();
    if (endpoint) this.session.resend(user.id, endpoint);
  }

  /** The URL and key to use, asking for what is missing; undefined when the user backs out. */
  private async endpoint(): Promise<Endpoint | undefined> {
    const settings = readSettings();
    if (configProblem(settings) === 'noProject') {
      this.view?.refreshConfig();
      const open = vscode.l10n.t('Open Settings');
      void vscode.window
        .showWarningMessage(vscode.l10n.t('Set your Pathors project ID (setting "pathors.projectId") to start chatting.'), open)
        .then((choice) => (choice === open ? openSettings() : undefined));
      return undefined;
    }
    const apiKey = (await this.keys.get()) ?? (await this.keys.prompt());
    if (!apiKey) return undefined;
    return {
      url: endpointUrl(settings),
      apiKey,
      requestTimeoutMs: settings.requestTimeoutSeconds * 1000,
      idleTimeoutMs: settings.idleTimeoutSeconds * 1000,
    };
  }
}
