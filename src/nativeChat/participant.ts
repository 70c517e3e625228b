/** `@pathors` in VS Code's Chat view: streams the agent's reply with the sidebar's client, wording and session rules. */
import * as vscode from 'vscode';
import type { KeyGuard } from '../keyGuard';
import type { Activity } from '../core/activity';
import type { PathorsError } from '../core/errors';
import { streamChat, type ChatMessage } from '../core/pathorsClient';
import { loggingFetch } from '../core/requestLog';
import { log } from '../log';
import { sessionText } from '../text';
import { endpointResolution } from '../config';
import { settingToFix } from '../core/endpoint';
import { abortSignalFor } from './cancellation';
import { chatEndpoint } from './endpoint';
import { nativeErrorText } from './errorText';
import { editorSelection, promptWithContext, readReferences } from './references';
import type { AgentSettings, PendingApprovals } from '../core/agentTurn';
import { registerToolCallAnswers, runChatToolTurn } from './toolTurn';

const t = vscode.l10n.t;

/** The participant's id, as contributed in package.json. */
export const PARTICIPANT_ID = 'pathors.chat';

/** What a `@pathors` turn keeps in its result, read back on the next turn of the thread. */
export interface PathorsChatMetadata {
  /** The Pathors session of the thread; null after `/new` until the next reply starts one. */
  readonly sessionId: string | null;
}

/**
 * The thread's Pathors session: the one the latest `@pathors` reply recorded. A thread without
 * one (new, or only other participants) starts a new session; so does a turn after `/new`.
 */
export function sessionFromHistory(history: vscode.ChatContext['history']): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i];
    if (!(turn instanceof vscode.ChatResponseTurn) || turn.participant !== PARTICIPANT_ID) continue;
    const metadata = turn.result.metadata as Partial<PathorsChatMetadata> | undefined;
    if (metadata && 'sessionId' in metadata) return typeof metadata.sessionId === 'string' ? metadata.sessionId : undefined;
  }
  return undefined;
}

/** The thread as messages, for servers that keep no conversation (`pathors.sendWholeTranscript`). */
function historyMessages(history: vscode.ChatContext['history']): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const turn of history) {
    if (turn instanceof vscode.ChatRequestTurn && turn.participant === PARTICIPANT_ID) {
      out.push({ role: 'user', content: turn.prompt });
    } else if (turn instanceof vscode.ChatResponseTurn && turn.participant === PARTICIPANT_ID) {
      const text = turn.response
        .map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : ''))
        .join('');
      if (text !== '') out.push({ role: 'assistant', content: text });
    }
  }
  return out;
}

/** The error as a chat result, with the button that fixes it. */
function failureResult(err: PathorsError, stream: vscode.ChatResponseStream, metadata: PathorsChatMetadata): vscode.ChatResult {
  const { message, actions } = nativeErrorText(err);
  if (actions.includes('setApiKey')) stream.button({ command: 'pathors.setApiKey', title: t('Set API Key') });
  // The setting the error names (the project ID, or the endpoint URL when one is set), as Test Connection opens it.
  if (actions.includes('openSettings')) stream.button({ command: 'workbench.action.openSettings', arguments: [settingToFix(endpointResolution())], title: t('Open Settings') });
  return { errorDetails: { message }, metadata };
}

/** The sidebar's tools for `@pathors`: the same settings per endpoint, answers by the chat's buttons. */
export interface ParticipantTools {
  /** The tools a turn to `url` may call, or undefined for a plain reply (see `agentSettings`). */
  readonly settings: (url: string) => AgentSettings | undefined;
  readonly approvals: PendingApprovals;
}

/** Handles one `@pathors` request; `activity` counts it while it streams. */
export function createHandler(guard: KeyGuard, activity: Activity, fetchImpl: typeof fetch = loggingFetch(log), tools?: ParticipantTools): vscode.ChatRequestHandler {
  return async (request, context, stream, token) => {
    const previous = request.command === 'new' ? undefined : sessionFromHistory(context.history);
    const resolved = await chatEndpoint(guard);
    if (!resolved.ok) {
      stream.button(
        resolved.fix === 'setApiKey'
          ? { command: 'pathors.setApiKey', title: t('Set API Key') }
          : { command: 'workbench.action.openSettings', arguments: [resolved.setting], title: t('Open Settings') },
      );
      return { errorDetails: { message: resolved.message }, metadata: { sessionId: previous ?? null } };
    }
    const { endpoint } = resolved;

    let question = request.prompt.trim();
    const context_ = await readReferences(request.references);
    const attachments = [...context_.attachments];
    const shown = [...context_.shown];
    if (request.command === 'new' && question === '') {
      stream.markdown(t('Started a new Pathors session. Your next message in this thread goes to it.'));
      return { metadata: { sessionId: null } satisfies PathorsChatMetadata };
    }
    if (request.command === 'explain') {
      if (attachments.length === 0) {
        const selection = editorSelection();
        if (!selection) {
          return { errorDetails: { message: t('Select code in an editor, or attach a file with #, then ask /explain again.') }, metadata: { sessionId: previous ?? null } };
        }
        attachments.push(selection.attachment);
        shown.push(selection.location);
      }
      // Sent to the agent, like the context headers, not shown to the user.
      question = question ? `Explain this code. ${question}` : 'Explain this code.';
    }
    const { prompt } = promptWithContext(question, { attachments, values: context_.values });
    for (const ref of shown) stream.reference(ref);
    if (context_.skipped.length) {
      stream.markdown(`_${t('Not sent (binary, not UTF-8 text, or a file that may hold secrets): {0}', context_.skipped.join(', '))}_\n\n`);
    }

    const whole = endpoint.sendWholeTranscript === true;
    const sessionId = whole ? undefined : previous;
    log.info(`@pathors: POST ${endpoint.url} (session ${sessionId ?? 'new'})`);
    const abort = abortSignalFor(token);
    const end = activity.begin();
    let current = sessionId;
    let failure: PathorsError | undefined;
    const notes: string[] = [];
    const agent = tools?.settings(endpoint.url);
    let stopped = false;
    try {
      if (agent && tools) {
        const result = await runChatToolTurn({
          request: {
            url: endpoint.url,
            apiKey: endpoint.apiKey,
            sessionId,
            messages: [...(whole ? historyMessages(context.history) : []), { role: 'user', content: prompt }],
            fetch: fetchImpl,
            requestTimeoutMs: endpoint.requestTimeoutMs,
            idleTimeoutMs: endpoint.idleTimeoutMs,
          },
          wholeTranscript: whole,
          settings: agent,
          approvals: tools.approvals,
          stream,
          signal: abort.signal,
        });
        current = result.sessionId;
        notes.push(...result.notes);
        stopped = result.end === 'aborted';
        failure = result.error;
      } else for await (const ev of streamChat({
        url: endpoint.url,
        apiKey: endpoint.apiKey,
        sessionId,
        messages: [...(whole ? historyMessages(context.history) : []), { role: 'user', content: prompt }],
        signal: abort.signal,
        fetch: fetchImpl,
        requestTimeoutMs: endpoint.requestTimeoutMs,
        idleTimeoutMs: endpoint.idleTimeoutMs,
      })) {
        switch (ev.type) {
          case 'session':
            current = ev.sessionId;
            break;
          case 'delta':
            stream.markdown(ev.text);
            break;
          case 'retry':
            stream.progress(sessionText.retryNotice?.(Math.max(1, Math.ceil(ev.delayMs / 1000)), ev.attempt, ev.maxRetries) ?? '');
            break;
          case 'finish': {
            const note = sessionText.finishNotice(ev.reason);
            if (note) notes.push(note);
            break;
          }
          case 'warning':
            notes.push(sessionText.malformedNotice());
            break;
          case 'error':
            failure = ev.error;
            break;
          case 'toolCalls':
          case 'usage':
          case 'done':
            break;
        }
      }
    } finally {
      abort.dispose();
      end();
    }
    if (notes.length) stream.markdown(`\n\n_${notes.join(' ')}_`);
    // Without a session the server keeps nothing, so the thread's next turn needs no id either.
    const metadata: PathorsChatMetadata = { sessionId: whole ? null : (current ?? null) };
    if (stopped || failure?.kind === 'aborted') {
      log.debug('@pathors: stopped');
      return { metadata };
    }
    return failure ? failureResult(failure, stream, metadata) : { metadata };
  };
}

/** Creates `@pathors` with its icon. */
export function registerParticipant(context: vscode.ExtensionContext, guard: KeyGuard, activity: Activity, tools?: ParticipantTools): vscode.ChatParticipant {
  if (tools) registerToolCallAnswers(context, tools.approvals);
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, createHandler(guard, activity, undefined, tools));
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
  context.subscriptions.push(participant);
  return participant;
}
