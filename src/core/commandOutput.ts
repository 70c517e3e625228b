/** What the agent reads after a command ran: the command, where, its exit code and the end of its output, cut with a note. */
import { keepTail, plainTerminalText } from './terminalText';

/** Most characters of output returned; the end is kept, where a summary or an error usually is. */
export const COMMAND_MAX_CHARS = 20_000;

/** The command's result as the agent reads it. */
export function commandResult(command: string, where: string, exitCode: number | undefined, output: string, cutBefore = false): string {
  const plain = plainTerminalText(output).trimEnd();
  const kept = keepTail(plain, COMMAND_MAX_CHARS);
  const cut = kept.length < plain.length || cutBefore ? `\n[Cut: the output was longer; only its last ${kept.length} characters are shown.]` : '';
  const code = exitCode === undefined ? 'The exit code is unknown (the shell did not report it).' : `Exit code: ${exitCode}.`;
  return `Ran \`${command}\` in ${where}. ${code}\nOutput:\n${kept || '(none)'}${cut}`;
}
