/** Which URL chat requests go to: a full endpoint URL when one is set, else the Pathors URL built from base URL and project. */
import { buildEndpointUrl } from './pathorsClient';

/** The settings that decide the URL. */
export interface EndpointSettings {
  readonly baseUrl: string;
  readonly projectId: string;
  /** A full chat-completions URL; empty for "build it from baseUrl and projectId". */
  readonly endpointUrl: string;
}

/** Why a URL cannot be used. */
export type UrlFault =
  /** Not a URL at all (no scheme, spaces in the host, …). */
  | 'invalid'
  /** A URL, but not http or https. */
  | 'protocol'
  /** Still holds a placeholder copied from the docs, such as `{projectId}`. */
  | 'placeholder';

/** Where requests go, or what stops them. */
export type EndpointResolution =
  | { readonly ok: true; readonly url: string; readonly source: 'endpointUrl' | 'baseUrl' }
  | { readonly ok: false; readonly problem: 'noProject' }
  | { readonly ok: false; readonly problem: 'badEndpoint'; readonly setting: 'endpointUrl' | 'baseUrl'; readonly fault: UrlFault };

/** The newer Pathors form of the endpoint, for documentation and tests. */
export function buildV1EndpointUrl(apiBase: string, projectId: string): string {
  return `${apiBase.replace(/\/+$/, '')}/v1/projects/${encodeURIComponent(projectId)}/chat/completions`;
}

/** What is wrong with `raw` as a request URL, or undefined when it is a usable http(s) URL. */
export function urlFault(raw: string): UrlFault | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'protocol';
  // The URL parser percent-encodes braces, so look at what the user typed.
  if (/\{[^}]*\}/.test(raw)) return 'placeholder';
  return url.hostname === '' ? 'invalid' : undefined;
}

/**
 * The chat-completions URL for the settings. A set `endpointUrl` is used as is (the newer
 * `/v1/projects/{id}/chat/completions` form, or any OpenAI-compatible server) and needs no
 * project ID; otherwise the URL is built from `baseUrl` and `projectId`.
 */
export function resolveEndpoint(s: EndpointSettings): EndpointResolution {
  const custom = s.endpointUrl.trim();
  if (custom !== '') {
    const fault = urlFault(custom);
    return fault ? { ok: false, problem: 'badEndpoint', setting: 'endpointUrl', fault } : { ok: true, url: custom, source: 'endpointUrl' };
  }
  if (s.projectId.trim() === '') return { ok: false, problem: 'noProject' };
  const fault = urlFault(s.baseUrl.trim());
  if (fault) return { ok: false, problem: 'badEndpoint', setting: 'baseUrl', fault };
  return { ok: true, url: buildEndpointUrl(s.baseUrl.trim(), s.projectId.trim()), source: 'baseUrl' };
}

/**
 * The setting to show a user who needs to fix where requests go: a bad URL's own setting, the
 * endpoint URL when that is what is used, else the project ID (which also sits next to the base URL).
 */
export function settingToFix(r: EndpointResolution): string {
  if (!r.ok) return r.problem === 'badEndpoint' ? `pathors.${r.setting}` : 'pathors.projectId';
  return r.source === 'endpointUrl' ? 'pathors.endpointUrl' : 'pathors.projectId';
}
