/** A `@pathors` turn with tools: the sidebar's tool loop, its calls and results shown in the chat as text, approvals as Allow/Deny buttons. */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { AgentSettings, PendingApprovals } from '../core/agentTurn';
import { fenceFor } from '../core/contextFormat';
import type { ChatRequest } from '../core/pathorsClient';
import { cutForDisplay } from '../core/toolEntries';
import { runToolLoop, type Approval, type ApprovalRequest, type ToolLoopEvent, type ToolLoopResult } from '../core/toolLoop';
import { sessionText } from '../text';

const t = vscode.l10n.t;

/** The hidden command the Allow and Deny buttons run, with the waiting call's id and the answer. */
export const ANSWER_TOOL_CALL_COMMAND = 'pathors.chat.answerToolCall';

/**
 * Registers {@link ANSWER_TOOL_CALL_COMMAND}. Its arguments come from a button in the chat, but a
 * command can be run by anyone, so only an id that is waiting is answered, and only with allow or deny.
 */
export function registerToolCallAnswers(context: vscode.ExtensionContext, approvals: PendingApprovals): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(ANSWER_TOOL_CALL_COMMAND, (id: unknown, decision: unknown): boolean => {
      if (typeof id !== 'string' || (decision !== 'allow' && decision !== 'deny')) return false;
      return approvals.answer(id, { decision, reason: '', command: '' });
    }),
  );
}

/** What a tool turn in the chat needs. */
export interface ChatToolTurn {
  readonly request: Omit<ChatRequest, 'tools' | 'signal'>;
  readonly wholeTranscript: boolean;
  readonly settings: AgentSettings;
  readonly approvals: PendingApprovals;
  readonly stream: vscode.ChatResponseStream;
  readonly signal: AbortSignal;
}

/** A block of text shown as code, never read as Markdown or HTML. */
function codeBlock(text: string): string {
  const fence = fenceFor(text);
  return `\n\n${fence}text\n${text}\n${fence}\n\n`;
}

/** What a call asks to do, in a line and its arguments as code: the command of `run_command`, else the JSON. */
function describeCall(req: { readonly name: string; readonly args: Record<string, unknown> | undefined; readonly raw: string }): string {
  const command = typeof req.args?.command === 'string' ? req.args.command : undefined;
  return command !== undefined && req.name === 'run_command' ? codeBlock(cutForDisplay(command)) : codeBlock(cutForDisplay(req.raw));
}

/** Runs one turn in the chat; the notes (finish reasons, the step cap) come back for the end of the reply. */
export async function runChatToolTurn(turn: ChatToolTurn): Promise<ToolLoopResult & { readonly notes: readonly string[] }> {
  const { stream, settings } = turn;
  const notes: string[] = [];
  const onEvent = (e: ToolLoopEvent): void => {
    if (e.type === 'toolStart') {
      stream.progress(t('Pathors calls the tool {0}', e.call.name));
    } else if (e.type === 'toolResult') {
      const line =
        e.status === 'denied' ? t('{0} was denied and did not run.', e.call.name)
        : e.status === 'error' ? t('{0} failed:', e.call.name)
        : t('{0} returned:', e.call.name);
      stream.markdown(`\n\n${line}`);
      if (e.status !== 'denied') stream.markdown(codeBlock(cutForDisplay(e.content)));
      else stream.markdown('\n\n');
    } else if (e.type === 'capped') {
      const note = sessionText.toolStepCapNotice?.(e.maxSteps);
      if (note) notes.push(note);
    } else {
      const ev = e.event;
      if (ev.type === 'delta') stream.markdown(ev.text);
      else if (ev.type === 'retry') stream.progress(sessionText.retryNotice?.(Math.max(1, Math.ceil(ev.delayMs / 1000)), ev.attempt, ev.maxRetries) ?? '');
      else if (ev.type === 'warning') notes.push(sessionText.malformedNotice());
      else if (ev.type === 'finish' && ev.reason !== 'tool_calls') {
        const note = sessionText.finishNotice(ev.reason);
        if (note) notes.push(note);
      }
    }
  };
  const approve = async (req: ApprovalRequest, signal: AbortSignal): Promise<Approval> => {
    const tool = settings.tools.find((x) => x.definition.function.name === req.call.name);
    // An edit is reviewed in its diff, as in the sidebar: no buttons before it.
    if (tool?.asksItself && !req.readOnly) return { allowed: true };
    const id = randomUUID();
    const ask = req.call.name === 'run_command' ? t('Pathors wants to run this command:') : t('Pathors wants to call {0} with:', req.call.name);
    stream.markdown(`\n\n${ask}`);
    stream.markdown(describeCall({ name: req.call.name, args: req.args, raw: req.call.arguments }));
    stream.button({ command: ANSWER_TOOL_CALL_COMMAND, arguments: [id, 'allow'], title: t('Allow') });
    stream.button({ command: ANSWER_TOOL_CALL_COMMAND, arguments: [id, 'deny'], title: t('Deny') });
    const answer = await turn.approvals.wait(id, signal);
    return answer.decision === 'deny' ? { allowed: false } : { allowed: true };
  };
  const result = await runToolLoop({
    request: turn.request,
    wholeTranscript: turn.wholeTranscript,
    tools: settings.tools,
    askReadOnly: settings.askReadOnly,
    maxSteps: settings.maxSteps,
    toolTimeoutMs: settings.toolTimeoutMs,
    signal: turn.signal,
    approve,
    onEvent,
  });
  return { ...result, notes };
}
