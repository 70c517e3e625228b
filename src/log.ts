/** The "Pathors" log channel, with the API key and Authorization headers redacted from every line. */
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;
const secrets = new Set<string>();

/** Creates the channel once; disposed with the extension. */
export function createLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Pathors', { log: true });
  return channel;
}

/** Registers a value that must never reach the log (the current API key). */
export function addSecret(value: string | undefined): void {
  if (value) secrets.add(value);
}

/** Removes secrets and bearer tokens from a log line. */
export function redact(line: string): string {
  let out = line.replace(/(authorization["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',}]+/gi, '$1$2***');
  out = out.replace(/bearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer ***');
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

/** Logging helpers that always redact. */
export const log = {
  info: (msg: string) => channel?.info(redact(msg)),
  warn: (msg: string) => channel?.warn(redact(msg)),
  error: (msg: string) => channel?.error(redact(msg)),
  debug: (msg: string) => channel?.debug(redact(msg)),
};
