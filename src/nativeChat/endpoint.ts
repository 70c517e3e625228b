/** Where VS Code's chat sends a Pathors request: the sidebar's settings and key, or what is missing. */
import * as vscode from 'vscode';
import type { ApiKeys } from '../apiKeys';
import { endpointResolution, endpointUrl, readSettings } from '../config';
import { settingToFix } from '../core/endpoint';
import type { Endpoint } from '../core/ports';
import { endpointProblemText } from '../text';

/** The endpoint to use, or why there is none and which button fixes it. */
export type ChatEndpoint =
  | { readonly ok: true; readonly endpoint: Endpoint }
  | { readonly ok: false; readonly message: string; readonly fix: 'setApiKey' | 'openSettings'; readonly setting?: string };

/**
 * Resolves the endpoint from the settings and the stored key, without asking for anything: a chat
 * turn or a model request answers with what is missing instead of opening a prompt behind the
 * chat. The key is read in this one call, so a check on where it may be sent belongs here too.
 */
export async function chatEndpoint(keys: ApiKeys): Promise<ChatEndpoint> {
  const settings = readSettings();
  const resolution = endpointResolution(settings);
  if (!resolution.ok) {
    return { ok: false, message: endpointProblemText(resolution), fix: 'openSettings', setting: settingToFix(resolution) };
  }
  const apiKey = await keys.get();
  if (!apiKey) {
    return { ok: false, message: vscode.l10n.t('No Pathors API key is set. Set your API key, then send the message again.'), fix: 'setApiKey' };
  }
  return {
    ok: true,
    endpoint: {
      url: endpointUrl(settings),
      apiKey,
      requestTimeoutMs: settings.requestTimeoutSeconds * 1000,
      idleTimeoutMs: settings.idleTimeoutSeconds * 1000,
      sendWholeTranscript: settings.sendWholeTranscript,
    },
  };
}
