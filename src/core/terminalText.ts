/** Turns raw terminal output into the plain text sent as context: no escape sequences, `\n` line breaks, the tail kept. */

/** Terminal escape sequences: OSC (titles, shell-integration marks) and CSI (colours, cursor moves), then other two-byte escapes. */
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g;

/**
 * Plain text from raw terminal data: escape sequences removed, CRLF and lone CR (progress
 * lines redrawn in place) turned into `\n`, other control characters except tab dropped.
 */
export function plainTerminalText(raw: string): string {
  return (
    raw
      .replace(ESCAPES, '')
      .replace(/\r+\n/g, '\n')
      .replace(/\r/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/** The last `max` characters of `text`, starting at a line when one starts in that window, so a long log keeps its end (the summary, the error). */
export function keepTail(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = text.slice(text.length - max);
  const line = tail.indexOf('\n');
  return line >= 0 && line < tail.length - 1 ? tail.slice(line + 1) : tail;
}
