// The configuration banner above the transcript.
import type { ConfigProblem, WebviewStrings } from '../src/protocol.js';
import { createButton } from './components.js';
import { el } from './dom.js';

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
