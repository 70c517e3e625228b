// A tool call in the transcript: what the agent wants to do in plain words, its approval card while it waits, and its result as text.
import type { ApprovalDecision, ToolCallInfo, TranscriptEntry, WebviewStrings } from '../src/protocol.js';
import { createButton, setButtonDisabled } from './components.js';
import { el } from './dom.js';
import './toolCard.css';

/** The user's answer on a card; the host decides whether it still counts. */
export type ApprovalHandler = (entryId: string, decision: ApprovalDecision, reason: string, command: string) => void;

/** Longest reason the panel sends with a denial (the host refuses longer ones). */
const MAX_REASON_CHARS = 2_000;
/** Longest command the panel sends (the host refuses longer ones). */
const MAX_COMMAND_CHARS = 10_000;

let ids = 0;

/** The call's arguments as an object, when its (possibly cut) text still parses. */
function argsOf(tool: ToolCallInfo): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(tool.arguments);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/**
 * What the call will do, in plain words: a sentence template and the value (a path, a pattern,
 * a folder, the tool's name) it names, which is shown as code, never as markup.
 */
export function toolSentence(tool: ToolCallInfo, s: WebviewStrings): { readonly template: string; readonly value?: string } {
  const args = argsOf(tool);
  switch (tool.name) {
    case 'read_file':
      return { template: s.toolReadFile, value: text(args.path) ?? '?' };
    case 'list_files':
      return { template: s.toolListFiles, value: text(args.glob) ?? '**/*' };
    case 'search_text':
      return { template: s.toolSearchText, value: text(args.query) ?? '?' };
    case 'get_diagnostics': {
      const path = text(args.path);
      return path ? { template: s.toolDiagnosticsFile, value: path } : { template: s.toolDiagnosticsAll };
    }
    case 'propose_edit':
      return { template: s.toolProposeEdit, value: text(args.path) ?? '?' };
    case 'run_command': {
      const cwd = text(args.cwd);
      return cwd && cwd.trim() !== '.' ? { template: s.toolRunCommand, value: cwd } : { template: s.toolRunCommandRoot };
    }
    default:
      return { template: s.toolOther, value: tool.name };
  }
}

/** The sentence as one line of plain text (for the announcer). */
export function toolSentenceText(tool: ToolCallInfo, s: WebviewStrings): string {
  const { template, value } = toolSentence(tool, s);
  return template.replace('{0}', () => value ?? '');
}

/** How the call stands, in words. */
export function toolStatusText(tool: ToolCallInfo, s: WebviewStrings): string {
  switch (tool.status) {
    case 'running':
      return tool.name === 'propose_edit' ? s.toolReviewing : s.toolRunning;
    case 'waiting':
      return s.toolWaiting;
    case 'ok':
      return s.toolOk;
    case 'error':
      return s.toolError;
    case 'denied':
      return s.toolDenied;
    case 'stopped':
      return s.toolStopped;
    case 'notRun':
      return s.toolNotRun;
  }
}

/** A fold holding text as text: arguments or a result, which are data and never markup. */
function fold(label: string, body: string, className: string): HTMLElement {
  const details = el('details', `tool-fold ${className}`);
  details.append(el('summary', '', label));
  const pre = el('pre', 'tool-text');
  pre.append(el('code', '', body));
  details.append(pre);
  return details;
}

/** Builds the inside of a tool entry's element. */
export function buildToolCard(entry: TranscriptEntry, tool: ToolCallInfo, s: WebviewStrings, onAnswer: ApprovalHandler): HTMLElement {
  const card = el('div', 'tool-card');
  card.dataset.status = tool.status;
  // Where focus lands when the card's buttons go away after an answer (see MessageList.update).
  card.tabIndex = -1;
  card.dataset.focusFallback = '';
  const titleId = `tool-title-${++ids}`;
  const title = el('p', 'tool-title');
  title.id = titleId;
  const { template, value } = toolSentence(tool, s);
  const [before, after = ''] = template.split('{0}');
  title.append(before);
  if (value !== undefined) title.append(el('code', 'tool-value', value), after);
  const status = el('p', 'tool-status', toolStatusText(tool, s));
  card.append(title, status);
  if (tool.why) {
    const why = el('p', 'tool-why', tool.why);
    why.id = `${titleId}-why`;
    card.append(why);
  }
  if (tool.reason) card.append(el('p', 'tool-reason', s.deniedReason.replace('{0}', () => tool.reason ?? '')));

  const args = argsOf(tool);
  if (tool.name === 'run_command' && text(args.command) && tool.status !== 'waiting') {
    const pre = el('pre', 'tool-text tool-command');
    pre.append(el('code', '', String(args.command)));
    card.append(pre);
  }
  // While a command waits, its field shows what the arguments hold.
  const commandField = tool.name === 'run_command' && tool.status === 'waiting' && text(args.command) !== undefined;
  if (!commandField && tool.arguments.trim() !== '' && tool.arguments.trim() !== '{}') card.append(fold(s.toolArguments, tool.arguments, 'tool-arguments'));
  if (tool.status === 'waiting') card.append(approvalControls(entry.id, tool, s, titleId, onAnswer));
  if (tool.result !== undefined) card.append(fold(s.toolResult, tool.result, 'tool-result'));
  return card;
}

/** Allow, Allow for this conversation (read-only tools), and Deny with an optional reason. */
function approvalControls(entryId: string, tool: ToolCallInfo, s: WebviewStrings, titleId: string, onAnswer: ApprovalHandler): HTMLElement {
  const group = el('div', 'approval');
  group.setAttribute('role', 'group');
  group.setAttribute('aria-labelledby', titleId);
  // Screen readers read why the call asks together with its buttons.
  if (tool.why) group.setAttribute('aria-describedby', `${titleId}-why`);
  const reasonId = `${titleId}-reason`;
  const reasonLabel = el('label', 'deny-reason-label', s.denyReason);
  reasonLabel.htmlFor = reasonId;
  const reason = document.createElement('input');
  reason.type = 'text';
  reason.id = reasonId;
  reason.className = 'text-input deny-reason';
  reason.maxLength = MAX_REASON_CHARS;
  reason.autocomplete = 'off';

  // A command is shown in a field the user may edit; what is in it when Allow is pressed is what runs.
  const proposed = tool.name === 'run_command' ? text(argsOf(tool).command) : undefined;
  let command: HTMLTextAreaElement | undefined;
  const parts: HTMLElement[] = [];
  if (proposed !== undefined) {
    command = document.createElement('textarea');
    command.id = `${titleId}-command`;
    command.className = 'text-input tool-command-input';
    command.value = proposed;
    command.maxLength = MAX_COMMAND_CHARS;
    command.rows = Math.min(6, proposed.split('\n').length);
    command.spellcheck = false;
    const label = el('label', 'tool-command-label', s.commandLabel);
    label.htmlFor = command.id;
    parts.push(label, command);
  }

  const buttons: HTMLElement[] = [];
  const answer = (decision: ApprovalDecision) => {
    // One answer per card: the host ignores a second, and the card should not invite one.
    const hadFocus = group.contains(document.activeElement);
    for (const b of buttons) setButtonDisabled(b, true);
    reason.disabled = true;
    if (command) command.readOnly = true;
    // Disabled controls drop focus to the page; the card keeps it, so the keyboard user stays here.
    if (hadFocus) group.closest<HTMLElement>('[data-focus-fallback]')?.focus({ preventScroll: true });
    const edited = decision !== 'deny' && command && command.value.trim() !== proposed?.trim() ? command.value.trim().slice(0, MAX_COMMAND_CHARS) : '';
    onAnswer(entryId, decision, decision === 'deny' ? reason.value.trim().slice(0, MAX_REASON_CHARS) : '', edited);
  };
  const allow = createButton(s.allow, 'primary', () => answer('allow'));
  allow.dataset.decision = 'allow';
  buttons.push(allow);
  // A call that says why it asks is allowed once: the conversation-wide Allow is not offered.
  if (tool.readOnly && !tool.why) {
    const always = createButton(s.allowConversation, 'secondary', () => answer('allowConversation'));
    always.dataset.decision = 'allowConversation';
    buttons.push(always);
  }
  const deny = createButton(s.deny, 'secondary', () => answer('deny'));
  deny.dataset.decision = 'deny';
  buttons.push(deny);
  reason.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      answer('deny');
    }
  });
  // Deny comes after its reason field, so a keyboard user meets the field first.
  const actions = el('div', 'approval-actions');
  actions.append(...buttons.filter((b) => b !== deny));
  const denial = el('div', 'approval-deny');
  denial.append(reasonLabel, reason, deny);
  group.append(...parts, actions, denial);
  return group;
}
