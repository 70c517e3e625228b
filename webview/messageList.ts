// The transcript: the list of entries, following new output, and rendering restored replies as they come near.
import type { TranscriptEntry, WebviewStrings } from '../src/protocol.js';
import { createButton } from './components.js';
import { el } from './dom.js';
import { EntryView, type EntryHandlers, type RenderedEntry } from './entryView.js';
import { recheckOnResize } from './scrollable.js';

/** What the message list reports back to its owner: what its entries report, and its own two events. */
export interface MessageListHandlers extends EntryHandlers {
  /** A link in a reply was activated (it never navigates by itself). */
  onOpenLink(href: string): void;
  /** "Jump to latest" was used and has gone; focus should move on (to the input). */
  onJumped(): void;
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

/** Focusable controls inside a rendered entry, in tab order. */
function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>('a[href], button, vscode-button, input'));
}

/**
 * The transcript: an empty state, then a live log of messages that follows new output while the
 * reader is at its end. Scrolling up stops following and offers "Jump to latest".
 */
export class MessageList {
  /** Wrapper holding the empty state, the `#messages` log and the jump-to-latest control. */
  readonly element = el('div', 'transcript');
  /** The `#messages` log that holds the entries. */
  readonly log = el('div', 'messages');
  private readonly emptyTitle = el('h2', 'empty-title');
  private readonly emptyBody = el('p', 'empty-body');
  private readonly jumpButton: HTMLElement;
  private readonly rendered = new Map<string, RenderedEntry>();
  private readonly entries: EntryView;
  private pinned = true;
  /** Renders plain replies as they come near the view. */
  private readonly approach: IntersectionObserver;

  constructor(private readonly handlers: MessageListHandlers) {
    this.entries = new EntryView(handlers);
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
    // A narrower or wider view changes which code blocks and tables scroll sideways.
    recheckOnResize(this.log);
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
    this.entries.strings = strings;
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
      const rendered = this.entries.build(entry, i < eager);
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
    const inside = active instanceof HTMLElement && old.element.contains(active);
    const focused = inside ? focusables(old.element).indexOf(active) : -1;
    const finished = old.stream && old.body && entry.role === 'assistant' && !entry.streaming && old.text === entry.text && old.stream.finish();
    const rendered = this.entries.build(entry, false, finished ? old.body : undefined);
    this.rendered.set(entry.id, rendered);
    this.log.insertBefore(rendered.element, old.element);
    this.approach.unobserve(old.element);
    old.element.remove();
    if (inside) {
      // A control that went away (an approval card after its answer) hands focus to its entry's fallback.
      const next = (focused >= 0 ? focusables(rendered.element)[focused] : undefined) ?? rendered.element.querySelector<HTMLElement>('[data-focus-fallback]');
      next?.focus({ preventScroll: true });
    }
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

  /** A reply's `.markdown` body as drawn now, if the reply is in the list. */
  replyBody(entryId: string): HTMLElement | undefined {
    return this.rendered.get(entryId)?.body;
  }

  /**
   * Hands a streaming reply the text it got since its last redraw, without drawing it, because
   * the reply has ended: its {@link update} draws the end once, instead of twice.
   */
  takeLastText(entry: TranscriptEntry, added: string): void {
    const current = this.rendered.get(entry.id);
    if (!current?.stream) return;
    current.stream.appendLast(added);
    current.text = entry.text;
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
    this.entries.renderPending(current, entry);
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
    const rendered = this.entries.build(entry, false);
    this.rendered.set(entry.id, rendered);
    this.log.insertBefore(rendered.element, before);
    return rendered;
  }

  private interceptLink(event: MouseEvent): void {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    if (!link || !this.log.contains(link)) return;
    event.preventDefault();
    const href = link.getAttribute('href');
    if (href && event.type === 'click') this.handlers.onOpenLink(href);
  }
}
