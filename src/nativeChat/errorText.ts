/** The sidebar's error wording for VS Code's chat, where nothing is sent again by itself. */
import * as vscode from 'vscode';
import type { PathorsError } from '../core/errors';
import type { ErrorAction } from '../protocol';
import { sessionText } from '../text';

/** The message and the fixes for a failed request; a rejected key asks the user to send again. */
export function nativeErrorText(err: PathorsError): { message: string; actions: ErrorAction[] } {
  if (err.kind === 'unauthorized') {
    return {
      message: vscode.l10n.t('The Pathors API key was rejected (HTTP {0}). Set a valid API key, then send the message again.', err.status ?? 401),
      actions: ['setApiKey'],
    };
  }
  return sessionText.error(err);
}
