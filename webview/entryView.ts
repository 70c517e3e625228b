// Builds one transcript entry's element: a question, a reply (streaming, finished or plain) or an error.
import type { ApprovalDecision, CodeAction, ErrorAction, TranscriptEntry, WebviewStrings } from '../src/protocol.js';
import { renderChipList } from './chips.js';
import { decorateCodeBlocks, flashCopied } from './codeBlocks.js';
import { createButton, createSpinner, createToolbarButton } from './components.js';
import { el } from './dom.js';
import { renderMarkdown, StreamingMarkdown } from './render.js';
import { keyboardScrollable } from './scrollable.js';
import { buildToolCard } from './toolCard.js';
import { EMPTY_STRINGS } from './strings.js';
import { askAgainControls, formatString, questionActions, questionNote } from './turnActions.js';

/** What an entry's controls report back. */
export interface EntryHandlers {
  /** An error entry's action button was pressed. */
  onAction(action: ErrorAction, entryId: string): void;
  /** A code block's Copy, Insert at cursor or Open in new file button was pressed. */
  onCodeAction(action: CodeAction, entryId: string, block: number): void;
  /** A finished reply's Copy button was pressed. */
  onCopyReply(entryId: string): void;
  /** A question's Edit button was pressed. */
  onEdit(entryId: string): void;
  /** The last reply's Regenerate (or Retry, after a stop) button was pressed. */
  onAskAgain(entryId: string): void;
  /** A tool call's approval card was answered. */
  onApproval(entryId: string, decision: ApprovalDecision, reason: string, command: string): void;
  /** A chip under a question was clicked: open what it refers to. */
  onOpenAttachment(entryId: string, chipId: string): void;
}

/** An entry's element and the parts of it that change later. */
export interface RenderedEntry {
  readonly element: HTMLElement;
  /** The assistant reply's `.markdown` body. */
  readonly body?: HTMLElement;
  /** Present while an assistant reply streams: renders only what changed. */
  readonly stream?: StreamingMarkdown;
  readonly status?: HTMLElement;
  /** A streaming reply's text as shown so far. */
  text?: string;
  /** A reply that shows its markdown as plain text, or a question without its toolbar, until it comes near the view (see `MessageList.reset`). */
  pending?: TranscriptEntry;
}

/** Height a plain reply is assumed to have per character of its text, until it is laid out. */
const PX_PER_CHAR = 0.4;

/** Builds entries' elements with the strings currently in use. */
export class EntryView {
  /** The localized strings; the list sets them on `init`. */
  strings: WebviewStrings = EMPTY_STRINGS;

  constructor(private readonly handlers: EntryHandlers) {}

  /**
   * Builds an entry's element.
   * @param plain a finished reply shows its text plainly until {@link EntryView.renderPending}
   * @param body a finished reply's body already rendered (by its stream), to move into the element
   */
  build(entry: TranscriptEntry, plain: boolean, body?: HTMLElement): RenderedEntry {
    const s = this.strings;
    const element = el('article', 'message');
    element.dataset.role = entry.role;
    element.dataset.id = entry.id;
    const roleName = entry.role === 'user' ? s.you : entry.role === 'assistant' ? s.assistant : entry.role === 'tool' ? s.toolCall : s.error;
    element.append(el('span', 'visually-hidden', roleName));

    let stream: StreamingMarkdown | undefined;
    let status: HTMLElement | undefined;
    let pending: TranscriptEntry | undefined;
    switch (entry.role) {
      case 'user': {
        element.append(el('div', 'message-body user-text', entry.text));
        if (entry.context) {
          const ctx = entry.context;
          const chip = el('div', 'context-chip', ctx.label);
          const description = `${ctx.path}:${ctx.startLine}-${ctx.endLine} (${ctx.languageId})`;
          chip.title = description;
          chip.setAttribute('role', 'note');
          chip.setAttribute('aria-label', description);
          element.append(chip);
          if (ctx.truncated) {
            element.append(el('p', 'context-truncated', formatString(s.contextTruncated, ctx.sentChars, ctx.totalChars)));
          }
        }
        if (entry.attachments?.length) {
          element.append(renderChipList(entry.attachments, s, { onOpen: (chip) => this.handlers.onOpenAttachment(entry.id, chip.id) }));
        }
        const note = questionNote(entry, s);
        if (note) element.append(note);
        // Far from the view, a question gets its toolbar when it comes near (like a plain reply).
        if (plain) pending = entry;
        else element.append(this.questionToolbar(entry));
        break;
      }
      case 'assistant': {
        body ??= el('div', 'message-body markdown');
        element.append(body);
        if (entry.streaming) {
          stream = new StreamingMarkdown(body, (fragment, settled) => this.decorate(fragment, settled));
          stream.append(entry.text);
          status = el('div', 'status');
          status.classList.toggle('has-text', entry.text !== '');
          status.append(createSpinner(), el('span', 'status-text', s.thinking));
          element.append(status);
        } else if (body.hasChildNodes()) {
          // Rendered already, by the reply's stream.
        } else if (plain && entry.text.trim() !== '') {
          pending = entry;
          body.textContent = entry.text;
          element.classList.add('is-pending');
          element.style.setProperty('contain-intrinsic-size', `auto ${Math.round(40 + entry.text.length * PX_PER_CHAR)}px`);
        } else {
          body.append(this.renderReply(entry.text));
        }
        break;
      }
      case 'tool':
        if (entry.tool) element.append(buildToolCard(entry, entry.tool, s, (id, decision, reason, command) => this.handlers.onApproval(id, decision, reason, command)));
        break;
      case 'error': {
        element.append(el('p', 'message-body error-text', entry.text));
        const labels: Record<ErrorAction, string> = { setApiKey: s.setApiKey, retry: s.retry, openSettings: s.openSettings, disableTools: s.disableTools };
        if (entry.actions?.length) {
          const actions = el('div', 'actions');
          for (const action of entry.actions) {
            if (!Object.hasOwn(labels, action)) continue;
            actions.append(createButton(labels[action], 'secondary', () => this.handlers.onAction(action, entry.id)));
          }
          element.append(actions);
        }
        break;
      }
    }

    if (entry.streaming) element.setAttribute('aria-busy', 'true');
    if (entry.incomplete) {
      element.classList.add('incomplete');
      element.append(el('p', 'incomplete-marker', s.incomplete));
    }
    if (entry.notice) element.append(el('p', 'notice', entry.notice));
    const actions = pending ? undefined : this.replyActions(entry);
    if (actions) element.append(actions);
    const replyBody = entry.role === 'assistant' ? body : undefined;
    return { element, body: replyBody, stream, status, text: stream ? entry.text : undefined, pending };
  }

  /**
   * Renders an entry that was built plain, in place: a reply's markdown, or a question's toolbar.
   * @param current the entry as built with `plain`, and its transcript entry
   */
  renderPending(current: RenderedEntry, entry: TranscriptEntry): void {
    current.pending = undefined;
    if (entry.role === 'user') {
      current.element.append(this.questionToolbar(entry));
      return;
    }
    if (!current.body) return;
    current.body.replaceChildren(this.renderReply(entry.text));
    current.element.classList.remove('is-pending');
    current.element.style.removeProperty('contain-intrinsic-size');
    const actions = this.replyActions(entry);
    if (actions) current.element.append(actions);
  }

  private decorate(root: ParentNode, complete: boolean): void {
    decorateCodeBlocks(root, this.strings, complete, (action, entryId, block) => this.handlers.onCodeAction(action, entryId, block));
    keyboardScrollable(root);
  }

  /** A finished reply's markdown, rendered and decorated. */
  private renderReply(text: string): DocumentFragment {
    const fragment = renderMarkdown(text);
    this.decorate(fragment, true);
    return fragment;
  }

  private questionToolbar(entry: TranscriptEntry): HTMLElement {
    return questionActions(this.strings, () => this.handlers.onEdit(entry.id));
  }

  /** The toolbar under a finished reply: Copy when it has text, and Regenerate or Retry (none while it streams). */
  private replyActions(entry: TranscriptEntry): HTMLElement | undefined {
    if (entry.role !== 'assistant' || entry.streaming) return undefined;
    const s = this.strings;
    const actions = el('div', 'message-actions');
    if (entry.text.trim() !== '') {
      const copy = createToolbarButton(s.copy, s.copyReply, () => {
        this.handlers.onCopyReply(entry.id);
        flashCopied(copy, s);
      });
      copy.dataset.action = 'copyReply';
      actions.append(copy);
    }
    actions.append(...askAgainControls(entry, s, () => this.handlers.onAskAgain(entry.id)));
    return actions;
  }
}
