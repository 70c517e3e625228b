/** The API key and the origin it is bound to, kept only in SecretStorage. */
import * as vscode from 'vscode';
import { addSecret } from './log';

const SECRET_KEY = 'pathors.apiKey';
/**
 * The origin the key was entered for (see core/keyOrigin.ts). Not secret, but kept in
 * SecretStorage next to the key because nothing a workspace carries can write there.
 */
const ORIGIN_KEY = 'pathors.apiKeyOrigin';

/** Reads, asks for, stores and deletes the API key and its origin. */
export class ApiKeys {
  /**
   * @param currentOrigin the origin requests go to under the current settings (undefined while
   * they name none); a key that is set is bound to it
   */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly currentOrigin: () => string | undefined,
  ) {}

  /** The stored key, if any. */
  async get(): Promise<string | undefined> {
    const key = (await this.secrets.get(SECRET_KEY)) || undefined;
    addSecret(key);
    return key;
  }

  async has(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  /** Stores the key, bound to the origin of the current settings (or to none, until its first use). */
  async set(key: string): Promise<void> {
    addSecret(key);
    await this.bind(this.currentOrigin());
    await this.secrets.store(SECRET_KEY, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    await this.secrets.delete(ORIGIN_KEY);
  }

  /** The origin the key is bound to, if one is recorded. */
  async origin(): Promise<string | undefined> {
    return (await this.secrets.get(ORIGIN_KEY)) || undefined;
  }

  /** Records the origin the key may be sent to (undefined: none yet). */
  async bind(origin: string | undefined): Promise<void> {
    if (origin) await this.secrets.store(ORIGIN_KEY, origin);
    else await this.secrets.delete(ORIGIN_KEY);
  }

  /** Asks for the key in a password box and stores it. Returns the key, or undefined if cancelled. */
  async prompt(): Promise<string | undefined> {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Pathors API Key'),
      prompt: vscode.l10n.t("Paste the API key from your Pathors project's integration settings. It is kept in VS Code's secret storage."),
      placeHolder: 'sk_…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('The API key cannot be empty.') : undefined),
    });
    if (value === undefined || value.trim() === '') return undefined;
    await this.set(value);
    return value.trim();
  }

  /** Fires when the key changes (here or in another window). */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) listener();
    });
  }
}
