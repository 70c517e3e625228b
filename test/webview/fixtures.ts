/** Host-side data the panel tests send: localized strings and transcript entries. */
import type { AttachmentChip, TranscriptEntry, WebviewStrings } from '../../src/protocol';

/** English strings as the host would send them. */
export const strings: WebviewStrings = {
  messagesLabel: 'Conversation',
  inputLabel: 'Ask Pathors',
  inputPlaceholder: 'Ask a question (Enter to send, Shift+Enter for a new line)',
  send: 'Send',
  stop: 'Stop',
  newChat: 'New chat',
  you: 'You',
  assistant: 'Pathors',
  error: 'Error',
  incomplete: 'Incomplete',
  thinking: 'Thinking…',
  emptyTitle: 'Ask Pathors about your code',
  emptyBody: 'Type a question below, or select code and run “Ask about Selection”.',
  noProject: 'Set a Pathors project to start chatting.',
  badEndpoint: 'The endpoint URL setting is not a valid http or https URL.',
  openSettings: 'Open Settings',
  setApiKey: 'Set API Key',
  retry: 'Retry',
  contextTruncated: 'Only the first {0} of {1} characters of the selection were sent.',
  copy: 'Copy',
  copied: 'Copied',
  copyCode: 'Copy code',
  insertCodeShort: 'Insert',
  insertCode: 'Insert at cursor',
  newFileCodeShort: 'New File',
  newFileCode: 'Open in new file',
  applyCodeShort: 'Apply',
  applyCode: 'Apply to a file, after a diff review',
  runInTerminalShort: 'Run in Terminal',
  runInTerminal: 'Run in Terminal: types the command, you press Enter',
  copyReply: 'Copy reply',
  jumpToLatest: 'Jump to latest',
  announceError: 'Error: {0}',
  announceCodeBlock: 'Code block, {0} lines',
  announceCodeBlockLine: 'Code block, 1 line',
  regenerate: 'Regenerate',
  regenerateHint: 'Ask this question again as a new turn; the agent still remembers this reply.',
  retryHint: 'Ask this question again as a new turn; the cut-short reply stays in the conversation.',
  askedAgain: 'Asked again in the same session.',
  edit: 'Edit',
  editHint: 'Edit and resend this question in a new conversation',
  editBanner: 'Editing. Send starts a new conversation replaying the {0} earlier messages.',
  editBannerFirst: 'Editing the first question. Send starts a new conversation.',
  cancelEdit: 'Cancel',
  editedNote: 'Edited; sent to a new session with {0} earlier messages replayed.',
  editedNoteFirst: 'Edited; sent to a new session.',
  toolCall: 'Tool call',
  toolRunning: 'Running…',
  toolWaiting: 'Waiting for your approval.',
  toolOk: 'Done.',
  toolError: 'Failed; the agent was told why.',
  toolDenied: 'Denied; the agent was told.',
  toolStopped: 'Stopped; it did not run.',
  toolNotRun: 'Not run: the turn reached its step limit.',
  toolReviewing: 'Review the proposed change in the diff editor, then Accept or Reject it.',
  toolArguments: 'Arguments',
  toolResult: 'Result',
  allow: 'Allow',
  deny: 'Deny',
  allowConversation: 'Allow for this conversation',
  denyReason: 'Reason for denying (optional, sent to the agent)',
  deniedReason: 'Your reason: {0}',
  toolReadFile: 'Pathors wants to read the file {0}.',
  toolListFiles: 'Pathors wants to list the workspace files matching {0}.',
  toolSearchText: 'Pathors wants to search the workspace for {0}.',
  toolDiagnosticsFile: 'Pathors wants to read the problems reported in {0}.',
  toolDiagnosticsAll: 'Pathors wants to read the problems reported in the workspace.',
  toolProposeEdit: 'Pathors proposes a change to {0}. Nothing is written until you accept it in the diff.',
  toolRunCommand: 'Pathors wants to run a command in a terminal, in {0}.',
  toolOther: 'Pathors wants to use the tool {0}.',
  announceApproval: 'Approval needed. {0}',
  commandLabel: 'Command (you can edit it before it runs)',
  toolRunCommandRoot: 'Pathors wants to run a command in a terminal, in the workspace folder.',
  disableTools: 'Turn Off Tools for This Endpoint',
  attach: 'Attach Context',
  attachFile: 'File…',
  attachSelection: 'Selection',
  attachProblems: 'Problems',
  attachGitChanges: 'Git Changes',
  attachTerminal: 'Terminal Output',
  attachTotal: '{0} of {1} characters',
  attachments: 'Attached context',
  openAttachment: 'Open {0} ({1} characters)',
  removeAttachment: 'Remove {0}',
  attachmentCut: 'cut',
  attachmentOmitted: 'left out',
  dropHint: 'Drop to attach (hold Shift while dropping)',
};

/** A question about a selection that was cut to the size limit. */
export const userTurn: TranscriptEntry = {
  id: 'u1',
  role: 'user',
  text: 'Why does <b>this</b> fail?\n  second line',
  context: {
    label: 'src/app.ts:12-30', path: 'src/app.ts', languageId: 'typescript',
    startLine: 12, endLine: 30, truncated: true, totalChars: 10000, sentChars: 4000,
  },
};
/** A reply that was stopped part-way. */
export const reply: TranscriptEntry = {
  id: 'a1', role: 'assistant', text: 'It fails because of `x`.', incomplete: true, notice: 'Stopped.',
};
/** An error offering every action. */
export const failure: TranscriptEntry = {
  id: 'e1', role: 'error', text: 'The API key was rejected.', actions: ['setApiKey', 'retry', 'openSettings'],
};

/** An assistant reply still receiving text. */
export function streaming(id: string, text = ''): TranscriptEntry {
  return { id, role: 'assistant', text, streaming: true };
}

/** Pending chips as the host sends them: whole, cut to the cap, and left out once the total was spent. */
export const pendingChips: AttachmentChip[] = [
  { id: 'a1', kind: 'file', label: 'app.ts', path: 'src/app.ts', totalChars: 12_400, sentChars: 12_400, status: 'whole' },
  { id: 'a2', kind: 'selection', label: 'util.ts:10-42', path: 'src/util.ts', startLine: 10, endLine: 42, totalChars: 81_234, sentChars: 20_000, status: 'cut' },
  { id: 'a3', kind: 'problems', label: 'Problems (3)', totalChars: 950, sentChars: 0, status: 'omitted' },
];

/** A question sent with attachments, as the transcript keeps it. */
export const attachedTurn: TranscriptEntry = {
  id: 'u2', role: 'user', text: 'Why does the build fail?', prompt: 'Why does the build fail?\n\n…',
  attachments: [
    { id: 'a7', kind: 'gitChanges', label: 'Git changes', totalChars: 2_000, sentChars: 2_000, status: 'whole' },
    { id: 'a8', kind: 'terminal', label: 'Terminal: npm test', totalChars: 300, sentChars: 300, status: 'whole' },
  ],
};
