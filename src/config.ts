/** Reads the `pathors.*` settings. */
import * as vscode from 'vscode';
import type { ConfigProblem } from './protocol';
import { buildEndpointUrl } from './core/pathorsClient';

export const DEFAULT_BASE_URL = 'https://app.pathors.com';

export interface Settings {
  readonly baseUrl: string;
  readonly projectId: string;
}

/** The current settings, trimmed. */
export function readSettings(): Settings {
  const cfg = vscode.workspace.getConfiguration('pathors');
  return {
    baseUrl: (cfg.get<string>('baseUrl') ?? '').trim() || DEFAULT_BASE_URL,
    projectId: (cfg.get<string>('projectId') ?? '').trim(),
  };
}

/** What blocks sending, if anything. */
export function configProblem(s: Settings = readSettings()): ConfigProblem | null {
  return s.projectId ? null : 'noProject';
}

/** The chat-completions URL for the current settings. */
export function endpointUrl(s: Settings = readSettings()): string {
  return buildEndpointUrl(s.baseUrl, s.projectId);
}

/** Opens the Settings editor at our settings. */
export function openSettings(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', 'pathors.projectId');
}

/** Fires when any `pathors.*` setting changes. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('pathors')) listener();
  });
}
