/** Reads the `pathors.*` settings. */
import * as vscode from 'vscode';
import type { ConfigProblem } from './protocol';
import { buildEndpointUrl } from './core/pathorsClient';
import { DEFAULT_MAX_REPLY_CHARS } from './core/chatSession';
import { resolveEndpoint, settingToFix, type EndpointResolution } from './core/endpoint';

export const DEFAULT_BASE_URL = 'https://app.pathors.com';
/** Connecting and getting the response headers: a live server answers in well under a second. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
/** Silence within a reply: generous, since an agent may think or run tools for a while between tokens. */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 120;

export interface Settings {
  readonly baseUrl: string;
  readonly projectId: string;
  /** A full chat-completions URL used as is; empty: built from baseUrl and projectId. */
  readonly endpointUrl: string;
  /** Seconds to wait for the server to start answering; 0 waits as long as it takes. */
  readonly requestTimeoutSeconds: number;
  /** Seconds a reply may receive nothing before it counts as stalled; 0 waits as long as it takes. */
  readonly idleTimeoutSeconds: number;
  /** Send every earlier turn with each question (servers without sessions) instead of `X-Session-ID`. */
  readonly sendWholeTranscript: boolean;
  /** The most characters one reply may have before it is stopped. */
  readonly maxReplyCharacters: number;
}

/** The current settings, trimmed. */
export function readSettings(): Settings {
  const cfg = vscode.workspace.getConfiguration('pathors');
  return {
    baseUrl: (cfg.get<string>('baseUrl') ?? '').trim() || DEFAULT_BASE_URL,
    projectId: (cfg.get<string>('projectId') ?? '').trim(),
    endpointUrl: (cfg.get<string>('endpointUrl') ?? '').trim(),
    requestTimeoutSeconds: seconds(cfg.get<unknown>('requestTimeoutSeconds'), DEFAULT_REQUEST_TIMEOUT_SECONDS),
    idleTimeoutSeconds: seconds(cfg.get<unknown>('idleTimeoutSeconds'), DEFAULT_IDLE_TIMEOUT_SECONDS),
    sendWholeTranscript: cfg.get<unknown>('sendWholeTranscript') === true,
    maxReplyCharacters: atLeast(cfg.get<unknown>('maxReplyCharacters'), 1000, DEFAULT_MAX_REPLY_CHARS),
  };
}

/** A whole number of at least `min`, else the default (a hand-edited setting may hold anything). */
function atLeast(value: unknown, min: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? Math.floor(value) : fallback;
}

/** A timeout setting: a number of seconds from 0 (no limit) up, else the default. */
function seconds(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** What blocks sending, if anything. */
export function configProblem(s: Settings = readSettings()): ConfigProblem | null {
  const r = resolveEndpoint(s);
  return r.ok ? null : r.problem;
}

/** Where requests go for the settings, or what stops them (see core/endpoint.ts). */
export function endpointResolution(s: Settings = readSettings()): EndpointResolution {
  return resolveEndpoint(s);
}

/** The chat-completions URL for the current settings (check {@link configProblem} first). */
export function endpointUrl(s: Settings = readSettings()): string {
  const r = resolveEndpoint(s);
  return r.ok ? r.url : buildEndpointUrl(s.baseUrl, s.projectId);
}

/** Opens the Settings editor at `setting`; by default the one to fix first (see {@link settingToFix}). */
export function openSettings(setting: string = settingToFix(resolveEndpoint(readSettings()))): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', setting);
}

/** Fires when any `pathors.*` setting changes. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('pathors')) listener();
  });
}
