/** The chat view's Content Security Policy, shared by the host and the browser tests of the panel. */

/**
 * Nothing may load but the bundle's own files (`source`, the webview's `cspSource`), and
 * scripts and style elements only with this render's nonce.
 */
export function webviewCsp(source: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${source} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${source}`,
    `img-src ${source}`,
  ].join('; ');
}
