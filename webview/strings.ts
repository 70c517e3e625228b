// The panel's strings before the host has sent the localized ones.
import type { WebviewStrings } from '../src/protocol.js';

/** Placeholder strings until the host sends the localized ones with `init`. */
export const EMPTY_STRINGS: WebviewStrings = {
  messagesLabel: '', inputLabel: '', inputPlaceholder: '', send: '', stop: '', newChat: '',
  you: '', assistant: '', error: '', incomplete: '', thinking: '', emptyTitle: '', emptyBody: '',
  noProject: '', badEndpoint: '', openSettings: '', setApiKey: '', retry: '', contextTruncated: '',
  copy: '', copied: '', copyCode: '', insertCodeShort: '', insertCode: '', newFileCodeShort: '', newFileCode: '',
  applyCodeShort: '', applyCode: '', runInTerminalShort: '', runInTerminal: '',
  copyReply: '', jumpToLatest: '', announceError: '', announceCodeBlock: '', announceCodeBlockLine: '',
  regenerate: '', regenerateHint: '', retryHint: '', askedAgain: '', edit: '', editHint: '',
  editBanner: '', editBannerFirst: '', cancelEdit: '', editedNote: '', editedNoteFirst: '',
  toolCall: '', toolRunning: '', toolWaiting: '', toolOk: '', toolError: '', toolDenied: '',
  toolStopped: '', toolNotRun: '', toolReviewing: '', toolArguments: '', toolResult: '', allow: '',
  deny: '', allowConversation: '', denyReason: '', deniedReason: '', toolReadFile: '', toolListFiles: '',
  toolSearchText: '', toolDiagnosticsFile: '', toolDiagnosticsAll: '', toolProposeEdit: '', toolRunCommand: '', toolOther: '',
  announceApproval: '',
  commandLabel: '',
  toolRunCommandRoot: '',
  disableTools: '',
  attach: '', attachFile: '', attachSelection: '', attachProblems: '', attachGitChanges: '', attachTerminal: '',
  attachTotal: '', attachments: '', openAttachment: '', removeAttachment: '', attachmentCut: '', attachmentOmitted: '',
  dropHint: '',
};
