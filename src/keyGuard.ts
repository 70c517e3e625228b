/** The one place that hands out the API key for a request: its origin binding, the modal for another origin, and the refusal of clear text. */
import * as vscode from 'vscode';
import type { ErrorAction } from './protocol';
import type { ApiKeys } from './apiKeys';
import { keyUse } from './core/keyOrigin';
import { log } from './log';

const t = vscode.l10n.t;

/** Why no key was handed out, with what to tell the user. */
export interface KeyRefusal {
  readonly ok: false;
  /** `noKey`: no key is stored and none was entered; the caller says nothing more. */
  readonly reason: 'noKey' | 'declined' | 'insecure' | 'invalid';
  /** The user-facing explanation (empty for `noKey`). */
  readonly message: string;
  /** Buttons that help, for an error shown in the chat. */
  readonly actions: ErrorAction[];
}

/** The key to send to a URL, or why it is not sent. */
export type KeyGrant = { readonly ok: true; readonly apiKey: string } | KeyRefusal;

/**
 * Gives the key only for a URL on the origin it is bound to. Another origin first asks in a
 * modal that names the host (agreeing binds the key to it); plain http to a host other than
 * this computer is refused. Every request that carries the key gets it from {@link keyFor}.
 */
export class KeyGuard {
  /** One modal per origin at a time: a second send while it is open waits for the same answer. */
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(private readonly keys: ApiKeys) {}

  /**
   * The key for a request to `url`. With `prompt`, a missing key is asked for first (and bound
   * to the origin of the current settings).
   */
  async keyFor(url: string, options: { readonly prompt: boolean }): Promise<KeyGrant> {
    // Checked before anything is asked, so a refused URL never costs the user a prompt.
    const early = keyUse(url, undefined);
    if (early.kind === 'insecure') return refusal('insecure', insecureText(early.host), ['openSettings']);
    if (early.kind === 'invalid') return refusal('invalid', t('{0} is not an http or https URL.', url), ['openSettings']);

    let apiKey = await this.keys.get();
    if (!apiKey && options.prompt) apiKey = await this.keys.prompt();
    if (!apiKey) return refusal('noKey', '', []);

    const use = keyUse(url, await this.keys.origin());
    switch (use.kind) {
      case 'send':
        return { ok: true, apiKey };
      case 'bind':
        log.info(`The API key is now bound to ${use.origin}`);
        await this.keys.bind(use.origin);
        return { ok: true, apiKey };
      case 'confirm': {
        if (!(await this.confirm(use.origin, use.host, use.boundHost))) {
          log.warn(`Did not send the API key to ${use.host}: it is bound to ${use.boundHost} and the user declined`);
          return refusal(
            'declined',
            t('Nothing was sent: the API key is kept for {0}, and you chose not to send it to {1}. Check the URL in your settings, or retry to be asked again.', use.boundHost, use.host),
            ['retry', 'openSettings'],
          );
        }
        log.info(`The API key is now bound to ${use.origin} (the user agreed)`);
        await this.keys.bind(use.origin);
        return { ok: true, apiKey };
      }
      case 'insecure':
      case 'invalid':
        // Handled above; kept so a new kind fails to compile here.
        return refusal('invalid', '', []);
    }
  }

  private confirm(origin: string, host: string, boundHost: string): Promise<boolean> {
    const open = this.asking.get(origin);
    if (open) return open;
    const send = t('Send to {0}', host);
    const answer = Promise.resolve(
      vscode.window.showWarningMessage(
        t('Send your Pathors API key to {0}?', host),
        {
          modal: true,
          detail: t(
            'The key was entered for {0}, but the URL in your settings now points at {1}. Nothing is sent there unless you agree. Agree only if you set that URL yourself and trust {1}; the key is then kept for {1} instead.',
            boundHost,
            host,
          ),
        },
        send,
      ),
    ).then((choice) => choice === send);
    this.asking.set(origin, answer);
    void answer.finally(() => this.asking.delete(origin));
    return answer;
  }
}

/** The message for plain http to a host that is not this computer. */
function insecureText(host: string): string {
  return t('Nothing was sent: {0} is a plain http URL, which would send the API key and your question unencrypted. Use an https URL (plain http is allowed only for this computer: localhost, 127.0.0.1, ::1).', host);
}

function refusal(reason: KeyRefusal['reason'], message: string, actions: ErrorAction[]): KeyRefusal {
  return { ok: false, reason, message, actions };
}
