/** Which session ids from a server are kept and sent back: printable ASCII, at most 256 characters. */

/** The longest session id kept. */
export const MAX_SESSION_ID_CHARS = 256;

/**
 * True for an id that is safe to store, send back in a header and export: 1 to 256 printable
 * ASCII characters. Anything else (control characters, non-ASCII, megabytes) is a broken or
 * hostile server, and the conversation goes on without a session id.
 */
export function isValidSessionId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_SESSION_ID_CHARS && /^[\x20-\x7e]+$/.test(id);
}

/** A rejected id as a log line may show it: escaped, and cut short when long. */
export function escapeSessionId(id: string): string {
  const head = id.length > 80 ? id.slice(0, 80) : id;
  const escaped = head.replace(/[^\x20-\x7e]|\\|"/g, (c) => (c === '\\' || c === '"' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return `"${escaped}"${id.length > 80 ? `… (${id.length} characters)` : ''}`;
}
