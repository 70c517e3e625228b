/** Which links from a reply may be opened outside VS Code. */

const OPENABLE = new Set(['http:', 'https:', 'mailto:']);

/** True for well-formed http, https and mailto URLs; everything else (command:, file:, javascript:, …) is refused. */
export function isOpenableLink(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return false;
  }
  return OPENABLE.has(url.protocol);
}
