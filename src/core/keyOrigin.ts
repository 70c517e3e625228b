/** Decides whether the API key may be sent to a URL: only to the origin it was entered for, and never in clear text over a network. */

/**
 * What to do before a request that carries the API key.
 * - `send`: the URL is on the origin the key is bound to.
 * - `bind`: no origin is recorded yet (a key stored by 0.1.0, or set while no URL was
 *   configured): send, and record this origin. The URL settings can only come from user
 *   settings, so the first origin the key is used with is one the user chose.
 * - `confirm`: another origin; ask the user in a modal that names `host` before sending.
 * - `insecure`: plain `http:` to a host that is not this computer; refuse.
 * - `invalid`: not an http(s) URL at all; refuse (the settings check reports why).
 */
export type KeyUse =
  | { readonly kind: 'send'; readonly origin: string }
  | { readonly kind: 'bind'; readonly origin: string }
  | { readonly kind: 'confirm'; readonly origin: string; readonly host: string; readonly boundHost: string }
  | { readonly kind: 'insecure'; readonly host: string }
  | { readonly kind: 'invalid' };

/** The origin (`scheme://host[:port]`) of an http(s) URL, or undefined. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The host (and port) of a URL or origin, for messages; the input itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/**
 * True for names of this computer: `localhost` (and `*.localhost`, which resolvers must keep
 * local), 127.0.0.0/8 and ::1. `hostname` is as the URL parser gives it (IPv6 in brackets).
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '[::1]' || h === '::1') return true;
  // The URL parser has already turned 127.1, 0x7f.1 and friends into dotted decimal.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * What to do before sending the key to `url`, given the origin the key is bound to
 * (`undefined` when none is recorded).
 */
export function keyUse(url: string, boundOrigin: string | undefined): KeyUse {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { kind: 'invalid' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { kind: 'invalid' };
  // Checked before the binding: an agreed origin must still not get the key in clear text.
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) return { kind: 'insecure', host: u.host };
  const origin = u.origin;
  if (boundOrigin === undefined || boundOrigin === '') return { kind: 'bind', origin };
  if (origin === boundOrigin) return { kind: 'send', origin };
  return { kind: 'confirm', origin, host: u.host, boundHost: hostOf(boundOrigin) };
}
