/** Where VS Code's chat sends a Pathors request: the sidebar's settings and key, or what is missing. */
import * as vscode from 'vscode';
import { endpointResolution, endpointUrl, readSettings } from '../config';
import { settingToFix } from '../core/endpoint';
import type { Endpoint } from '../core/ports';
import type { KeyGuard } from '../keyGuard';
import { endpointProblemText } from '../text';

/** The endpoint to use, or why there is none and which button fixes it. */
export type ChatEndpoint =
  | { readonly ok: true; readonly endpoint: Endpoint }
  | { readonly ok: false; readonly message: string; readonly fix: 'setApiKey' | 'openSettings'; readonly setting?: string };

/**
 * Resolves the endpoint from the settings and the stored key, without asking for anything: a chat
 * turn or a model request answers with what is missing instead of opening a prompt behind the
 * chat. The key comes from the same guard as the sidebar's: bound to its origin (another host is
 * asked about in a modal first), never over plain http off this computer.
 */
export async function chatEndpoint(guard: KeyGuard): Promise<ChatEndpoint> {
  const settings = readSettings();
  const resolution = endpointResolution(settings);
  if (!resolution.ok) {
    return { ok: false, message: endpointProblemText(resolution), fix: 'openSettings', setting: settingToFix(resolution) };
  }
  const url = endpointUrl(settings);
  const grant = await guard.keyFor(url, { prompt: false });
  if (!grant.ok) {
    if (grant.reason === 'noKey') {
      return { ok: false, message: vscode.l10n.t('No Pathors API key is set. Set your API key, then send the message again.'), fix: 'setApiKey' };
    }
    return { ok: false, message: grant.message, fix: 'openSettings', setting: settingToFix(resolution) };
  }
  return {
    ok: true,
    endpoint: {
      url,
      apiKey: grant.apiKey,
      requestTimeoutMs: settings.requestTimeoutSeconds * 1000,
      idleTimeoutMs: settings.idleTimeoutSeconds * 1000,
      sendWholeTranscript: settings.sendWholeTranscript,
    },
  };
}
