// Shares the page's CSP nonce with the toolkit; must be imported before the toolkit is evaluated.

/**
 * FAST (under the toolkit) probes `:focus-visible` support with a temporary `<style>` element
 * while its modules load. Under the webview's CSP that element is blocked (a console error, and
 * buttons fall back to plain `:focus` rings) unless it carries the nonce, which FAST reads from
 * `<meta property="csp-nonce">`. Our own script's nonce is the page's nonce, so publish it there.
 * `document.currentScript` is only set while this bundle first runs, hence a module of its own.
 * Publishing the nonce gives nothing to markup injected into replies: it is sanitized, cannot carry
 * styles or scripts, and could only read the nonce through CSS the same policy already blocks.
 */
function publishNonce(): void {
  if (document.querySelector('meta[property="csp-nonce"]')) return;
  const nonce = document.currentScript instanceof HTMLScriptElement ? document.currentScript.nonce : '';
  if (!nonce) return;
  const meta = document.createElement('meta');
  meta.setAttribute('property', 'csp-nonce');
  meta.setAttribute('content', nonce);
  document.head.append(meta);
}

publishNonce();
