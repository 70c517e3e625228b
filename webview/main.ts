// Entry point of the chat panel: validates host messages and wires them to the view and composer.
import './styles.css';
import { assertNever, type HostToWebview, type TranscriptEntry, type WebviewToHost } from '../src/protocol.js';
import { parseHostMessage } from '../src/hostMessages.js';
import { Announcer } from './announcer.js';
import { registerComponents } from './components.js';
import { Composer } from './composer.js';
import { acceptDrops } from './dropTarget.js';
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Malformed parts of host messages are dropped one by one; the console says what went. */
const reportDropped = (what: string): void => console.warn(`Pathors Chat ignored a malformed ${what}.`);

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
    onCodeAction: (action, entryId, block) => post({ type: 'codeAction', action, entryId, block }),
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
    onApproval: (entryId, decision, reason, command) => post({ type: 'approval', entryId, decision, reason, command }),
    onOpenAttachment: (entryId, id) => post({ type: 'openAttachment', id, entryId }),
  });
  const composer = new Composer({
    onSend: (text, editOf) => post(editOf === undefined ? { type: 'send', text } : { type: 'editResend', entryId: editOf, text }),
    onStop: () => post({ type: 'stop' }),
    onNewChat: () => post({ type: 'newChat' }),
    onDraftChange: (draft) => vscode.setState({ draft }),
    history: () => [...entries.values()].filter((e) => e.role === 'user').map((e) => e.text),
    onAttach: (kind) => post({ type: 'attach', kind }),
    onRemoveAttachment: (id) => post({ type: 'removeAttachment', id }),
    onOpenAttachment: (id) => post({ type: 'openAttachment', id, entryId: '' }),
  });
  const announcer = new Announcer(() => strings, (entryId) => list.replyBody(entryId));
  // The transcript and the input are the panel's main content (a landmark to jump to).
  const main = document.createElement('main');
  main.className = 'panel-main';
  main.append(list.element, composer.element);
  const dropHint = acceptDrops(document.body, (uris) => post({ type: 'dropUris', uris }));
  document.body.append(banner.element, main, announcer.element, dropHint);

  const saved = vscode.getState();
  if (isRecord(saved) && typeof saved.draft === 'string') composer.setText(saved.draft);

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
        dropHint.firstElementChild!.textContent = state.strings.dropHint;
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
      case 'attachments':
        composer.setAttachments(msg.chips, msg.usedChars, msg.maxChars);
        break;
      default:
        assertNever(msg);
    }
    composer.setHasEntries(entries.size > 0);
  };

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const msg = parseHostMessage(event.data, reportDropped);
    if (msg) handle(msg);
  });
  post({ type: 'ready' });
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start, { once: true });
} else {
  start();
}
