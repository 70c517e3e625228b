// Builds and updates the panel's DOM: the configuration banner, the empty state and the messages.
import type { ConfigProblem, ErrorAction, TranscriptEntry, WebviewStrings } from '../src/protocol.js';
import { createButton, createSpinner } from './components.js';
import { renderMarkdown, StreamingMarkdown } from './render.js';

/** What the message list reports back to its owner. */
export interface MessageListHandlers {
  /** An error entry's action button was pressed. */
  onAction(action: ErrorAction, entryId: string): void;
  /** A link in a reply was activated (it never navigates by itself). */
  onOpenLink(href: string): void;
}

/** Placeholder strings until the host sends the localized ones with `init`. */
export const EMPTY_STRINGS: WebviewStrings = {
  messagesLabel: '', inputLabel: '', inputPlaceholder: '', send: '', stop: '', newChat: '',
  you: '', assistant: '', error: '', incomplete: '', thinking: '', emptyTitle: '', emptyBody: '',
  noProject: '', openSettings: '', setApiKey: '', retry: '', contextTruncated: '',
};

/** Replaces `{0}`, `{1}`, … in a localized template with the given values. */
export function formatString(template: string, ...values: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = values[Number(index)];
    if (value === undefined) return whole;
    return typeof value === 'number' ? value.toLocaleString() : value;
  });
}

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
    this.text.textContent = problem === 'noProject' ? strings.noProject : '';
    this.button.textContent = strings.openSettings;
  }
}

interface RenderedEntry {
  readonly element: HTMLElement;
  /** Present while an assistant reply streams: renders only what changed. */
  readonly stream?: StreamingMarkdown;
  readonly status?: HTMLElement;
}

/** Distance from the bottom (px) within which the list counts as scrolled to the end. */
const PIN_SLACK = 24;

/** The transcript: an empty state, then a live log of messages that follows new output. */
export class MessageList {
  /** Wrapper holding the empty state and the `#messages` log. */
  readonly element = el('div', 'transcript');
  private readonly log = el('div', 'messages');
  private readonly emptyTitle = el('h2', 'empty-title');
  private readonly emptyBody = el('p', 'empty-body');
  private readonly rendered = new Map<string, RenderedEntry>();
  private strings = EMPTY_STRINGS;
  private pinned = true;

  constructor(private readonly handlers: MessageListHandlers) {
    this.log.id = 'messages';
    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-live', 'polite');
    this.log.tabIndex = 0;
    const empty = el('div', 'empty-state');
    empty.id = 'empty-state';
    empty.append(this.emptyTitle, this.emptyBody);
    this.element.append(empty, this.log);

    this.log.addEventListener('scroll', () => {
      this.pinned = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight <= PIN_SLACK;
    });
    // The composer growing or the view being resized must not leave a pinned list mid-way.
    new ResizeObserver(() => this.followOutput()).observe(this.log);
    this.log.addEventListener('click', (event) => this.interceptLink(event));
    this.log.addEventListener('auxclick', (event) => this.interceptLink(event));
    this.updateEmptyState();
  }

  /** Redraws every entry from scratch (on `init`). */
  reset(entries: readonly TranscriptEntry[], strings: WebviewStrings): void {
    this.strings = strings;
    this.log.setAttribute('aria-label', strings.messagesLabel);
    this.emptyTitle.textContent = strings.emptyTitle;
    this.emptyBody.textContent = strings.emptyBody;
    this.rendered.clear();
    this.log.replaceChildren();
    for (const entry of entries) this.insert(entry, null);
    this.pinned = true;
    this.updateEmptyState();
    this.followOutput();
  }

  /** Adds an entry at the end; the user's own turns always scroll into view. */
  append(entry: TranscriptEntry): void {
    this.remove(entry.id);
    this.insert(entry, null);
    if (entry.role === 'user') this.pinned = true;
    this.updateEmptyState();
    this.followOutput();
  }

  /** Replaces an entry's rendering in place (appends it when unknown). */
  update(entry: TranscriptEntry): void {
    const old = this.rendered.get(entry.id);
    if (!old) return this.append(entry);
    this.insert(entry, old.element);
    old.element.remove();
    this.followOutput();
  }

  /** Removes an entry. */
  remove(entryId: string): void {
    const old = this.rendered.get(entryId);
    if (!old) return;
    old.element.remove();
    this.rendered.delete(entryId);
    this.updateEmptyState();
  }

  /** Cheap redraw of a streaming reply whose text grew. */
  refreshText(entry: TranscriptEntry): void {
    const current = this.rendered.get(entry.id);
    if (!current?.stream) return this.update(entry);
    current.stream.update(entry.text);
    current.status?.classList.toggle('has-text', entry.text !== '');
    this.followOutput();
  }

  /** Keeps the newest output in view, unless the user has scrolled up to read. */
  private followOutput(): void {
    if (this.pinned) this.log.scrollTop = this.log.scrollHeight;
  }

  private updateEmptyState(): void {
    this.element.classList.toggle('is-empty', this.rendered.size === 0);
  }

  private insert(entry: TranscriptEntry, before: HTMLElement | null): void {
    const rendered = this.build(entry);
    this.rendered.set(entry.id, rendered);
    this.log.insertBefore(rendered.element, before);
  }

  private interceptLink(event: MouseEvent): void {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    if (!link || !this.log.contains(link)) return;
    event.preventDefault();
    const href = link.getAttribute('href');
    if (href && event.type === 'click') this.handlers.onOpenLink(href);
  }

  private build(entry: TranscriptEntry): RenderedEntry {
    const s = this.strings;
    const element = el('article', 'message');
    element.dataset.role = entry.role;
    element.dataset.id = entry.id;
    const roleName = entry.role === 'user' ? s.you : entry.role === 'assistant' ? s.assistant : s.error;
    element.append(el('span', 'visually-hidden', roleName));

    let stream: StreamingMarkdown | undefined;
    let status: HTMLElement | undefined;
    switch (entry.role) {
      case 'user':
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
        break;
      case 'assistant': {
        const body = el('div', 'message-body markdown');
        element.append(body);
        if (entry.streaming) {
          stream = new StreamingMarkdown(body);
          stream.update(entry.text);
          status = el('div', 'status');
          status.classList.toggle('has-text', entry.text !== '');
          status.append(createSpinner(), el('span', 'status-text', s.thinking));
          element.append(status);
        } else {
          body.append(renderMarkdown(entry.text));
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
    return { element, stream, status };
  }
}
