/**
 * Collects a terminal's last command and its output through shell integration, else the
 * terminal's selection. Shell integration came after the oldest VS Code this extension runs on
 * (1.90), so its API is typed here and looked up at run time.
 */
import * as vscode from 'vscode';
import type { TerminalAttachment } from '../core/attachments';
import { keepTail, plainTerminalText } from '../core/terminalText';

/** Output kept per command; older output is dropped from the start, where it matters least. */
export const MAX_TERMINAL_CHARS = 100_000;

/** The parts of VS Code 1.93's shell-integration API used here. */
interface ShellExecution {
  readonly commandLine: { readonly value: string };
  read(): AsyncIterable<string>;
}
interface ShellExecutionEvent {
  readonly terminal: vscode.Terminal;
  readonly execution: ShellExecution;
}
interface ShellIntegrationWindow {
  readonly onDidStartTerminalShellExecution?: vscode.Event<ShellExecutionEvent>;
  readonly onDidEndTerminalShellExecution?: vscode.Event<ShellExecutionEvent>;
}

interface Recorded {
  readonly command: string;
  output: string;
  /** Resolves once the output stream has ended. */
  done: Promise<void>;
}

/** Why no terminal output was attached. */
export type TerminalProblem = 'noTerminal' | 'nothingToAttach' | 'outputNotRead';

/**
 * Remembers each terminal's last finished command and its output. The output stream only
 * holds data written after it is first read, so reading starts when a command starts.
 */
export class TerminalOutputs implements vscode.Disposable {
  private readonly running = new WeakMap<ShellExecution, Recorded>();
  private readonly last = new WeakMap<vscode.Terminal, Recorded>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    const shell = vscode.window as unknown as ShellIntegrationWindow;
    if (shell.onDidStartTerminalShellExecution) {
      this.disposables.push(shell.onDidStartTerminalShellExecution((e) => this.record(e.execution)));
    }
    if (shell.onDidEndTerminalShellExecution) {
      this.disposables.push(
        shell.onDidEndTerminalShellExecution((e) => {
          const recorded = this.running.get(e.execution);
          if (recorded) this.last.set(e.terminal, recorded);
        }),
      );
    }
  }

  private record(execution: ShellExecution): void {
    const recorded: Recorded = { command: execution.commandLine.value, output: '', done: Promise.resolve() };
    recorded.done = (async () => {
      try {
        for await (const data of execution.read()) recorded.output = keepTail(recorded.output + data, MAX_TERMINAL_CHARS * 2);
      } catch {
        // A terminal closed mid-command ends its stream with an error; what was read is kept.
      }
    })();
    this.running.set(execution, recorded);
  }

  /**
   * The active terminal's last command and output, or else its selection. Selection needs VS
   * Code 1.93 too; on older versions only shell-integration output is available.
   */
  async collect(terminal = vscode.window.activeTerminal): Promise<{ ok: true; attachment: TerminalAttachment } | { ok: false; problem: TerminalProblem }> {
    if (!terminal) return { ok: false, problem: 'noTerminal' };
    const recorded = this.last.get(terminal);
    if (recorded) {
      // The end event can arrive before the last chunk has been read.
      await Promise.race([recorded.done, new Promise((resolve) => setTimeout(resolve, 500))]);
      const output = keepTail(plainTerminalText(recorded.output), MAX_TERMINAL_CHARS);
      if (output.trim()) return { ok: true, attachment: { kind: 'terminal', terminalName: terminal.name, command: recorded.command, output } };
    }
    const selection = (terminal as { selection?: string }).selection;
    if (selection?.trim()) {
      return { ok: true, attachment: { kind: 'terminal', terminalName: terminal.name, output: plainTerminalText(selection) } };
    }
    // A command that finishes at once can end before its output stream is opened, so the
    // stream is empty; saying so beats sending a command with no output.
    return { ok: false, problem: recorded ? 'outputNotRead' : 'nothingToAttach' };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
