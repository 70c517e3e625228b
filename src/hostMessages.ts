/**
 * The panel's runtime check of host → webview messages and of each transcript entry in them.
 * (The other direction is checked by `parseWebviewMessage` in protocol.ts.) One malformed entry
 * is dropped on its own, so it can never blank the panel.
 */
import type { ConfigProblem, ContextChip, ErrorAction, HostToWebview, ToolCallInfo, ToolCallStatus, TranscriptEntry, ViewState, WebviewStrings } from './protocol';
import { ATTACHMENT_KINDS, type AttachmentChip } from './protocol';

type Json = Record<string, unknown>;

/** Every string the panel needs; a key missing here does not compile, so none is forgotten. */
const STRING_KEYS: Readonly<Record<keyof WebviewStrings, true>> = {
  messagesLabel: true, inputLabel: true, inputPlaceholder: true, send: true, stop: true, newChat: true,
  you: true, assistant: true, error: true, incomplete: true, thinking: true, emptyTitle: true, emptyBody: true,
  noProject: true, badEndpoint: true, openSettings: true, setApiKey: true, retry: true, contextTruncated: true,
  copy: true, copied: true, copyCode: true, insertCodeShort: true, insertCode: true, newFileCodeShort: true, newFileCode: true,
  applyCodeShort: true, applyCode: true, runInTerminalShort: true, runInTerminal: true,
  copyReply: true, jumpToLatest: true, announceError: true, announceCodeBlock: true, announceCodeBlockLine: true,
  regenerate: true, regenerateHint: true, retryHint: true, askedAgain: true, edit: true, editHint: true,
  editBanner: true, editBannerFirst: true, cancelEdit: true, editedNote: true, editedNoteFirst: true,
  toolCall: true, toolRunning: true, toolWaiting: true, toolOk: true, toolError: true, toolDenied: true,
  toolStopped: true, toolNotRun: true, toolReviewing: true, toolArguments: true, toolResult: true, allow: true,
  deny: true, allowConversation: true, denyReason: true, deniedReason: true, toolReadFile: true, toolListFiles: true,
  toolSearchText: true, toolDiagnosticsFile: true, toolDiagnosticsAll: true, toolProposeEdit: true, toolRunCommand: true, toolOther: true,
  announceApproval: true,
  commandLabel: true,
  toolRunCommandRoot: true,
  disableTools: true,
  attach: true, attachFile: true, attachSelection: true, attachProblems: true, attachGitChanges: true, attachTerminal: true,
  attachTotal: true, attachments: true, openAttachment: true, removeAttachment: true, attachmentCut: true, attachmentOmitted: true,
  dropHint: true,
};
const ERROR_ACTIONS: readonly string[] = ['setApiKey', 'retry', 'openSettings', 'disableTools'] satisfies ErrorAction[];
const ROLES: readonly string[] = ['user', 'assistant', 'error', 'tool'] satisfies TranscriptEntry['role'][];
const TOOL_STATUSES: readonly string[] = ['running', 'waiting', 'ok', 'error', 'denied', 'stopped', 'notRun'] satisfies ToolCallStatus[];

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isProblem = (v: unknown): v is ConfigProblem | null => v === null || v === 'noProject' || v === 'badEndpoint';
/** An optional field: absent (or undefined), or valid. */
const optional = (v: unknown, ok: (v: unknown) => boolean): boolean => v === undefined || ok(v);

function parseContext(v: unknown): ContextChip | undefined {
  if (!isRecord(v)) return undefined;
  const ok = isString(v.label) && isString(v.path) && isString(v.languageId) && isCount(v.startLine) && isCount(v.endLine) &&
    typeof v.truncated === 'boolean' && isCount(v.totalChars) && isCount(v.sentChars);
  return ok
    ? { label: v.label, path: v.path, languageId: v.languageId, startLine: v.startLine, endLine: v.endLine, truncated: v.truncated, totalChars: v.totalChars, sentChars: v.sentChars } as ContextChip
    : undefined;
}

function parseTool(v: unknown): ToolCallInfo | undefined {
  if (!isRecord(v)) return undefined;
  const ok = isString(v.callId) && isString(v.name) && isString(v.arguments) && TOOL_STATUSES.includes(v.status as string) &&
    optional(v.readOnly, (x) => typeof x === 'boolean') && optional(v.result, isString) && optional(v.reason, isString) &&
    optional(v.why, isString) && optional(v.unsent, (x) => typeof x === 'boolean');
  if (!ok) return undefined;
  const tool: ToolCallInfo = { callId: v.callId as string, name: v.name as string, arguments: v.arguments as string, status: v.status as ToolCallStatus };
  if (v.readOnly !== undefined) Object.assign(tool, { readOnly: v.readOnly });
  if (v.result !== undefined) tool.result = v.result as string;
  if (v.reason !== undefined) tool.reason = v.reason as string;
  if (v.why !== undefined) tool.why = v.why as string;
  if (v.unsent !== undefined) tool.unsent = v.unsent as boolean;
  return tool;
}

const CHIP_STATUSES: readonly string[] = ['whole', 'cut', 'omitted'] satisfies AttachmentChip['status'][];

/** Checks one attachment chip; a copy with only the protocol's fields, or undefined. */
export function parseAttachmentChip(v: unknown): AttachmentChip | undefined {
  if (!isRecord(v)) return undefined;
  const ok = isString(v.id) && v.id !== '' && ATTACHMENT_KINDS.includes(v.kind as AttachmentChip['kind']) && isString(v.label) &&
    optional(v.path, isString) && optional(v.startLine, isCount) && optional(v.endLine, isCount) &&
    isCount(v.totalChars) && isCount(v.sentChars) && CHIP_STATUSES.includes(v.status as string);
  if (!ok) return undefined;
  const chip = { id: v.id, kind: v.kind, label: v.label, totalChars: v.totalChars, sentChars: v.sentChars, status: v.status } as Record<string, unknown>;
  if (v.path !== undefined) chip.path = v.path;
  if (v.startLine !== undefined) chip.startLine = v.startLine;
  if (v.endLine !== undefined) chip.endLine = v.endLine;
  return chip as unknown as AttachmentChip;
}

function parseChips(v: unknown): AttachmentChip[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const chips = v.map(parseAttachmentChip);
  return chips.every((c) => c !== undefined) ? (chips as AttachmentChip[]) : undefined;
}

/**
 * Checks one transcript entry.
 * @returns a copy holding only the fields the protocol defines, or undefined when a field is
 * missing or of the wrong type
 */
export function parseTranscriptEntry(raw: unknown): TranscriptEntry | undefined {
  if (!isRecord(raw)) return undefined;
  const e = raw;
  if (!isString(e.id) || e.id === '' || !isString(e.text) || !ROLES.includes(e.role as string)) return undefined;
  const context = e.context === undefined ? undefined : parseContext(e.context);
  const tool = e.tool === undefined ? undefined : parseTool(e.tool);
  // A tool entry without its call, or a call on another kind of entry, means nothing.
  if ((e.role === 'tool') !== (tool !== undefined)) return undefined;
  const attachments = e.attachments === undefined ? undefined : parseChips(e.attachments);
  const ok = (e.context === undefined || context !== undefined) &&
    (e.attachments === undefined || attachments !== undefined) &&
    optional(e.prompt, isString) &&
    optional(e.streaming, (v) => typeof v === 'boolean') &&
    optional(e.incomplete, (v) => typeof v === 'boolean') &&
    optional(e.notice, isString) &&
    optional(e.actions, (v) => Array.isArray(v) && v.every((a) => ERROR_ACTIONS.includes(a as string))) &&
    optional(e.forEntry, isString) &&
    optional(e.repeatOf, isString) &&
    optional(e.replayed, isCount);
  if (!ok) return undefined;
  const entry: TranscriptEntry = { id: e.id, role: e.role as TranscriptEntry['role'], text: e.text };
  if (e.prompt !== undefined) entry.prompt = e.prompt as string;
  if (context) entry.context = context;
  if (attachments) entry.attachments = attachments;
  if (e.streaming !== undefined) entry.streaming = e.streaming as boolean;
  if (e.incomplete !== undefined) entry.incomplete = e.incomplete as boolean;
  if (e.notice !== undefined) entry.notice = e.notice as string;
  if (e.actions !== undefined) entry.actions = [...(e.actions as ErrorAction[])];
  if (e.forEntry !== undefined) entry.forEntry = e.forEntry as string;
  if (e.repeatOf !== undefined) entry.repeatOf = e.repeatOf as string;
  if (e.replayed !== undefined) entry.replayed = e.replayed as number;
  if (tool) entry.tool = tool;
  return entry;
}

function parseStrings(v: unknown): WebviewStrings | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const key of Object.keys(STRING_KEYS)) {
    const s = v[key];
    if (!isString(s)) return undefined;
    out[key] = s;
  }
  return out as unknown as WebviewStrings;
}

/** Reports what a check dropped (the panel logs it to its console). */
export type DropReporter = (what: string) => void;

function parseViewState(v: unknown, dropped: DropReporter): ViewState | undefined {
  if (!isRecord(v) || !Array.isArray(v.entries)) return undefined;
  const strings = parseStrings(v.strings);
  if (!strings || !(v.busyRequestId === null || isString(v.busyRequestId)) || !isProblem(v.configProblem)) return undefined;
  const entries: TranscriptEntry[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of v.entries.entries()) {
    const entry = parseTranscriptEntry(raw);
    // A repeated id would make two elements answer to one entry.
    if (!entry || seen.has(entry.id)) {
      dropped(`transcript entry ${i}`);
      continue;
    }
    seen.add(entry.id);
    entries.push(entry);
  }
  return { entries, busyRequestId: v.busyRequestId, configProblem: v.configProblem, strings };
}

/**
 * Checks a message from the host before the panel uses it.
 * @returns the message, rebuilt from its valid parts (an `init` without its malformed entries),
 * or undefined when it is not one the protocol allows
 */
export function parseHostMessage(raw: unknown, dropped: DropReporter = () => undefined): HostToWebview | undefined {
  if (!isRecord(raw)) return undefined;
  const m = raw;
  switch (m.type) {
    case 'init': {
      const state = parseViewState(m.state, dropped);
      return state ? { type: 'init', state } : undefined;
    }
    case 'append':
    case 'update': {
      const entry = parseTranscriptEntry(m.entry);
      if (!entry) dropped(`${m.type} of a transcript entry`);
      return entry ? { type: m.type, entry } : undefined;
    }
    case 'remove':
      return isString(m.entryId) ? { type: 'remove', entryId: m.entryId } : undefined;
    case 'delta':
      return isString(m.requestId) && isString(m.entryId) && isString(m.text)
        ? { type: 'delta', requestId: m.requestId, entryId: m.entryId, text: m.text }
        : undefined;
    case 'busy':
      return m.requestId === null || isString(m.requestId) ? { type: 'busy', requestId: m.requestId } : undefined;
    case 'config':
      return isProblem(m.problem) ? { type: 'config', problem: m.problem } : undefined;
    case 'restoreDraft':
      return isString(m.text) ? { type: 'restoreDraft', text: m.text } : undefined;
    case 'focusInput':
      return { type: 'focusInput' };
    case 'attachments': {
      const chips = parseChips(m.chips);
      return chips && isCount(m.usedChars) && isCount(m.maxChars) ? { type: 'attachments', chips, usedChars: m.usedChars, maxChars: m.maxChars } : undefined;
    }
    default:
      return undefined;
  }
}
