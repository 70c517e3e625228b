/** "Run in Terminal" on a reply's shell block: types the command into a terminal without pressing Enter. */
import * as vscode from 'vscode';
import { terminalInput } from '../core/shellBlocks';

/** Name of the terminal opened when none is active. */
const TERMINAL_NAME = 'Pathors';

/**
 * Puts `code` into the active terminal (or a new one) and shows it with the focus in it: the
 * user reads the command and runs it with Enter. Nothing is sent when it could run by itself
 * (see terminalInput); the user is told why and may copy the command instead.
 */
export function runInTerminal(code: string): void {
  const active = vscode.window.activeTerminal;
  const input = terminalInput(code, active?.state.shell);
  if (!input.ok) {
    const copy = vscode.l10n.t('Copy');
    const message =
      input.reason === 'multiLine'
        ? vscode.l10n.t('This block has several lines, and this terminal\'s shell would run each line as it arrives. Copy it and paste it into the terminal instead.')
        : input.reason === 'control'
          ? vscode.l10n.t('This block holds control characters, which a terminal could act on. It was not put in the terminal.')
          : vscode.l10n.t('This block has no command to put in the terminal.');
    // Not awaited: the message may stay open long after this button press is handled.
    void vscode.window
      .showWarningMessage(message, ...(input.reason === 'multiLine' ? [copy] : []))
      .then((choice) => (choice === copy ? vscode.env.clipboard.writeText(code) : undefined));
    return;
  }
  const terminal = active ?? vscode.window.createTerminal({ name: TERMINAL_NAME });
  terminal.show(false);
  // false: no Enter. The user runs the command, or changes it first.
  terminal.sendText(input.text, false);
}
