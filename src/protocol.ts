/**
 * The messages exchanged between the extension host and the chat webview.
 * Both bundles import this one module; the host also validates every incoming
 * message at runtime with {@link parseWebviewMessage}, because the webview is
 * untrusted input.
 */

/** Attached editor context shown as a chip under a user turn (`file.ts:12-30`). */
export interface ContextChip {
  /** Short label shown in the chip, e.g. `src/app.ts:12-30`. */
  readonly label: string;
  /** Workspace-relative path of the file. */
  readonly path: string;
  readonly languageId: string;
  readonly startLine: number;
  readonly endLine: number;
  /** True when the selection was cut to the size limit. */
  readonly truncated: boolean;
  /** Characters in the original selection (before any cut). */
  readonly totalChars: number;
  /** Characters actually sent. */
  readonly sentChars: number;
}

/** The kinds of context that can be attached to a question. */
export type AttachmentKind = 'file' | 'selection' | 'problems' | 'gitChanges' | 'terminal';

/**
 * An attachment as the panel shows it: a chip above the input while composing, then under the
 * question in the transcript (persisted and exported as a reference, never with its content).
 */
export interface AttachmentChip {
  /** Unique within the composer; kept in the transcript so a chip can be opened or removed by id. */
  readonly id: string;
  readonly kind: AttachmentKind;
  /** `file.ts`, `file.ts:10-42`, `Problems (3)`, `Git changes`, `Terminal: npm test`. */
  readonly label: string;
  /** Files and selections: workspace-relative path (`/`-separated), or the URI string outside the workspace. */
  readonly path?: string;
  /** Selections: 1-based, inclusive. */
  readonly startLine?: number;
  readonly endLine?: number;
  /** Characters of the whole attachment, before any cut. */
  readonly totalChars: number;
  /** Characters sent (or that will be sent, within the budget). */
  readonly sentChars: number;
  /** `whole`, `cut` (to the per-attachment or total cap) or `omitted` (the total cap was spent). */
  readonly status: 'whole' | 'cut' | 'omitted';
}

/** How an agent's tool call stands: running, waiting for the user, or how it ended. */
export type ToolCallStatus = 'running' | 'waiting' | 'ok' | 'error' | 'denied' | 'stopped' | 'notRun';

/** A tool call the agent made, as its transcript entry (`role: 'tool'`) shows and keeps it. */
export interface ToolCallInfo {
  /** The call's id in the agent's reply; its result is sent back under it. */
  readonly callId: string;
  readonly name: string;
  /** The arguments as the agent wrote them (JSON text; a command as the user edited it), cut for display. */
  arguments: string;
  status: ToolCallStatus;
  /** Reads only (a waiting card then offers "Allow for this conversation"). */
  readonly readOnly?: boolean;
  /** What the agent got back, cut for display; shown as text, never as HTML. */
  result?: string;
  /** Denied: the reason the user gave. */
  reason?: string;
  /** Why this read-only call asks (a deny-listed file); its approval covers this one call only. */
  why?: string;
  /**
   * The result has not reached the server (the turn was stopped or hit its step cap): it goes
   * before the next question, since a server expects an answer to every call.
   */
  unsent?: boolean;
}

/** The user's answer on a waiting approval card. */
export type ApprovalDecision = 'allow' | 'allowConversation' | 'deny';

/** What a user can do from an error shown in the chat. */
export type ErrorAction = 'setApiKey' | 'retry' | 'openSettings' | 'disableTools';

/** One entry of the transcript, as persisted and as shown. */
export interface TranscriptEntry {
  readonly id: string;
  readonly role: 'user' | 'assistant' | 'error' | 'tool';
  /** User: the question as typed. Assistant: markdown received so far. Error: the message. Tool: empty. */
  text: string;
  /** User turns: the full text sent to the server (question plus attached context). */
  prompt?: string;
  /** User turns asked about a selection. */
  context?: ContextChip;
  /** User turns: what was attached to the question, as chips (references only, no content). */
  attachments?: AttachmentChip[];
  /** Assistant replies still receiving text. */
  streaming?: boolean;
  /** Assistant replies cut short (stopped, failed, reloaded): what arrived is kept. */
  incomplete?: boolean;
  /** A short note shown under a reply (why it ended early, a chunk that could not be read). */
  notice?: string;
  /** Error entries: buttons to offer. */
  actions?: ErrorAction[];
  /** Error entries: the user entry whose request failed (retry resends it). */
  forEntry?: string;
  /** User turns asked again (Regenerate, Retry after a Stop): the id of the earlier turn with the same question. */
  repeatOf?: string;
  /** User turns that were edited and sent to a new session: how many earlier messages were replayed with them. */
  replayed?: number;
  /** Tool entries: the call and how it went. */
  tool?: ToolCallInfo;
}

/** A problem with the configuration that blocks sending. */
export type ConfigProblem = 'noProject' | 'badEndpoint';

/** Strings the webview shows, localized by the host in the active display language. */
export interface WebviewStrings {
  readonly messagesLabel: string;
  readonly inputLabel: string;
  readonly inputPlaceholder: string;
  readonly send: string;
  readonly stop: string;
  readonly newChat: string;
  readonly you: string;
  readonly assistant: string;
  readonly error: string;
  readonly incomplete: string;
  readonly thinking: string;
  readonly emptyTitle: string;
  readonly emptyBody: string;
  readonly noProject: string;
  /** The banner when the endpoint URL (or base URL) setting is not a usable http(s) URL. */
  readonly badEndpoint: string;
  readonly openSettings: string;
  readonly setApiKey: string;
  readonly retry: string;
  readonly contextTruncated: string;
  /** Short visible label of the copy buttons (code blocks and replies). */
  readonly copy: string;
  /** Shown on a copy button for a moment after it was pressed. */
  readonly copied: string;
  /** Accessible name of a code block's copy button. */
  readonly copyCode: string;
  /** Short visible label and accessible name of a code block's insert button. */
  readonly insertCodeShort: string;
  readonly insertCode: string;
  /** Short visible label and accessible name of a code block's "open in a new file" button. */
  readonly newFileCodeShort: string;
  readonly newFileCode: string;
  /** Short visible label and accessible name of a code block's Apply button (review the change in a diff). */
  readonly applyCodeShort: string;
  readonly applyCode: string;
  /** Short visible label and accessible name of a shell block's button that types it into a terminal, without Enter. */
  readonly runInTerminalShort: string;
  readonly runInTerminal: string;
  /** Accessible name of a finished reply's copy button. */
  readonly copyReply: string;
  /** The control that scrolls back to the newest output after the reader scrolled up. */
  readonly jumpToLatest: string;
  /** Read out (not shown) when an error is added: `{0}` is the error message. */
  readonly announceError: string;
  /** Read out in place of a code block in a streamed reply: `{0}` is its number of lines (other than one). */
  readonly announceCodeBlock: string;
  readonly announceCodeBlockLine: string;
  /** The last reply's button that asks its question again, and what it does (tooltip and description). */
  readonly regenerate: string;
  readonly regenerateHint: string;
  /** The same button under a reply that was stopped or cut short. */
  readonly retryHint: string;
  /** Under a question that was asked again: the earlier reply is still part of the server's conversation. */
  readonly askedAgain: string;
  /** A question's Edit button and its fuller name. */
  readonly edit: string;
  readonly editHint: string;
  /** Above the input while editing: what Send will do. `{0}` is the number of earlier messages replayed. */
  readonly editBanner: string;
  readonly editBannerFirst: string;
  readonly cancelEdit: string;
  /** Under an edited question: `{0}` is the number of earlier messages that were replayed. */
  readonly editedNote: string;
  readonly editedNoteFirst: string;
  /** Tool calls: the entry's hidden role name, each status in words, the card's parts and buttons. */
  readonly toolCall: string;
  readonly toolRunning: string;
  readonly toolWaiting: string;
  readonly toolOk: string;
  readonly toolError: string;
  readonly toolDenied: string;
  readonly toolStopped: string;
  readonly toolNotRun: string;
  readonly toolReviewing: string;
  readonly toolArguments: string;
  readonly toolResult: string;
  readonly allow: string;
  readonly deny: string;
  readonly allowConversation: string;
  readonly denyReason: string;
  readonly deniedReason: string;
  readonly toolReadFile: string;
  readonly toolListFiles: string;
  readonly toolSearchText: string;
  readonly toolDiagnosticsFile: string;
  readonly toolDiagnosticsAll: string;
  readonly toolProposeEdit: string;
  readonly toolRunCommand: string;
  readonly toolOther: string;
  readonly announceApproval: string;
  readonly commandLabel: string;
  readonly toolRunCommandRoot: string;
  /** The button of the error a server that refuses tools gets. */
  readonly disableTools: string;
  /** The attach button's name and the picker's title. */
  readonly attach: string;
  /** The picker's five kinds. */
  readonly attachFile: string;
  readonly attachSelection: string;
  readonly attachProblems: string;
  readonly attachGitChanges: string;
  readonly attachTerminal: string;
  /** The running total near the input: `{0} of {1} characters`. */
  readonly attachTotal: string;
  /** Name of the chips' group, above the input and under a question. */
  readonly attachments: string;
  /** A chip's accessible name and tooltip: `{0}` label, `{1}` size; and its remove button's name. */
  readonly openAttachment: string;
  readonly removeAttachment: string;
  /** A chip's state when only part of it is sent, or none of it (the total was spent). */
  readonly attachmentCut: string;
  readonly attachmentOmitted: string;
  /** Shown while files are dragged over the panel (VS Code needs Shift held to drop into it). */
  readonly dropHint: string;
}

/** Everything the panel needs to draw itself from scratch. */
export interface ViewState {
  readonly entries: readonly TranscriptEntry[];
  /** Id of the request in flight, if any (Send turns into Stop). */
  readonly busyRequestId: string | null;
  readonly configProblem: ConfigProblem | null;
  readonly strings: WebviewStrings;
}

/** Messages from the host to the webview. */
export type HostToWebview =
  | { readonly type: 'init'; readonly state: ViewState }
  | { readonly type: 'append'; readonly entry: TranscriptEntry }
  | { readonly type: 'update'; readonly entry: TranscriptEntry }
  | { readonly type: 'remove'; readonly entryId: string }
  | { readonly type: 'delta'; readonly requestId: string; readonly entryId: string; readonly text: string }
  | { readonly type: 'busy'; readonly requestId: string | null }
  | { readonly type: 'config'; readonly problem: ConfigProblem | null }
  /** Puts text back into the input (a send that could not start). */
  | { readonly type: 'restoreDraft'; readonly text: string }
  | { readonly type: 'focusInput' }
  /** The composer's pending attachments, as chips, and the running total of what they send. */
  | { readonly type: 'attachments'; readonly chips: readonly AttachmentChip[]; readonly usedChars: number; readonly maxChars: number };

/** What a code block's toolbar can do with the block's code. */
export type CodeAction = 'copy' | 'insert' | 'newFile' | 'apply' | 'runInTerminal';

/** Messages from the webview to the host. */
export type WebviewToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'send'; readonly text: string }
  | { readonly type: 'stop' }
  | { readonly type: 'newChat' }
  | { readonly type: 'action'; readonly action: ErrorAction; readonly entryId: string }
  | { readonly type: 'openLink'; readonly href: string }
  /**
   * A code block's toolbar button: block `block` (0-based, in document order) of the reply
   * `entryId`. The host takes the code from its own transcript, never from the panel.
   */
  | { readonly type: 'codeAction'; readonly action: CodeAction; readonly entryId: string; readonly block: number }
  /** Copies a reply's markdown text. */
  | { readonly type: 'copyReply'; readonly entryId: string }
  /** Regenerate, or Retry after a Stop: asks the question that the reply `entryId` answered again, as a new turn. */
  | { readonly type: 'askAgain'; readonly entryId: string }
  /** Edit & resend: the question `entryId`, rewritten as `text`, starts a new conversation from that point. */
  | { readonly type: 'editResend'; readonly entryId: string; readonly text: string }
  /**
   * The user's answer on the approval card of the tool entry `entryId`; the host acts on it only
   * while that call waits. A denial may carry the user's reason for the agent (empty: none given);
   * an Allow of `run_command` the command as the user edited it (empty: as the agent wrote it).
   */
  | { readonly type: 'approval'; readonly entryId: string; readonly decision: ApprovalDecision; readonly reason: string; readonly command: string }
  /** The attach button or the `#` picker: collect this kind (the host asks for what it needs). */
  | { readonly type: 'attach'; readonly kind: AttachmentKind }
  /** A pending chip's remove button. */
  | { readonly type: 'removeAttachment'; readonly id: string }
  /** A chip was clicked: open its source. `entryId` names the question it is under; empty for a pending chip. */
  | { readonly type: 'openAttachment'; readonly id: string; readonly entryId: string }
  /** Files dropped on the panel (a `text/uri-list`, one URI each); the host reads them as it reads any file. */
  | { readonly type: 'dropUris'; readonly uris: readonly string[] };

/** Longest text the webview may send in one message (a typed question). */
export const MAX_SEND_CHARS = 100_000;
const MAX_ID_CHARS = 200;
const MAX_HREF_CHARS = 8_192;
const ERROR_ACTIONS: readonly ErrorAction[] = ['setApiKey', 'retry', 'openSettings', 'disableTools'];
/** More code blocks than any reply the host would keep could hold. */
const MAX_BLOCK_INDEX = 1_000_000;
const CODE_ACTIONS: readonly CodeAction[] = ['copy', 'insert', 'newFile', 'apply', 'runInTerminal'];
const APPROVAL_DECISIONS: readonly ApprovalDecision[] = ['allow', 'allowConversation', 'deny'];
/** Longest reason a denial may carry to the agent. */
export const MAX_DENY_REASON_CHARS = 2_000;
/** Longest command an approval may carry. */
export const MAX_COMMAND_CHARS = 10_000;
/** The kinds the panel may ask to attach. */
export const ATTACHMENT_KINDS: readonly AttachmentKind[] = ['file', 'selection', 'problems', 'gitChanges', 'terminal'];
/** Most files one drop may attach; a longer list is refused whole rather than cut silently. */
export const MAX_DROPPED_URIS = 100;
const MAX_URI_CHARS = 8_192;
/**
 * A code block's language as the webview may send it: a fence's first word, limited to the
 * characters the sanitizer keeps in `language-…` classes (`ts`, `c++`, `c#`, `objective-c`), or empty.
 */
export const CODE_LANGUAGE = /^[\w#+.-]{0,64}$/;

function isString(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length <= max;
}

/** An absolute URI as a uri-list line holds it: a scheme, a colon, and no white space. */
function isUri(v: unknown): v is string {
  return isString(v, MAX_URI_CHARS) && /^[a-z][a-z0-9+.-]*:\S+$/i.test(v);
}

/**
 * Validates an untrusted message from the webview.
 * @returns the typed message, or `undefined` when it is not one the protocol allows.
 */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  // Only the object's own properties count: nothing inherited may make a message valid.
  const m: Record<string, unknown> = Object.fromEntries(Object.entries(raw));
  const keys = Object.keys(m);
  const only = (...allowed: string[]) => keys.every((k) => allowed.includes(k));
  switch (m.type) {
    case 'ready':
    case 'stop':
    case 'newChat':
      return only('type') ? { type: m.type } : undefined;
    case 'send':
      return only('type', 'text') && isString(m.text, MAX_SEND_CHARS) && m.text.trim() !== ''
        ? { type: 'send', text: m.text }
        : undefined;
    case 'action':
      return only('type', 'action', 'entryId') &&
        ERROR_ACTIONS.includes(m.action as ErrorAction) &&
        isString(m.entryId, MAX_ID_CHARS)
        ? { type: 'action', action: m.action as ErrorAction, entryId: m.entryId }
        : undefined;
    case 'openLink':
      return only('type', 'href') && isString(m.href, MAX_HREF_CHARS) ? { type: 'openLink', href: m.href } : undefined;
    case 'codeAction':
      return only('type', 'action', 'entryId', 'block') &&
        CODE_ACTIONS.includes(m.action as CodeAction) &&
        isString(m.entryId, MAX_ID_CHARS) && m.entryId !== '' &&
        Number.isSafeInteger(m.block) && (m.block as number) >= 0 && (m.block as number) <= MAX_BLOCK_INDEX
        ? { type: 'codeAction', action: m.action as CodeAction, entryId: m.entryId, block: m.block as number }
        : undefined;
    case 'copyReply':
    case 'askAgain':
      return only('type', 'entryId') && isString(m.entryId, MAX_ID_CHARS) && m.entryId !== ''
        ? { type: m.type, entryId: m.entryId }
        : undefined;
    case 'editResend':
      return only('type', 'entryId', 'text') && isString(m.entryId, MAX_ID_CHARS) && m.entryId !== '' &&
        isString(m.text, MAX_SEND_CHARS) && m.text.trim() !== ''
        ? { type: 'editResend', entryId: m.entryId, text: m.text }
        : undefined;
    case 'approval':
      return only('type', 'entryId', 'decision', 'reason', 'command') && isString(m.entryId, MAX_ID_CHARS) && m.entryId !== '' &&
        APPROVAL_DECISIONS.includes(m.decision as ApprovalDecision) && isString(m.reason, MAX_DENY_REASON_CHARS) &&
        isString(m.command, MAX_COMMAND_CHARS)
        ? { type: 'approval', entryId: m.entryId, decision: m.decision as ApprovalDecision, reason: m.reason, command: m.command }
        : undefined;
    case 'attach':
      return only('type', 'kind') && ATTACHMENT_KINDS.includes(m.kind as AttachmentKind) ? { type: 'attach', kind: m.kind as AttachmentKind } : undefined;
    case 'removeAttachment':
      return only('type', 'id') && isString(m.id, MAX_ID_CHARS) && m.id !== '' ? { type: 'removeAttachment', id: m.id } : undefined;
    case 'openAttachment':
      return only('type', 'id', 'entryId') && isString(m.id, MAX_ID_CHARS) && m.id !== '' && isString(m.entryId, MAX_ID_CHARS)
        ? { type: 'openAttachment', id: m.id, entryId: m.entryId }
        : undefined;
    case 'dropUris': {
      // Array.from turns holes into undefined, which the check then refuses.
      const uris = Array.isArray(m.uris) ? Array.from(m.uris as unknown[]) : [];
      return only('type', 'uris') && uris.length > 0 && uris.length <= MAX_DROPPED_URIS && uris.every(isUri)
        ? { type: 'dropUris', uris: uris as string[] }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** Compile-time exhaustiveness check for switches over the message unions. */
export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
