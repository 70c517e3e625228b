// The message input and its Send/Stop and New chat buttons, with Enter, Shift+Enter and IME handling.
import { MAX_SEND_CHARS, type AttachmentChip, type AttachmentKind, type WebviewStrings } from '../src/protocol.js';
import { ComposerAttachments } from './composerAttachments.js';
import { createButton, createTextInput, setButton, setButtonDisabled } from './components.js';
import { EMPTY_STRINGS } from './strings.js';

/** What the composer reports back to its owner. */
export interface ComposerHandlers {
  /**
   * The user asked to send `text` (never blank); the input is already cleared. `editOf` is the
   * question being edited, when Send resends an edited question.
   */
  onSend(text: string, editOf?: string): void;
  /** The user asked to stop the request in flight. */
  onStop(): void;
  /** The user asked for a new conversation. */
  onNewChat(): void;
  /** The draft changed (typed, sent, restored). */
  onDraftChange(draft: string): void;
  /** Questions asked so far, oldest first (Up and Down recall them). */
  history(): readonly string[];
  /** A kind was chosen from the attach button or the `#` picker. */
  onAttach(kind: AttachmentKind): void;
  /** A pending chip's remove button, or its open button, was pressed. */
  onRemoveAttachment(id: string): void;
  onOpenAttachment(id: string): void;
}

/** Where the composer is in the input history while Up/Down recall earlier questions. */
interface Recall {
  /** The questions as they were when recall started, consecutive repeats dropped. */
  readonly items: readonly string[];
  /** Index of the question shown. */
  index: number;
  /** What was in the input before recall started; it comes back past the newest question. */
  readonly draft: string;
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
  /** Set while Up/Down show an earlier question instead of the draft. */
  private recall: Recall | undefined;
  /** Set while an earlier question is being edited: the question, and the draft it set aside. */
  private editing: { readonly entryId: string; readonly draft: string } | undefined;
  private readonly editBanner = document.createElement('div');
  private readonly editText = document.createElement('p');
  private readonly cancelEditButton: HTMLElement;
  private readonly attachments: ComposerAttachments;

  constructor(private readonly handlers: ComposerHandlers) {
    this.element.className = 'composer';
    this.sendButton = createButton('', 'primary', () => (this.busy ? this.handlers.onStop() : this.send()));
    this.sendButton.id = 'send';
    this.newChatButton = createButton('', 'secondary', () => this.handlers.onNewChat());
    this.newChatButton.id = 'new-chat';
    this.attachments = new ComposerAttachments(this.input, {
      onAttach: (kind) => this.handlers.onAttach(kind),
      onRemove: (id) => this.handlers.onRemoveAttachment(id),
      onOpen: (id) => this.handlers.onOpenAttachment(id),
      onDraftChange: () => {
        this.fitHeight();
        this.handlers.onDraftChange(this.input.value);
      },
    });
    const actions = document.createElement('div');
    actions.className = 'composer-actions';
    actions.append(this.attachments.button, this.newChatButton, this.sendButton);
    this.editBanner.className = 'edit-banner';
    this.editBanner.id = 'edit-banner';
    this.editBanner.hidden = true;
    this.editText.className = 'edit-banner-text';
    this.editText.id = 'edit-banner-text';
    this.cancelEditButton = createButton('', 'secondary', () => this.cancelEdit());
    this.cancelEditButton.id = 'cancel-edit';
    this.editBanner.append(this.editText, this.cancelEditButton);
    this.element.append(this.editBanner, this.attachments.area, this.attachments.picker.element, this.input, actions);

    this.input.addEventListener('compositionstart', () => (this.composing = true));
    this.input.addEventListener('compositionend', () => {
      this.composing = false;
      // What the IME committed is text like any other: a `#` in it may open the picker now.
      this.attachments.onInput();
    });
    this.input.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.input.addEventListener('input', (event) => {
      // Editing a recalled question makes it the draft.
      this.recall = undefined;
      if (!(event as InputEvent).isComposing && !this.composing) this.attachments.onInput();
      this.fitHeight();
      this.handlers.onDraftChange(this.input.value);
    });
    window.addEventListener('resize', () => this.fitHeight());
    this.takeFocusWithPanel();
  }

  /**
   * Focuses the input when the panel gets focus with nothing in it focused ("Focus on Chat View",
   * the activity bar, a view navigation key): typing would otherwise go nowhere, and Tab would
   * first walk through every control of the transcript. A pointer press that focuses the panel
   * is left alone: it focuses what it hits, and text can be selected.
   */
  private takeFocusWithPanel(): void {
    let pressing = false;
    window.addEventListener('pointerdown', () => {
      pressing = true;
      // The press's focus change happens in the same task as the press.
      setTimeout(() => (pressing = false));
    }, true);
    window.addEventListener('focus', (event) => {
      const active = document.activeElement;
      if (event.target === window && !pressing && (active === null || active === document.body)) this.focus();
    });
  }

  /** Applies the localized labels. */
  setStrings(strings: WebviewStrings): void {
    this.strings = strings;
    this.input.setAttribute('aria-label', strings.inputLabel);
    this.input.placeholder = strings.inputPlaceholder;
    this.newChatButton.textContent = strings.newChat;
    this.cancelEditButton.textContent = strings.cancelEdit;
    this.attachments.setStrings(strings);
    this.render();
    // The placeholder may wrap in a narrow view; an empty input is sized by it.
    requestAnimationFrame(() => this.fitHeight());
  }

  /** Shows the host's pending attachments as chips, with the characters they send of the total allowed. */
  setAttachments(chips: readonly AttachmentChip[], usedChars: number, maxChars: number): void {
    this.attachments.setChips(chips, usedChars, maxChars);
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
    // Pressing New chat empties the conversation, which hides the button: focus must not fall to the page.
    const hadFocus = !hasEntries && document.activeElement === this.newChatButton;
    this.newChatButton.hidden = !hasEntries;
    if (hadFocus) this.focus();
  }

  /** Replaces the input's text without reporting a draft change (startup restore). */
  setText(text: string): void {
    this.recall = undefined;
    this.input.value = text;
    this.fitHeight();
  }

  /** Puts back text whose send could not start: into an empty input, or on a new line after the draft. */
  restoreDraft(text: string): void {
    // A recalled question on show is not the draft: the text goes back next to the draft.
    const current = this.recall?.draft ?? this.input.value;
    this.recall = undefined;
    this.input.value = current === '' ? text : `${current}\n${text}`;
    this.fitHeight();
    this.handlers.onDraftChange(this.input.value);
    this.focus();
  }

  /**
   * Puts an earlier question into the input to be edited; `explanation` (shown above the input and
   * read with it) says what Send will do. The draft is set aside and comes back on cancel.
   */
  startEdit(entryId: string, text: string, explanation: string): void {
    const draft = this.editing?.draft ?? this.recall?.draft ?? this.input.value;
    this.recall = undefined;
    this.editing = { entryId, draft };
    this.editText.textContent = explanation;
    this.editBanner.hidden = false;
    this.input.setAttribute('aria-describedby', this.editText.id);
    this.input.value = text;
    this.fitHeight();
    this.focus();
  }

  /** Leaves editing, bringing the set-aside draft back. */
  cancelEdit(): void {
    const editing = this.endEdit();
    if (!editing) return;
    this.input.value = editing.draft;
    this.fitHeight();
    this.handlers.onDraftChange(this.input.value);
    this.focus();
  }

  /** Whether an earlier question is being edited. */
  get isEditing(): boolean {
    return this.editing !== undefined;
  }

  private endEdit(): { readonly entryId: string; readonly draft: string } | undefined {
    const editing = this.editing;
    this.editing = undefined;
    this.editBanner.hidden = true;
    this.input.removeAttribute('aria-describedby');
    return editing;
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
    if (this.attachments.handleKey(event)) {
      event.preventDefault();
      return;
    }
    if (event.key === 'Escape' && this.busy) {
      event.preventDefault();
      this.handlers.onStop();
      return;
    }
    if (event.key === 'Escape' && this.editing) {
      event.preventDefault();
      this.cancelEdit();
      return;
    }
    const plain = !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey;
    if ((event.key === 'ArrowUp' || event.key === 'ArrowDown') && plain && !this.editing) {
      if (this.step(event.key === 'ArrowUp' ? -1 : 1)) event.preventDefault();
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey) return;
    event.preventDefault();
    this.send();
  }

  /**
   * Up with the caret at the very start shows the previous question, Down with the caret at the
   * very end the next one, and past the newest the draft comes back as it was. The caret is put
   * where the next press in the same direction goes on.
   * @returns true when the key was used for recall.
   */
  private step(direction: -1 | 1): boolean {
    const { selectionStart, selectionEnd, value } = this.input;
    if (selectionStart !== selectionEnd || selectionStart !== (direction < 0 ? 0 : value.length)) return false;
    if (!this.recall) {
      if (direction > 0) return false;
      const items = this.handlers.history().filter((q, i, all) => q !== all[i - 1]);
      if (items.length === 0) return false;
      this.recall = { items, index: items.length, draft: value };
    }
    const recall = this.recall;
    const index = recall.index + direction;
    if (index < 0) return true;
    if (index >= recall.items.length) {
      this.recall = undefined;
      this.show(recall.draft, 'end');
      return true;
    }
    recall.index = index;
    this.show(recall.items[index], direction < 0 ? 'start' : 'end');
    return true;
  }

  /** Shows recalled text (or the draft again) without reporting a draft change. */
  private show(text: string, caret: 'start' | 'end'): void {
    this.input.value = text;
    const at = caret === 'start' ? 0 : text.length;
    this.input.setSelectionRange(at, at);
    this.fitHeight();
  }

  private send(): void {
    const text = this.input.value;
    if (this.busy || this.blocked || text.trim() === '' || text.length > MAX_SEND_CHARS) return;
    this.recall = undefined;
    const editing = this.endEdit();
    this.input.value = editing?.draft ?? '';
    this.fitHeight();
    this.handlers.onDraftChange(this.input.value);
    this.handlers.onSend(text, editing?.entryId);
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
