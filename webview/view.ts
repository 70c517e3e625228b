// Builds and updates the panel's DOM: the configuration banner, the empty state and the messages.
import type { CodeAction, ConfigProblem, ErrorAction, TranscriptEntry, WebviewStrings } from '../src/protocol.js';
import { decorateCodeBlocks, flashCopied } from './codeBlocks.js';
import { createButton, createSpinner, createToolbarButton } from './components.js';
import { renderMarkdown, StreamingMarkdown } from './render.js';
import { keyboardScrollable } from './scrollable.js';
import { askAgainControls, formatString, questionActions, questionNote } from './turnActions.js';

/** What the message list reports back to its owner. */
export interface MessageListHandlers {
  /** An error entry's action button was pressed. */
  onAction(action: ErrorAction, entryId: string): void;
  /** A link in a reply was activated (it never navigates by itself). */
  onOpenLink(href: string): void;
  /** A code block's Copy, Insert at cursor or Open in new file button was pressed. */
  onCodeAction(action: CodeAction, code: string, language: string): void;
  /** A finished reply's Copy button was pressed. */
  onCopyReply(entryId: string): void;
  /** "Jump to latest" was used and has gone; focus should move on (to the input). */
  onJumped(): void;
  /** A question's Edit button was pressed. */
  onEdit(entryId: string): void;
  /** The last reply's Regenerate (or Retry, after a stop) button was pressed. */
  onAskAgain(entryId: string): void;
}

/** Placeholder strings until the host sends the localized ones with `init`. */
export const EMPTY_STRINGS: WebviewStrings = {
  messagesLabel: '', inputLabel: '', inputPlaceholder: '', send: '', stop: '', newChat: '',
  you: '', assistant: '', error: '', incomplete: '', thinking: '', emptyTitle: '', emptyBody: '',
  noProject: '', badEndpoint: '', openSettings: '', setApiKey: '', retry: '', contextTruncated: '',
  copy: '', copied: '', copyCode: '', insertCodeShort: '', insertCode: '', newFileCodeShort: '', newFileCode: '',
  copyReply: '', jumpToLatest: '', announceError: '', announceCodeBlock: '', announceCodeBlockLine: '',
  regenerate: '', regenerateHint: '', retryHint: '', askedAgain: '', edit: '', editHint: '',
  editBanner: '', editBannerFirst: '', cancelEdit: '', editedNote: '', editedNoteFirst: '',
};


function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The banner shown above the transcript while the configuration blocks sending. */
export class ConfigBanner {
  /** The `#config-banner` element. */
  readonly element = el('div', 'config-banner');
  private readonly text = el('p', 'config-banner-text');
  private readonly button: HTMLElement;

  /** @param onOpenSettings runs when the banner's settings button is pressed */
  constructor(onOpenSettings: () => void) {
    this.element.id = 'config-banner';
    this.element.setAttribute('role', 'alert');
    this.element.hidden = true;
    this.button = createButton('', 'primary', onOpenSettings);
    this.element.append(this.text, this.button);
  }

  /** Shows the banner for `problem`, or hides it when there is none. */
  show(problem: ConfigProblem | null, strings: WebviewStrings): void {
    this.element.hidden = problem === null;
    this.text.textContent = problem === 'noProject' ? strings.noProject : problem === 'badEndpoint' ? strings.badEndpoint : '';
    this.button.textContent = strings.openSettings;
  }
}

interface RenderedEntry {
  readonly element: HTMLElement;
  /** The assistant reply's `.markdown` body. */
  readonly body?: HTMLElement;
  /** Present while an assistant reply streams: renders only what changed. */
  readonly stream?: StreamingMarkdown;
  readonly status?: HTMLElement;
  /** A streaming reply's text as shown so far. */
  text?: string;
  /** A reply that shows its markdown as plain text, or a question without its toolbar, until it comes near the view (see {@link MessageList.reset}). */
  pending?: TranscriptEntry;
}

/** Distance from the bottom (px) within which the list counts as scrolled to the end. */
const PIN_SLACK = 24;

/**
 * On `init`, replies from the end back to about this much text are rendered at once; earlier ones
 * show their text plainly and are rendered as they come within {@link RENDER_AHEAD} of the view.
 */
const EAGER_CHARS = 6_000;

/** How far (px) above or below the visible part of the list a plain reply gets rendered. */
const RENDER_AHEAD = 1500;

/** Height a plain reply is assumed to have per character of its text, until it is laid out. */
const PX_PER_CHAR = 0.4;

/** Focusable controls inside a rendered entry, in tab order. */
function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>('a[href], button, vscode-button'));
}

/**
 * The transcript: an empty state, then a live log of messages that follows new output while the
 * reader is at its end. Scrolling up stops following and offers "Jump to latest".
 */
export class MessageList {
  /** Wrapper holding the empty state, the `#messages` log and the jump-to-latest control. */
  readonly element = el('div', 'transcript');
  private readonly log = el('div', 'messages');
  private readonly emptyTitle = el('h2', 'empty-title');
  private readonly emptyBody = el('p', 'empty-body');
  private readonly jumpButton: HTMLElement;
  private readonly rendered = new Map<string, RenderedEntry>();
  private strings = EMPTY_STRINGS;
  private pinned = true;
  /** Renders plain replies as they come near the view. */
  private readonly approach: IntersectionObserver;

  constructor(private readonly handlers: MessageListHandlers) {
    this.log.id = 'messages';
    this.log.setAttribute('role', 'log');
    // Not read out as it changes (every delta of a reply would be): the announcer speaks for it.
    this.log.setAttribute('aria-live', 'off');
    this.log.tabIndex = 0;
    const empty = el('div', 'empty-state');
    empty.id = 'empty-state';
    empty.append(this.emptyTitle, this.emptyBody);
    this.jumpButton = createButton('', 'secondary', () => this.jumpToLatest());
    this.jumpButton.id = 'jump-to-latest';
    this.jumpButton.hidden = true;
    this.element.append(empty, this.log, this.jumpButton);

    this.log.addEventListener('scroll', () => {
      this.pinned = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight <= PIN_SLACK;
      if (this.jumpButton.hidden !== this.pinned) this.jumpButton.hidden = this.pinned;
    });
    // The composer growing or the view being resized must not leave a pinned list mid-way.
    new ResizeObserver(() => this.followOutput()).observe(this.log);
    this.log.addEventListener('click', (event) => this.interceptLink(event));
    this.log.addEventListener('auxclick', (event) => this.interceptLink(event));
    this.approach = new IntersectionObserver(
      (records) => {
        for (const record of records) {
          const id = record.isIntersecting && record.target instanceof HTMLElement ? record.target.dataset.id : undefined;
          if (id !== undefined) this.renderPending(id);
        }
      },
      { root: this.log, rootMargin: `${RENDER_AHEAD}px 0px` },
    );
    this.updateEmptyState();
  }

  /**
   * Redraws every entry from scratch (on `init`).
   *
   * A restored conversation can hold hundreds of replies, and the view opens at its end. Every
   * entry gets its `.message` element at once, but only the replies near the end are rendered as
   * markdown; earlier ones show their text plainly (so it can be read, found and announced) and
   * are rendered when they come near the view.
   */
  reset(entries: readonly TranscriptEntry[], strings: WebviewStrings): void {
    this.strings = strings;
    this.log.setAttribute('aria-label', strings.messagesLabel);
    this.emptyTitle.textContent = strings.emptyTitle;
    this.emptyBody.textContent = strings.emptyBody;
    this.jumpButton.textContent = strings.jumpToLatest;
    this.approach.disconnect();
    this.rendered.clear();
    let eager = entries.length;
    for (let budget = EAGER_CHARS; eager > 0 && budget > 0; ) budget -= entries[--eager].text.length;
    const fragment = document.createDocumentFragment();
    entries.forEach((entry, i) => {
      const rendered = this.build(entry, i < eager);
      this.rendered.set(entry.id, rendered);
      fragment.append(rendered.element);
      if (rendered.pending) this.approach.observe(rendered.element);
    });
    this.log.replaceChildren(fragment);
    this.pin();
    this.updateEmptyState();
    this.followOutput();
  }

  /** Adds an entry at the end; the user's own turns always scroll into view and resume following. */
  append(entry: TranscriptEntry): void {
    this.remove(entry.id);
    this.insert(entry, null);
    if (entry.role === 'user') this.pin();
    this.updateEmptyState();
    this.followOutput();
  }

  /**
   * Replaces an entry's rendering in place (appends it when unknown), keeping focus on the same
   * control. A streamed reply that ends as it was streamed keeps the blocks already rendered.
   */
  update(entry: TranscriptEntry): void {
    const old = this.rendered.get(entry.id);
    if (!old) return this.append(entry);
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && old.element.contains(active) ? focusables(old.element).indexOf(active) : -1;
    const finished = old.stream && old.body && entry.role === 'assistant' && !entry.streaming && old.text === entry.text && old.stream.finish();
    const rendered = this.build(entry, false, finished ? old.body : undefined);
    this.rendered.set(entry.id, rendered);
    this.log.insertBefore(rendered.element, old.element);
    this.approach.unobserve(old.element);
    old.element.remove();
    if (focused >= 0) focusables(rendered.element)[focused]?.focus({ preventScroll: true });
    this.markLast();
    this.followOutput();
  }

  /** Removes an entry. */
  remove(entryId: string): void {
    const old = this.rendered.get(entryId);
    if (!old) return;
    this.approach.unobserve(old.element);
    old.element.remove();
    this.rendered.delete(entryId);
    this.updateEmptyState();
  }

  /** Cheap redraw of a streaming reply whose text grew by `added` (`entry.text` already ends with it). */
  refreshText(entry: TranscriptEntry, added: string): void {
    const current = this.rendered.get(entry.id);
    if (!current?.stream) return this.update(entry);
    current.stream.append(added);
    current.text = entry.text;
    current.status?.classList.toggle('has-text', entry.text !== '');
    this.followOutput();
  }

  /** While a reply streams, questions cannot be edited nor replies asked again. */
  setBusy(busy: boolean): void {
    this.log.classList.toggle('is-busy', busy);
  }

  /** Marks the newest entry, if it is a reply: only that one offers Regenerate or Retry. */
  private markLast(): void {
    const last = this.log.querySelector(':scope > .message:last-of-type');
    for (const old of this.log.querySelectorAll(':scope > .is-last')) if (old !== last) old.classList.remove('is-last');
    last?.classList.add('is-last');
  }

  /** Renders a reply that shows its text plainly, in place; gives a question its toolbar. */
  private renderPending(entryId: string): void {
    const current = this.rendered.get(entryId);
    const entry = current?.pending;
    if (!current || !entry) return;
    this.approach.unobserve(current.element);
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

  /** Keeps the newest output in view, unless the user has scrolled up to read. */
  private followOutput(): void {
    if (this.pinned) this.log.scrollTop = this.log.scrollHeight;
  }

  private pin(): void {
    this.pinned = true;
    this.jumpButton.hidden = true;
  }

  /** Scrolls to the end and follows new output again. */
  private jumpToLatest(): void {
    this.pin();
    this.followOutput();
    // The control hides itself; focus must not fall back to the page.
    this.handlers.onJumped();
  }

  private updateEmptyState(): void {
    this.markLast();
    this.element.classList.toggle('is-empty', this.rendered.size === 0);
  }

  private insert(entry: TranscriptEntry, before: HTMLElement | null): RenderedEntry {
    const rendered = this.build(entry, false);
    this.rendered.set(entry.id, rendered);
    this.log.insertBefore(rendered.element, before);
    return rendered;
  }

  private decorate(root: ParentNode, complete: boolean): void {
    decorateCodeBlocks(root, this.strings, complete, (action, code, language) => this.handlers.onCodeAction(action, code, language));
    keyboardScrollable(root);
  }

  private interceptLink(event: MouseEvent): void {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    if (!link || !this.log.contains(link)) return;
    event.preventDefault();
    const href = link.getAttribute('href');
    if (href && event.type === 'click') this.handlers.onOpenLink(href);
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

  /**
   * Builds an entry's element.
   * @param plain a finished reply shows its text plainly until {@link renderPending}
   * @param body a finished reply's body already rendered (by its stream), to move into the element
   */
  private build(entry: TranscriptEntry, plain: boolean, body?: HTMLElement): RenderedEntry {
    const s = this.strings;
    const element = el('article', 'message');
    element.dataset.role = entry.role;
    element.dataset.id = entry.id;
    const roleName = entry.role === 'user' ? s.you : entry.role === 'assistant' ? s.assistant : s.error;
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
      case 'error': {
        element.append(el('p', 'message-body error-text', entry.text));
        const labels: Record<ErrorAction, string> = { setApiKey: s.setApiKey, retry: s.retry, openSettings: s.openSettings };
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
}
