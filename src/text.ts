/** Every user-visible string the host and the panel show, through vscode.l10n. */
import * as vscode from 'vscode';
import type { WebviewStrings } from './protocol';
import type { PathorsError } from './core/errors';
import type { EndpointResolution } from './core/endpoint';
import type { SessionText } from './core/ports';
import { readSettings } from './config';

const t = vscode.l10n.t;

/** The panel's strings in the active display language. */
export function webviewStrings(): WebviewStrings {
  return {
    messagesLabel: t('Chat messages'),
    inputLabel: t('Ask Pathors'),
    inputPlaceholder: t('Ask Pathors… (Enter to send, Shift+Enter for a new line)'),
    send: t('Send'),
    stop: t('Stop'),
    newChat: t('New Chat'),
    you: t('You'),
    assistant: t('Pathors'),
    error: t('Error'),
    incomplete: t('Incomplete'),
    thinking: t('Waiting for the reply…'),
    emptyTitle: t('Chat with your Pathors agent'),
    emptyBody: t('Ask a question below, or select code in an editor and run "Ask Pathors about Selection".'),
    noProject: t('Set your Pathors project ID to start chatting.'),
    badEndpoint: t('The Pathors URL in your settings (endpoint URL or base URL) is not a valid http or https URL.'),
    openSettings: t('Open Settings'),
    setApiKey: t('Set API Key'),
    retry: t('Retry'),
    contextTruncated: t('Selection cut to its first {0} of {1} characters.'),
    copy: t('Copy'),
    copied: t('Copied'),
    copyCode: t('Copy code'),
    insertCodeShort: t('Insert'),
    insertCode: t('Insert at cursor'),
    newFileCodeShort: t('New File'),
    newFileCode: t('Open in new file'),
    applyCodeShort: t('Apply'),
    applyCode: t('Apply to a file, after a diff review'),
    runInTerminalShort: t('Run in Terminal'),
    runInTerminal: t('Run in Terminal: types the command, you press Enter'),
    copyReply: t('Copy reply'),
    jumpToLatest: t('Jump to latest'),
    announceError: t('Error: {0}'),
    announceCodeBlock: t('Code block, {0} lines'),
    announceCodeBlockLine: t('Code block, 1 line'),
    regenerate: t('Regenerate'),
    regenerateHint: t('Ask this question again as a new turn. Pathors keeps the conversation on its server, so the agent still remembers this reply.'),
    retryHint: t('Ask this question again as a new turn. The reply that was cut short stays in the conversation the server keeps.'),
    askedAgain: t('Asked again in the same session; the agent still remembers the earlier reply.'),
    edit: t('Edit'),
    editHint: t('Edit and resend this question in a new conversation'),
    editBanner: t('Editing an earlier question. Send starts a new conversation: the {0} messages before it are sent again to a new Pathors session, which knows only their text. This conversation stays in the history.'),
    editBannerFirst: t('Editing the first question. Send starts a new conversation in a new Pathors session. This conversation stays in the history.'),
    cancelEdit: t('Cancel'),
    editedNote: t('Edited question, sent to a new Pathors session with the {0} earlier messages replayed.'),
    editedNoteFirst: t('Edited question, sent to a new Pathors session.'),
    toolCall: t('Tool call'),
    toolRunning: t('Running…'),
    toolWaiting: t('Waiting for your approval.'),
    toolOk: t('Done.'),
    toolError: t('Failed; the agent was told why.'),
    toolDenied: t('Denied; the agent was told.'),
    toolStopped: t('Stopped; it did not run.'),
    toolNotRun: t('Not run: the turn reached its step limit.'),
    toolReviewing: t('Review the proposed change in the diff editor, then Accept or Reject it.'),
    toolArguments: t('Arguments'),
    toolResult: t('Result'),
    allow: t('Allow'),
    deny: t('Deny'),
    allowConversation: t('Allow for this conversation'),
    denyReason: t('Reason for denying (optional, sent to the agent)'),
    deniedReason: t('Your reason: {0}'),
    toolReadFile: t('Pathors wants to read the file {0}.'),
    toolListFiles: t('Pathors wants to list the workspace files matching {0}.'),
    toolSearchText: t('Pathors wants to search the workspace for {0}.'),
    toolDiagnosticsFile: t('Pathors wants to read the problems reported in {0}.'),
    toolDiagnosticsAll: t('Pathors wants to read the problems reported in the workspace.'),
    toolProposeEdit: t('Pathors proposes a change to {0}. Nothing is written until you accept it in the diff.'),
    toolRunCommand: t('Pathors wants to run a command in a terminal, in {0}.'),
    toolOther: t('Pathors wants to use the tool {0}.'),
    announceApproval: t('Approval needed. {0}'),
    commandLabel: t('Command (you can edit it before it runs)'),
    toolRunCommandRoot: t('Pathors wants to run a command in a terminal, in the workspace folder.'),
    disableTools: t('Turn Off Tools for This Endpoint'),
    attach: t('Attach Context'),
    attachFile: t('File…'),
    attachSelection: t('Selection'),
    attachProblems: t('Problems'),
    attachGitChanges: t('Git Changes'),
    attachTerminal: t('Terminal Output'),
    attachTotal: t('{0} of {1} characters'),
    attachments: t('Attached context'),
    openAttachment: t('Open {0} ({1} characters)'),
    removeAttachment: t('Remove {0}'),
    attachmentCut: t('cut'),
    attachmentOmitted: t('left out'),
    dropHint: t('Drop to attach (hold Shift while dropping)'),
  };
}

/** Why requests cannot be sent with the current settings, naming the setting to change. */
export function endpointProblemText(r: Extract<EndpointResolution, { ok: false }>): string {
  if (r.problem === 'noProject') return t('Set your Pathors project ID (setting "pathors.projectId") to start chatting.');
  const setting = `pathors.${r.setting}`;
  switch (r.fault) {
    case 'invalid':
      return t('The setting "{0}" is not a valid URL. Enter a full http or https URL.', setting);
    case 'protocol':
      return t('The setting "{0}" must be an http or https URL.', setting);
    case 'placeholder':
      return t('The setting "{0}" still contains a placeholder such as {projectId}. Replace it with your value.', setting);
  }
}

/** Where requests go when a full endpoint URL is set (its origin), else undefined: they go to the base URL. */
function customEndpoint(): string | undefined {
  const url = readSettings().endpointUrl;
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function detail(err: PathorsError): string {
  return err.detail ? ` (${err.detail})` : '';
}

/** A timeout in seconds as people write it: 30, or 0.5 for the short limits tests use. */
function seconds(ms: number | undefined): number {
  return Math.round((ms ?? 0) / 100) / 10;
}

/** Wording for the chat session: errors and reply notices. */
export const sessionText: SessionText = {
  error(err) {
    const custom = customEndpoint();
    switch (err.kind) {
      case 'unauthorized':
        return { message: t('The Pathors API key was rejected (HTTP {0}). Set a valid API key, then the message is sent again.', err.status ?? 401), actions: ['setApiKey'] };
      case 'badRequest':
        return { message: t('Pathors rejected the request (HTTP {0}){1}.', err.status ?? 400, detail(err)), actions: ['retry'] };
      case 'notFound':
        return {
          message: custom
            ? t('Nothing at the endpoint URL takes chat requests (HTTP 404){0}. Check the "pathors.endpointUrl" setting.', detail(err))
            : t('Pathors found no chat endpoint for project "{0}" (HTTP 404). Check the project ID and base URL settings, and that the API integration is enabled for the project.', readSettings().projectId),
          actions: ['openSettings', 'retry'],
        };
      case 'server':
        return { message: t('The Pathors service failed (HTTP {0}){1}. Try again in a moment.', err.status ?? 500, detail(err)), actions: ['retry'] };
      case 'rateLimited':
        return { message: t('Pathors is receiving too many requests (HTTP {0}){1}. Wait a moment, then retry.', err.status ?? 429, detail(err)), actions: ['retry'] };
      case 'http':
        return { message: t('Pathors answered with HTTP {0}{1}.', err.status ?? 0, detail(err)), actions: ['retry'] };
      case 'network':
        return {
          message: custom
            ? t('Cannot reach {0}{1}. Check your network and proxy.', custom, detail(err))
            : t('Cannot reach {0}{1}. Check your network, proxy and the base URL setting.', readSettings().baseUrl, detail(err)),
          actions: ['retry', 'openSettings'],
        };
      case 'timeout':
        return { message: t('No answer from {0} within {1} s. Check your network and proxy, or raise the "pathors.requestTimeoutSeconds" setting.', custom ?? readSettings().baseUrl, seconds(err.timeoutMs)), actions: ['retry', 'openSettings'] };
      case 'stalled':
        return { message: t('The reply stalled for {0} s; what arrived is kept. Retry, or raise the "pathors.idleTimeoutSeconds" setting.', seconds(err.timeoutMs)), actions: ['retry'] };
      case 'notEventStream':
        return {
          message: custom
            ? t('{0} answered with something that is not a chat reply (a proxy or login page?). Check the URL in your settings and your proxy.', custom)
            : t('The server answered, but not with a chat stream (a proxy or login page?). Check the base URL setting and your proxy.'),
          actions: ['retry', 'openSettings'],
        };
      case 'emptyBody':
        return { message: t('The server sent an empty reply.'), actions: ['retry'] };
      case 'malformedChunk':
        return { message: t('Part of the reply could not be read.'), actions: ['retry'] };
      case 'streamError':
        return { message: t('Pathors reported an error while answering{0}.', detail(err)), actions: ['retry'] };
      case 'eventTooLarge':
        return { message: t('Part of the reply was too large to read; what arrived before it is kept.'), actions: ['retry'] };
      case 'incomplete':
        return { message: t('The connection closed before the reply finished{0}. What arrived is kept.', detail(err)), actions: ['retry'] };
      case 'redirect':
        return {
          message: t('The server redirected the request to {0}. Redirects are not followed, so nothing was sent there; if that is the right address, put it in your settings.', err.detail ?? ''),
          actions: ['openSettings'],
        };
      case 'aborted':
        return { message: t('Stopped.'), actions: ['retry'] };
    }
  },
  finishNotice(reason) {
    switch (reason) {
      case 'stop':
        return undefined;
      case 'length':
        return t('The reply was cut off at its length limit.');
      case 'content_filter':
        return t('The reply was stopped by a content filter.');
      case 'tool_calls':
        return t('The agent asked to call a tool, which this extension does not run.');
      default:
        return t('The reply ended ({0}).', reason);
    }
  },
  malformedNotice: () => t('Part of the reply could not be read and was skipped.'),
  stoppedNotice: () => t('Stopped.'),
  interruptedNotice: () => t('Interrupted before it finished.'),
  replyCapNotice: (chars) => t('Stopped at {0} characters, the most the "pathors.maxReplyCharacters" setting allows for one reply. What arrived is kept.', chars.toLocaleString(vscode.env.language)),
  retryNotice: (secs, attempt, maxRetries) => t('Retrying in {0} s (attempt {1} of {2})…', secs, attempt, maxRetries),
  toolsRefused: (err) => ({
    message: t('This server refused the agent tools (HTTP {0}){1}. Turn tools off for this endpoint to chat without them; the question is then sent again.', err.status ?? 400, detail(err)),
    actions: ['disableTools'],
  }),
  toolStepCapNotice: (maxSteps) => t('The agent used all {0} steps this turn allows (pathors.tools.maxSteps) and was stopped. Ask it to go on, or raise the setting.', maxSteps),
};
