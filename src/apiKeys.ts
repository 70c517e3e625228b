/** The API key, kept only in SecretStorage. */
import * as vscode from 'vscode';
import { addSecret } from './log';

const SECRET_KEY = 'pathors.apiKey';

/** Reads, asks for, stores and deletes the API key. */
export class ApiKeys {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** The stored key, if any. */
  async get(): Promise<string | undefined> {
    const key = (await this.secrets.get(SECRET_KEY)) || undefined;
    addSecret(key);
    return key;
  }

  async has(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  async set(key: string): Promise<void> {
    addSecret(key);
    await this.secrets.store(SECRET_KEY, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
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
