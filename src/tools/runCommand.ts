/** The `run_command` tool: runs a command the user approved in a VS Code terminal with shell integration, and returns its exit code and output. */
import * as vscode from 'vscode';
import { COMMAND_MAX_CHARS } from '../core/commandOutput';
import type { Tool } from '../core/toolLoop';
import { commandResult } from '../core/commandOutput';
import { resolveToolPath, stringArg } from './toolContext';
import { ToolError } from './workspacePath';

/** How long a command may run before it is interrupted; long enough for a test suite. */
export const COMMAND_TIMEOUT_MS = 10 * 60_000;
/** How long a new terminal's shell has to report its shell integration; a busy machine starts shells slowly. */
const SHELL_INTEGRATION_WAIT_MS = 30_000;
const TERMINAL_NAME = 'Pathors';

/** The terminal of each folder commands ran in, reused while it is open and idle (its shell is started already). */
const terminals = new Map<string, { readonly terminal: vscode.Terminal; busy: boolean }>();

/** An idle open terminal for `cwd`, or a new one. */
function terminalFor(cwd: vscode.Uri): { readonly terminal: vscode.Terminal; busy: boolean } {
  const known = terminals.get(cwd.fsPath);
  if (known && !known.busy && known.terminal.exitStatus === undefined && vscode.window.terminals.includes(known.terminal)) return known;
  const made = { terminal: vscode.window.createTerminal({ name: TERMINAL_NAME, cwd, isTransient: true }), busy: false };
  terminals.set(cwd.fsPath, made);
  return made;
}

/** Waits until `terminal` has shell integration, or gives up after `ms`. */
function shellIntegration(terminal: vscode.Terminal, ms: number, signal: AbortSignal): Promise<vscode.TerminalShellIntegration | undefined> {
  if (terminal.shellIntegration) return Promise.resolve(terminal.shellIntegration);
  return new Promise((resolve) => {
    const done = (value: vscode.TerminalShellIntegration | undefined) => {
      clearTimeout(timer);
      sub.dispose();
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => done(undefined);
    const timer = setTimeout(() => done(undefined), ms);
    const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
      if (e.terminal === terminal) done(e.shellIntegration);
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The `run_command` tool. Never read-only: every call goes through the approval card. */
export const runCommandTool: Tool = {
  readOnly: false,
  timeoutMs: COMMAND_TIMEOUT_MS,
  definition: {
    type: 'function',
    function: {
      name: 'run_command',
      description:
        'Runs a shell command in a VS Code terminal after the user approves it (they may edit it first), and returns its exit code and output (the last 20,000 characters). Use it to run tests, builds or linters.',
      parameters: {
        type: 'object',
        properties: {
          command: { type: 'string', description: 'The command line to run.' },
          cwd: { type: 'string', description: 'Workspace-relative folder to run it in; default: the workspace folder.' },
        },
        required: ['command'],
      },
    },
  },
  async invoke(args, signal) {
    const command = stringArg(args, 'command')?.trim();
    if (!command) throw new ToolError('"command" must be a non-empty string.');
    const cwd = await resolveToolPath(stringArg(args, 'cwd')?.trim() || '.');
    const stat = await vscode.workspace.fs.stat(cwd.uri).then((s) => s, () => undefined);
    if (!stat || !(stat.type & vscode.FileType.Directory)) throw new ToolError(`${cwd.display || '.'} is not a folder of the workspace.`);
    const where = cwd.relative === '' ? `the workspace folder "${cwd.folder.name}"` : cwd.display;

    const slot = terminalFor(cwd.uri);
    const { terminal } = slot;
    terminal.show(true);
    const integration = await shellIntegration(terminal, SHELL_INTEGRATION_WAIT_MS, signal);
    if (signal.aborted) {
      terminal.dispose();
      throw new ToolError('Stopped before the command ran.');
    }
    if (!integration) {
      terminal.dispose();
      throw new ToolError('The terminal has no shell integration, so the output could not be read; the command was not run.');
    }
    slot.busy = true;
    const execution = integration.executeCommand(command);
    const ended = new Promise<number | undefined>((resolve) => {
      const sub = vscode.window.onDidEndTerminalShellExecution((e) => {
        if (e.execution !== execution) return;
        sub.dispose();
        resolve(e.exitCode);
      });
    });
    // Stop or the time limit: the command is interrupted as a user would, with Ctrl+C.
    const interrupt = () => terminal.sendText('\u0003', false);
    signal.addEventListener('abort', interrupt, { once: true });
    try {
      let output = '';
      let cutBefore = false;
      for await (const data of execution.read()) {
        output += data;
        // Only the end is returned; holding far more than that would only cost memory.
        if (output.length > COMMAND_MAX_CHARS * 4) {
          output = output.slice(-COMMAND_MAX_CHARS * 2);
          cutBefore = true;
        }
      }
      const exitCode = await ended;
      slot.busy = false;
      return commandResult(command, where, exitCode, output, cutBefore);
    } finally {
      signal.removeEventListener('abort', interrupt);
    }
  },
};
