/** The "Pathors" log channel, with the API key and Authorization headers redacted from every line. */
import * as vscode from 'vscode';
import { SecretRedactor } from './core/redact';

let channel: vscode.LogOutputChannel | undefined;
const redactor = new SecretRedactor();

/** Creates the channel once; disposed with the extension. */
export function createLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Pathors', { log: true });
  return channel;
}

/** Shows the channel (Pathors: Show Log). */
export function showLog(): void {
  createLog().show(true);
}

/** Registers a value that must never reach the log (the current API key). */
export function addSecret(value: string | undefined): void {
  redactor.add(value);
}

/** Logging helpers that always redact. */
export const log = {
  info: (msg: string) => channel?.info(redactor.redact(msg)),
  warn: (msg: string) => channel?.warn(redactor.redact(msg)),
  error: (msg: string) => channel?.error(redactor.redact(msg)),
  debug: (msg: string) => channel?.debug(redactor.redact(msg)),
};
