// The attach picker: a listbox of the five kinds, opened by the attach button or by typing `#` at the start of a word.
import type { AttachmentKind, WebviewStrings } from '../src/protocol.js';
import { kindIcon } from './chips.js';
import { el } from './dom.js';

/** The kinds in the order offered. */
const KINDS: readonly AttachmentKind[] = ['file', 'selection', 'problems', 'gitChanges', 'terminal'];

function kindLabel(kind: AttachmentKind, s: WebviewStrings): string {
  switch (kind) {
    case 'file':
      return s.attachFile;
    case 'selection':
      return s.attachSelection;
    case 'problems':
      return s.attachProblems;
    case 'gitChanges':
      return s.attachGitChanges;
    case 'terminal':
      return s.attachTerminal;
  }
}

/** Lower case without accents and punctuation, so `#git` finds "Git Changes" and `#file` finds "File…". */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * A popup listbox. While it is open its owner forwards keys to {@link AttachPicker.handleKey}:
 * Up/Down move, Enter or Tab chooses, Escape closes. The focused control (the input, or the list
 * itself when opened from the button) points at the highlighted option with
 * `aria-activedescendant`, so screen readers follow it without focus leaving the input. (A
 * textarea may not be a combobox, so the input only controls the list; the attach button says
 * it pops the list up.)
 */
export class AttachPicker {
  readonly element = el('ul', 'attach-picker');
  private strings: WebviewStrings | undefined;
  private shown: AttachmentKind[] = [];
  private active = 0;
  /** The element that points at the highlighted option while open. */
  private owner: HTMLElement | undefined;

  /**
   * @param onChoose a kind was chosen (the list closes right after)
   * @param onClose the list closed, chosen or not
   */
  constructor(
    private readonly onChoose: (kind: AttachmentKind) => void,
    private readonly onClose: () => void = () => undefined,
  ) {
    this.element.id = 'attach-picker';
    this.element.setAttribute('role', 'listbox');
    this.element.hidden = true;
    // Choosing by pointer must not blur the input first.
    this.element.addEventListener('mousedown', (event) => event.preventDefault());
    this.element.addEventListener('click', (event) => {
      const option = (event.target as Element).closest<HTMLElement>('[role="option"]');
      const kind = option?.dataset.kind as AttachmentKind | undefined;
      if (kind) this.choose(kind);
    });
  }

  setStrings(strings: WebviewStrings): void {
    this.strings = strings;
    this.element.setAttribute('aria-label', strings.attach);
    if (!this.element.hidden) this.render();
  }

  /** The control the open list belongs to. */
  get ownerElement(): HTMLElement | undefined {
    return this.owner;
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  /**
   * Opens (or refilters) the list with the kinds whose name starts with `query`.
   * @param owner the control that keeps focus and announces the highlighted option
   * @returns false, and stays closed, when no kind matches
   */
  open(owner: HTMLElement, query = ''): boolean {
    const q = fold(query);
    const s = this.strings;
    const shown = KINDS.filter((k) => q === '' || fold(k).startsWith(q) || (s !== undefined && fold(kindLabel(k, s)).startsWith(q)));
    if (shown.length === 0) {
      this.close();
      return false;
    }
    const wasOpen = this.isOpen;
    this.shown = shown;
    if (!wasOpen || this.active >= shown.length) this.active = 0;
    if (this.owner && this.owner !== owner) {
      this.owner.removeAttribute('aria-activedescendant');
      this.owner.removeAttribute('aria-controls');
    }
    this.owner = owner;
    owner.setAttribute('aria-controls', this.element.id);
    this.element.hidden = false;
    this.render();
    return true;
  }

  close(): void {
    if (!this.isOpen) return;
    this.element.hidden = true;
    this.detach();
  }

  /**
   * Handles a key while open.
   * @returns true when the key was the picker's (the caller then prevents its default)
   */
  handleKey(event: KeyboardEvent): boolean {
    if (!this.isOpen || event.isComposing) return false;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.active = (this.active + step + this.shown.length) % this.shown.length;
        this.render();
        return true;
      }
      case 'Home':
      case 'End':
        this.active = event.key === 'Home' ? 0 : this.shown.length - 1;
        this.render();
        return true;
      case 'Enter':
      case 'Tab':
        if (event.shiftKey && event.key === 'Tab') return false;
        this.choose(this.shown[this.active]);
        return true;
      case 'Escape':
        this.close();
        return true;
      default:
        return false;
    }
  }

  private choose(kind: AttachmentKind): void {
    // The owner learns the choice while the list is still open, so it knows how it was opened.
    this.onChoose(kind);
    this.close();
  }

  private detach(): void {
    this.owner?.removeAttribute('aria-activedescendant');
    this.owner?.removeAttribute('aria-controls');
    this.owner = undefined;
    this.onClose();
  }

  private render(): void {
    const s = this.strings;
    this.element.replaceChildren(
      ...this.shown.map((kind, index) => {
        const option = el('li', 'attach-option');
        option.id = `attach-option-${kind}`;
        option.dataset.kind = kind;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', String(index === this.active));
        option.append(kindIcon(kind), el('span', 'attach-option-label', s ? kindLabel(kind, s) : kind));
        return option;
      }),
    );
    this.owner?.setAttribute('aria-activedescendant', `attach-option-${this.shown[this.active]}`);
  }
}
