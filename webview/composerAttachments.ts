// The composer's attachments: the chips above the input, the running total, the attach button and the `#` picker.
import type { AttachmentChip, AttachmentKind, WebviewStrings } from '../src/protocol.js';
import { runningTotalText } from '../src/core/attachmentBudget.js';
import { AttachPicker } from './attachPicker.js';
import { icon, PLUS, renderChipList } from './chips.js';
import { createToolbarButton } from './components.js';
import { el } from './dom.js';
import { EMPTY_STRINGS } from './strings.js';

/** What the attachments part of the composer reports. */
export interface AttachmentHandlers {
  /** A kind was chosen in the picker. */
  onAttach(kind: AttachmentKind): void;
  onRemove(id: string): void;
  onOpen(id: string): void;
  /** The `#` typed to open the picker was taken out of the input. */
  onDraftChange(): void;
}

/** A `#` at the start of a word, and what was typed after it up to the caret. */
const HASH_WORD = /(?:^|\s)#([^\s#]*)$/;

/**
 * Chips, total, attach button and picker, around the composer's input. The input keeps focus
 * while `#` is being typed; from the button, focus moves into the list and comes back after.
 */
export class ComposerAttachments {
  /** The chips and the total, above the input. */
  readonly area = el('div', 'composer-attachments');
  readonly button: HTMLButtonElement;
  readonly picker: AttachPicker;
  private readonly chipsHolder = el('div', 'composer-chips');
  private readonly total = el('p', 'attach-total');
  private strings: WebviewStrings = EMPTY_STRINGS;
  private chips: readonly AttachmentChip[] = [];
  private used = 0;
  private max = 0;
  /** Where the `#` that opened the picker is in the input, while it is open from typing. */
  private hashAt: number | undefined;
  /** A `#` whose picker was dismissed with Escape: typing on after it does not reopen it. */
  private dismissedAt: number | undefined;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly handlers: AttachmentHandlers,
  ) {
    this.area.hidden = true;
    this.total.id = 'attach-total';
    // Adding or removing a chip is announced through its new total.
    this.total.setAttribute('role', 'status');
    this.area.append(this.chipsHolder, this.total);
    this.picker = new AttachPicker((kind) => this.chosen(kind), () => this.closed());
    this.picker.element.tabIndex = -1;
    this.picker.element.addEventListener('keydown', (event) => {
      if (this.picker.handleKey(event)) event.preventDefault();
      if (event.key === 'Escape') this.button.focus();
    });
    this.picker.element.addEventListener('focusout', () => {
      if (this.picker.ownerElement === this.picker.element) this.picker.close();
    });
    this.button = createToolbarButton('', '', () => this.openFromButton());
    this.button.append(icon(PLUS));
    this.button.id = 'attach';
    this.button.classList.add('attach-button');
    this.button.setAttribute('aria-haspopup', 'listbox');
    this.button.setAttribute('aria-expanded', 'false');
    input.addEventListener('blur', () => {
      if (this.hashAt !== undefined) this.picker.close();
    });
  }

  setStrings(strings: WebviewStrings): void {
    this.strings = strings;
    this.button.setAttribute('aria-label', strings.attach);
    this.button.title = strings.attach;
    this.picker.setStrings(strings);
    this.render();
  }

  /** Shows the host's pending chips and the characters they send. */
  setChips(chips: readonly AttachmentChip[], usedChars: number, maxChars: number): void {
    // Removing a chip with the keyboard must not drop focus to the page.
    const focused = document.activeElement instanceof HTMLElement && this.chipsHolder.contains(document.activeElement) ? document.activeElement : undefined;
    const part = focused?.classList.contains('chip-remove') ? '.chip-remove' : '.chip-open';
    const index = focused ? [...this.chipsHolder.querySelectorAll(part)].indexOf(focused) : -1;
    this.chips = chips;
    this.used = usedChars;
    this.max = maxChars;
    this.render();
    if (index >= 0) {
      const same = this.chipsHolder.querySelectorAll<HTMLElement>(part);
      (same[Math.min(index, same.length - 1)] ?? this.input).focus();
    }
  }

  /**
   * A key pressed in the input while the `#` picker is open.
   * @returns true when the picker used it
   */
  handleKey(event: KeyboardEvent): boolean {
    if (this.hashAt === undefined || !this.picker.isOpen) return false;
    if (event.key === 'Escape') this.dismissedAt = this.hashAt;
    return this.picker.handleKey(event);
  }

  /** The input's text changed (never during IME composition): opens, filters or closes the `#` picker. */
  onInput(): void {
    const caret = this.input.selectionStart;
    const match = caret === this.input.selectionEnd ? HASH_WORD.exec(this.input.value.slice(0, caret)) : null;
    const at = match ? caret - match[1].length - 1 : undefined;
    if (at === undefined || at !== this.dismissedAt) this.dismissedAt = undefined;
    if (at === undefined || at === this.dismissedAt) {
      if (this.hashAt !== undefined) this.picker.close();
      return;
    }
    this.hashAt = at;
    if (!this.picker.open(this.input, match![1])) this.hashAt = undefined;
  }

  private openFromButton(): void {
    this.hashAt = undefined;
    this.picker.open(this.picker.element);
    this.button.setAttribute('aria-expanded', 'true');
    this.picker.element.focus();
  }

  private chosen(kind: AttachmentKind): void {
    const at = this.hashAt;
    if (at !== undefined) {
      // The `#` and what was typed after it were only there to pick; they leave the question.
      const end = this.input.selectionStart;
      this.input.value = this.input.value.slice(0, at) + this.input.value.slice(end);
      this.input.setSelectionRange(at, at);
      this.handlers.onDraftChange();
    }
    this.input.focus();
    this.handlers.onAttach(kind);
  }

  private closed(): void {
    this.hashAt = undefined;
    this.button.setAttribute('aria-expanded', 'false');
  }

  private render(): void {
    const s = this.strings;
    this.area.hidden = this.chips.length === 0;
    this.chipsHolder.replaceChildren(
      renderChipList(this.chips, s, { onOpen: (chip) => this.handlers.onOpen(chip.id), onRemove: (chip) => this.handlers.onRemove(chip.id) }),
    );
    this.total.textContent = this.chips.length ? runningTotalText(this.used, { perAttachment: this.max, total: this.max }, s.attachTotal) : '';
  }
}
