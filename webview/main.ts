// Entry point of the chat panel: validates host messages and wires them to the view and composer.
import './styles.css';
import {
  assertNever,
  MAX_CODE_CHARS,
  type ContextChip,
  type HostToWebview,
  type TranscriptEntry,
  type ViewState,
  type WebviewStrings,
  type WebviewToHost,
} from '../src/protocol.js';
import { Announcer } from './announcer.js';
import { registerComponents } from './components.js';
import { Composer } from './composer.js';
import { ConfigBanner } from './banner.js';
import { MessageList } from './messageList.js';
import { EMPTY_STRINGS } from './strings.js';
import { formatString } from './turnActions.js';
import { UpdatePacer } from './updatePacer.js';

/** What survives the view being hidden and shown again. */
interface PanelState {
  readonly draft: string;
}

/** The part of the webview API the panel uses. */
interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isProblem = (v: unknown): boolean => v === null || v === 'noProject' || v === 'badEndpoint';

function isContext(v: unknown): v is ContextChip {
  return isRecord(v) && isString(v.label) && isString(v.path) && isString(v.languageId) &&
    typeof v.startLine === 'number' && typeof v.endLine === 'number' && typeof v.truncated === 'boolean' &&
    typeof v.totalChars === 'number' && typeof v.sentChars === 'number';
}

function isEntry(v: unknown): v is TranscriptEntry {
  return isRecord(v) && isString(v.id) && isString(v.text) &&
    (v.role === 'user' || v.role === 'assistant' || v.role === 'error') &&
    (v.context === undefined || isContext(v.context)) &&
    (v.notice === undefined || isString(v.notice)) &&
    (v.actions === undefined || (Array.isArray(v.actions) && v.actions.every(isString))) &&
    (v.repeatOf === undefined || isString(v.repeatOf)) &&
    (v.replayed === undefined || (typeof v.replayed === 'number' && Number.isInteger(v.replayed) && v.replayed >= 0));
}

function isStrings(v: unknown): v is WebviewStrings {
  return isRecord(v) && Object.keys(EMPTY_STRINGS).every((key) => isString(v[key]));
}

function isViewState(v: unknown): v is ViewState {
  return isRecord(v) && Array.isArray(v.entries) && v.entries.every(isEntry) &&
    isStringOrNull(v.busyRequestId) && isProblem(v.configProblem) && isStrings(v.strings);
}

/** Checks the shape of a message before use; anything else on the channel is ignored. */
function parseHostMessage(raw: unknown): HostToWebview | undefined {
  if (!isRecord(raw)) return undefined;
  const m = raw;
  let ok: boolean;
  switch (m.type) {
    case 'init': ok = isViewState(m.state); break;
    case 'append':
    case 'update': ok = isEntry(m.entry); break;
    case 'remove': ok = isString(m.entryId); break;
    case 'delta': ok = isString(m.requestId) && isString(m.entryId) && isString(m.text); break;
    case 'busy': ok = isStringOrNull(m.requestId); break;
    case 'config': ok = isProblem(m.problem); break;
    case 'restoreDraft': ok = isString(m.text); break;
    case 'focusInput': ok = true; break;
    default: ok = false;
  }
  return ok ? (m as unknown as HostToWebview) : undefined;
}

function start(): void {
  const vscode = acquireVsCodeApi();
  const post = (message: WebviewToHost): void => vscode.postMessage(message);
  registerComponents();

  /** The transcript as last told by the host, plus the text streamed in since. */
  const entries = new Map<string, TranscriptEntry>();
  let busyRequestId: string | null = null;
  let strings = EMPTY_STRINGS;

  const banner = new ConfigBanner(() => post({ type: 'action', action: 'openSettings', entryId: '' }));
  const list = new MessageList({
    onAction: (action, entryId) => post({ type: 'action', action, entryId }),
    onOpenLink: (href) => post({ type: 'openLink', href }),
    onCodeAction: (action, code, language) => {
      // The host refuses anything longer; a block that big is not sent at all.
      if (code.length <= MAX_CODE_CHARS) post({ type: 'codeAction', action, code, language });
    },
    onCopyReply: (entryId) => post({ type: 'copyReply', entryId }),
    onJumped: () => composer.focus(),
    onEdit: (entryId) => {
      const entry = entries.get(entryId);
      if (entry?.role !== 'user') return;
      // What a new session is sent before the edited question: every question and every reply with text.
      const order = [...entries.values()];
      const earlier = order.slice(0, order.indexOf(entry)).filter((e) => e.role === 'user' || (e.role === 'assistant' && e.text !== '')).length;
      composer.startEdit(entryId, entry.text, earlier > 0 ? formatString(strings.editBanner, earlier) : strings.editBannerFirst);
    },
    onAskAgain: (entryId) => post({ type: 'askAgain', entryId }),
  });
  const composer = new Composer({
    onSend: (text, editOf) => post(editOf === undefined ? { type: 'send', text } : { type: 'editResend', entryId: editOf, text }),
    onStop: () => post({ type: 'stop' }),
    onNewChat: () => post({ type: 'newChat' }),
    onDraftChange: (draft) => vscode.setState({ draft }),
    history: () => [...entries.values()].filter((e) => e.role === 'user').map((e) => e.text),
  });
  const announcer = new Announcer(() => strings, (entryId) => list.replyBody(entryId));
  // The transcript and the input are the panel's main content (a landmark to jump to).
  const main = document.createElement('main');
  main.className = 'panel-main';
  main.append(list.element, composer.element);
  document.body.append(banner.element, main, announcer.element);

  const saved = vscode.getState();
  if (isRecord(saved) && isString(saved.draft)) composer.setText(saved.draft);

  // Deltas are only collected per entry; the DOM is touched at most once per frame (less often
  // while frames run over budget, see UpdatePacer), with the text that arrived since (the reply's
  // whole text is never read while it streams). What the redraw made readable is announced after
  // the frame, so speech never holds up drawing.
  const dirty = new Map<string, string[]>();
  const drawn = new Set<string>();
  const pacer = new UpdatePacer(
    () => {
      for (const [id, added] of dirty) {
        const entry = entries.get(id);
        if (entry) list.refreshText(entry, added.join(''));
        drawn.add(id);
      }
      dirty.clear();
    },
    () => {
      for (const id of drawn) announcer.progress(id);
      drawn.clear();
    },
    list.log,
  );
  const addText = (id: string, text: string): void => {
    const added = dirty.get(id);
    if (added) added.push(text);
    else dirty.set(id, [text]);
    pacer.request();
  };

  const handle = (msg: HostToWebview): void => {
    switch (msg.type) {
      case 'init': {
        const { state } = msg;
        entries.clear();
        dirty.clear();
        for (const entry of state.entries) entries.set(entry.id, { ...entry });
        busyRequestId = state.busyRequestId;
        strings = state.strings;
        list.reset([...entries.values()], state.strings);
        announcer.reset(entries.values());
        composer.setStrings(state.strings);
        composer.setBusy(busyRequestId !== null);
        list.setBusy(busyRequestId !== null);
        composer.setBlocked(state.configProblem !== null);
        banner.show(state.configProblem, state.strings);
        break;
      }
      case 'append':
      case 'update': {
        const entry = { ...msg.entry };
        // Text that arrived since the last redraw goes into the reply's stream first, so a reply
        // that ends as it was streamed keeps its blocks instead of being rendered again whole.
        const shown = entries.get(entry.id);
        const undrawn = dirty.get(entry.id);
        if (msg.type === 'update' && shown && undrawn) list.takeLastText(shown, undrawn.join(''));
        if (msg.type === 'append') entries.delete(entry.id);
        entries.set(entry.id, entry);
        dirty.delete(entry.id);
        if (msg.type === 'append') list.append(entry);
        else list.update(entry);
        announcer.entry(entry, msg.type === 'append');
        break;
      }
      case 'remove':
        entries.delete(msg.entryId);
        dirty.delete(msg.entryId);
        list.remove(msg.entryId);
        announcer.forget(msg.entryId);
        break;
      case 'delta': {
        // A delta from a stopped or superseded request must not land in the current reply.
        const entry = entries.get(msg.entryId);
        if (msg.requestId !== busyRequestId || entry?.role !== 'assistant' || !entry.streaming) break;
        entry.text += msg.text;
        addText(entry.id, msg.text);
        break;
      }
      case 'busy':
        busyRequestId = msg.requestId;
        composer.setBusy(busyRequestId !== null);
        list.setBusy(busyRequestId !== null);
        break;
      case 'config':
        composer.setBlocked(msg.problem !== null);
        banner.show(msg.problem, strings);
        break;
      case 'restoreDraft':
        composer.restoreDraft(msg.text);
        break;
      case 'focusInput':
        composer.focus();
        break;
      default:
        assertNever(msg);
    }
    composer.setHasEntries(entries.size > 0);
  };

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const msg = parseHostMessage(event.data);
    if (msg) handle(msg);
  });
  post({ type: 'ready' });
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start, { once: true });
} else {
  start();
}
