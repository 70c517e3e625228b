/** Which code blocks are shell commands, and the text "Run in Terminal" types for them (never an Enter). */

/** Fence languages whose blocks get "Run in Terminal" instead of "Apply". */
export const SHELL_LANGUAGES: readonly string[] = ['sh', 'bash', 'zsh', 'shell', 'console', 'powershell', 'ps1', 'bat', 'cmd'];

/** True for a block written in one of {@link SHELL_LANGUAGES} (any case). */
export function isShellLanguage(language: string): boolean {
  return SHELL_LANGUAGES.includes(language.toLowerCase());
}

/**
 * Shells (as VS Code detects them, `Terminal.state.shell`) whose line editor turns bracketed
 * paste on by default, so several lines arrive as one paste and none of them runs.
 */
const BRACKETED_PASTE_SHELLS: ReadonlySet<string> = new Set(['bash', 'gitbash', 'zsh', 'fish']);

/** What to type into the terminal, or why nothing may be typed. */
export type TerminalInput =
  | { readonly ok: true; readonly text: string }
  /**
   * `control`: the block holds control characters (a terminal would act on them, e.g. run a line);
   * `multiLine`: several lines for a shell that would run each line as it arrives; `empty`: nothing to type.
   */
  | { readonly ok: false; readonly reason: 'control' | 'multiLine' | 'empty' };

/** Prompts that mark a command in a transcript-style block (`$ npm test` followed by its output). */
const PROMPT = /^\s*\$ /;

/**
 * The commands of a block: when some lines start with a `$ ` prompt (a session pasted with its
 * output), only those lines without the prompt; otherwise the whole block.
 */
export function blockCommands(code: string): string {
  const lines = code.split('\n');
  if (!lines.some((l) => PROMPT.test(l))) return code;
  return lines.filter((l) => PROMPT.test(l)).map((l) => l.replace(PROMPT, '')).join('\n');
}

/**
 * The text to send to a terminal running `shell` (undefined: not known) for a shell block, so
 * that nothing runs until the user presses Enter. Trailing line breaks are dropped (each would be
 * an Enter); control characters are refused rather than removed, since a reply could use them to
 * run a line or leave the paste; several lines are sent as one bracketed paste to a shell known
 * to honour it, and refused otherwise.
 */
export function terminalInput(code: string, shell: string | undefined): TerminalInput {
  const text = blockCommands(code.replace(/\r\n?/g, '\n')).replace(/^\s*\n/, '').replace(/\s+$/, '');
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  // C0 controls but tab and line feed, DEL, and C1 controls (0x9b is an 8-bit CSI).
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text)) return { ok: false, reason: 'control' };
  if (!text.includes('\n')) return { ok: true, text };
  if (shell === undefined || !BRACKETED_PASTE_SHELLS.has(shell)) return { ok: false, reason: 'multiLine' };
  return { ok: true, text: `\u001b[200~${text}\u001b[201~` };
}
