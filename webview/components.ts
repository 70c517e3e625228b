// The only module that knows which UI toolkit draws the panel's controls; swap the toolkit here.
import './cspNonce.js';
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeProgressRing } from '@vscode/webview-ui-toolkit';

/** How a button looks: the main call to action, a quieter one, or a borderless toolbar one. */
export type ButtonAppearance = 'primary' | 'secondary' | 'icon';

let registered = false;

/** Defines the custom elements the panel uses. Call once, before building any control. */
export function registerComponents(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeProgressRing());
}

/**
 * Creates a themed button whose visible text is its accessible name.
 * @param label visible text (and accessible name)
 * @param onClick runs on click, Enter and Space
 */
export function createButton(label: string, appearance: ButtonAppearance, onClick: () => void): HTMLElement {
  const button = document.createElement('vscode-button');
  button.setAttribute('appearance', appearance);
  button.textContent = label;
  button.addEventListener('click', () => {
    if (!button.hasAttribute('disabled')) onClick();
  });
  return button;
}

/**
 * Creates a small, quiet toolbar button (code block and reply actions): short visible text, with a
 * fuller accessible name that starts with or contains it, also shown as the tooltip.
 *
 * It is a plain `<button>` drawn like the toolkit's "icon" buttons (styles.css), not a toolkit
 * control: a long reply carries hundreds of these, and each toolkit button builds a shadow root
 * and adopts its stylesheets when it is inserted, which cost more than the rest of a streaming
 * frame. The toolkit stays for the panel's few main controls.
 * @param label visible text
 * @param name accessible name and tooltip
 * @param onClick runs on click, Enter and Space
 */
export function createToolbarButton(label: string, name: string, onClick: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'toolbar-button';
  button.textContent = label;
  button.setAttribute('aria-label', name);
  button.title = name;
  button.addEventListener('click', () => onClick());
  return button;
}

/** Changes a button made by {@link createButton}: its text (and accessible name) and its look. */
export function setButton(button: HTMLElement, label: string, appearance: ButtonAppearance): void {
  if (button.textContent !== label) button.textContent = label;
  if (button.getAttribute('appearance') !== appearance) button.setAttribute('appearance', appearance);
}

/** Enables or disables a button made by {@link createButton}. */
export function setButtonDisabled(button: HTMLElement, disabled: boolean): void {
  button.toggleAttribute('disabled', disabled);
}

/**
 * Creates a small spinning indicator. It is decorative: the toolkit's ring announces itself as an
 * assertive "Loading" alert on every insert, which would interrupt a screen reader on each reply,
 * so it is hidden from assistive technology and callers convey the state with text and aria-busy.
 */
export function createSpinner(): HTMLElement {
  const wrapper = document.createElement('span');
  wrapper.className = 'spinner';
  wrapper.setAttribute('aria-hidden', 'true');
  wrapper.append(document.createElement('vscode-progress-ring'));
  return wrapper;
}

/**
 * Creates the message input.
 *
 * This is a plain `<textarea>`, not the toolkit's `vscode-text-area`, on purpose: that component
 * keeps its real textarea inside a shadow root, so the accessible name given to the host element
 * does not reach the control screen readers focus, IME composition events and `isComposing` are
 * observed through a retargeted shadow boundary, and tests cannot address the field by id.
 * The plain element is styled with the same `--vscode-input-*` variables the toolkit uses.
 */
export function createTextInput(id: string, maxLength: number): HTMLTextAreaElement {
  const input = document.createElement('textarea');
  input.id = id;
  input.className = 'text-input';
  input.rows = 1;
  input.maxLength = maxLength;
  input.spellcheck = true;
  input.autocomplete = 'off';
  return input;
}
