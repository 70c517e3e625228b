/** "Run in Terminal" on a reply's shell block: types the command into a terminal without pressing Enter. */
import * as vscode from 'vscode';
import { terminalInput } from '../core/shellBlocks';

/** Name of the terminal opened when none is active. */
const TERMINAL_NAME = 'Pathors';

/** How long a new terminal's shell is given to start before the command is typed anyway. */
const SHELL_START_MS = 3_000;

/**
 * Resolves once the terminal's shell integration is active (its prompt is up and its shell
 * known), or after `ms`. Text typed before the shell reads it is echoed twice (once by the
 * terminal, again by the shell's line editor), and the shell decides how several lines are sent.
 */
function shellStarted(terminal: vscode.Terminal, ms = SHELL_START_MS): Promise<void> {
  if (terminal.shellIntegration) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const subscription = vscode.window.onDidChangeTerminalShellIntegration((e) => {
      if (e.terminal === terminal) done();
    });
  });
}

/** Tells the user why nothing was typed; for several lines, offers to copy them instead. */
function refuse(reason: 'control' | 'multiLine' | 'empty', code: string): void {
  const copy = vscode.l10n.t('Copy');
  const message =
    reason === 'multiLine'
      ? vscode.l10n.t('This block has several lines, and this terminal\'s shell would run each line as it arrives. Copy it and paste it into the terminal instead.')
      : reason === 'control'
        ? vscode.l10n.t('This block holds control characters, which a terminal could act on. It was not put in the terminal.')
        : vscode.l10n.t('This block has no command to put in the terminal.');
  // Not awaited: the message may stay open long after this button press is handled.
  void vscode.window
    .showWarningMessage(message, ...(reason === 'multiLine' ? [copy] : []))
    .then((choice) => (choice === copy ? vscode.env.clipboard.writeText(code) : undefined));
}

/**
 * Puts `code` into the active terminal (or a new one, once its shell has started) and shows it
 * with the focus in it: the user reads the command and runs it with Enter. Nothing is sent when
 * it could run by itself (see terminalInput); the user is told why and may copy it instead.
 */
export async function runInTerminal(code: string): Promise<void> {
  // What no shell may be sent is refused before a terminal is opened for it.
  const anyShell = terminalInput(code, 'bash');
  if (!anyShell.ok) return refuse(anyShell.reason, code);
  let terminal = vscode.window.activeTerminal;
  if (!terminal) {
    terminal = vscode.window.createTerminal({ name: TERMINAL_NAME });
    terminal.show(false);
    await shellStarted(terminal);
  }
  const input = terminalInput(code, terminal.state.shell);
  if (!input.ok) return refuse(input.reason, code);
  terminal.show(false);
  // false: no Enter. The user runs the command, or changes it first.
  terminal.sendText(input.text, false);
}
