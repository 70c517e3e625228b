// The message input and its Send/Stop and New chat buttons, with Enter, Shift+Enter and IME handling.
import { MAX_SEND_CHARS, type WebviewStrings } from '../src/protocol.js';
import { createButton, createTextInput, setButton, setButtonDisabled } from './components.js';
import { EMPTY_STRINGS } from './view.js';

/** What the composer reports back to its owner. */
export interface ComposerHandlers {
  /** The user asked to send `text` (never blank); the input is already cleared. */
  onSend(text: string): void;
  /** The user asked to stop the request in flight. */
  onStop(): void;
  /** The user asked for a new conversation. */
  onNewChat(): void;
  /** The draft changed (typed, sent, restored). */
  onDraftChange(draft: string): void;
}

/** Tallest the input grows, as a share of the view height, before it scrolls. */
const MAX_INPUT_SHARE = 0.4;

/** The input area at the bottom of the panel. */
export class Composer {
  /** The composer's root element. */
  readonly element = document.createElement('div');
  /** The `#input` textarea. */
  readonly input = createTextInput('input', MAX_SEND_CHARS);
  private readonly sendButton: HTMLElement;
  private readonly newChatButton: HTMLElement;
  private strings = EMPTY_STRINGS;
  private busy = false;
  private blocked = false;
  /** Set between compositionstart and compositionend: Enter then confirms the IME, not the message. */
  private composing = false;

  constructor(private readonly handlers: ComposerHandlers) {
    this.element.className = 'composer';
    this.sendButton = createButton('', 'primary', () => (this.busy ? this.handlers.onStop() : this.send()));
    this.sendButton.id = 'send';
    this.newChatButton = createButton('', 'secondary', () => this.handlers.onNewChat());
    this.newChatButton.id = 'new-chat';
    const actions = document.createElement('div');
    actions.className = 'composer-actions';
    actions.append(this.newChatButton, this.sendButton);
    this.element.append(this.input, actions);

    this.input.addEventListener('compositionstart', () => (this.composing = true));
    this.input.addEventListener('compositionend', () => (this.composing = false));
    this.input.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.input.addEventListener('input', () => {
      this.fitHeight();
      this.handlers.onDraftChange(this.input.value);
    });
    window.addEventListener('resize', () => this.fitHeight());
  }

  /** Applies the localized labels. */
  setStrings(strings: WebviewStrings): void {
    this.strings = strings;
    this.input.setAttribute('aria-label', strings.inputLabel);
    this.input.placeholder = strings.inputPlaceholder;
    this.newChatButton.textContent = strings.newChat;
    this.render();
    // The placeholder may wrap in a narrow view; an empty input is sized by it.
    requestAnimationFrame(() => this.fitHeight());
  }

  /** While busy, Send becomes Stop and Enter keeps the text in the input. */
  setBusy(busy: boolean): void {
    this.busy = busy;
    this.render();
  }

  /** While blocked (a configuration problem), nothing can be sent. */
  setBlocked(blocked: boolean): void {
    this.blocked = blocked;
    this.render();
  }

  /** Offers New chat only when there is a conversation to leave. */
  setHasEntries(hasEntries: boolean): void {
    this.newChatButton.hidden = !hasEntries;
  }

  /** Replaces the input's text without reporting a draft change (startup restore). */
  setText(text: string): void {
    this.input.value = text;
    this.fitHeight();
  }

  /** Puts back text whose send could not start: into an empty input, or on a new line after the draft. */
  restoreDraft(text: string): void {
    const current = this.input.value;
    this.input.value = current === '' ? text : `${current}\n${text}`;
    this.fitHeight();
    this.handlers.onDraftChange(this.input.value);
    this.focus();
  }

  /** Moves focus to the input, caret at the end. */
  focus(): void {
    this.input.focus();
    const end = this.input.value.length;
    this.input.setSelectionRange(end, end);
  }

  private onKeyDown(event: KeyboardEvent): void {
    // keyCode 229 is what browsers report for keys an IME is still processing; some (Safari)
    // fire compositionend before the confirming Enter's keydown, so the flag alone is not enough.
    if (event.isComposing || event.keyCode === 229 || this.composing) return;
    if (event.key === 'Escape' && this.busy) {
      event.preventDefault();
      this.handlers.onStop();
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey) return;
    event.preventDefault();
    this.send();
  }

  private send(): void {
    const text = this.input.value;
    if (this.busy || this.blocked || text.trim() === '' || text.length > MAX_SEND_CHARS) return;
    this.input.value = '';
    this.fitHeight();
    this.handlers.onDraftChange('');
    this.handlers.onSend(text);
  }

  private render(): void {
    setButton(this.sendButton, this.busy ? this.strings.stop : this.strings.send, this.busy ? 'secondary' : 'primary');
    setButtonDisabled(this.sendButton, this.blocked && !this.busy);
  }

  /** Grows the input with its content up to a share of the view, then lets it scroll. */
  private fitHeight(): void {
    const input = this.input;
    input.style.height = 'auto';
    const max = Math.max(60, Math.floor(window.innerHeight * MAX_INPUT_SHARE));
    input.style.height = `${Math.min(input.scrollHeight + 2, max)}px`;
    input.style.overflowY = input.scrollHeight + 2 > max ? 'auto' : 'hidden';
  }
}
