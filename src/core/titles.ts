/** Conversation titles as the history list shows them. */

const TITLE_CHARS = 60;

/** A title from the first question: its first line, shortened to a list-friendly length. */
export function titleFrom(question: string): string {
  const line = question.trim().split('\n')[0].replace(/\s+/g, ' ');
  return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1)}…` : line;
}
