/** The one place a VS Code CancellationToken becomes the AbortSignal the core client takes. */
import type * as vscode from 'vscode';

/** An AbortSignal that aborts as soon as `token` is cancelled; dispose it when the request ends. */
export function abortSignalFor(token: vscode.CancellationToken): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const listener = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => listener.dispose() };
}
