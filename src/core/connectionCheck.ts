/** "Test Connection": one small streaming request, and a diagnosis of what is wrong when it fails. */
import type { EndpointResolution } from './endpoint';
import type { PathorsError } from './errors';
import { streamChat } from './pathorsClient';

/** What stopped the connection test. */
export type ConnectionFault =
  /** No API key is stored. */
  | 'noKey'
  /** Neither a project ID nor an endpoint URL is set. */
  | 'noProject'
  /** The endpoint URL (or base URL) setting is not a usable http(s) URL. */
  | 'badEndpoint'
  /** 401/403: the key was refused. */
  | 'keyRejected'
  /** 404: no such project, or no chat endpoint at that URL. */
  | 'notFound'
  /** The host name does not resolve. */
  | 'dns'
  /** Nothing accepts connections at that host and port. */
  | 'refused'
  /** The TLS handshake failed (certificate not trusted, wrong host name, …). */
  | 'tls'
  /** Any other connection failure (reset, unreachable network, …). */
  | 'network'
  /** No response headers within the request timeout. */
  | 'timeout'
  /** The server answered, then sent nothing within the idle timeout. */
  | 'stalled'
  /** A 200 that is not a chat reply: a proxy's or login page, or an empty body. */
  | 'notPathors'
  /** Some other 4xx (400, 405, …): something answered that does not take chat requests. */
  | 'rejected'
  /** 429 after the one attempt the test makes. */
  | 'rateLimited'
  /** 5xx: the service failed. */
  | 'server'
  /** The reply started, then broke (an error event, a cut connection, an unreadable stream). */
  | 'replyFailed'
  /** The server answered with a redirect; it was not followed (see pathorsClient.ts). */
  | 'redirected'
  /** The key was not sent: the URL is plain http to another computer, or the user declined another origin. */
  | 'notSent'
  /** The user cancelled the test. */
  | 'cancelled';

/** What to offer next to a failure. */
export type FixAction = 'setApiKey' | 'openSettings' | 'showLog';

/** Which part of the set-up the failure points at. */
export type Suspect = 'key' | 'project' | 'url' | 'network' | 'server' | 'none';

export type ConnectionResult =
  | { readonly ok: true; readonly elapsedMs: number; readonly url: string; readonly sessionId?: string }
  | {
      readonly ok: false;
      readonly fault: ConnectionFault;
      readonly elapsedMs: number;
      /** The URL tried; absent when the settings did not give one. */
      readonly url?: string;
      /** The client's error, when a request was made. */
      readonly error?: PathorsError;
    };

/** What the test needs; the host fills it from settings and SecretStorage. */
export interface ConnectionTestInput {
  readonly endpoint: EndpointResolution;
  readonly apiKey: string | undefined;
  /** Per the settings; 0 or absent: {@link DEFAULT_TEST_TIMEOUT_MS}, since a test should not wait forever. */
  readonly requestTimeoutMs?: number;
  readonly idleTimeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly fetch?: typeof fetch;
  /** A monotonic clock in ms. */
  readonly now?: () => number;
}

/** The limit used where the settings say "no limit". */
export const DEFAULT_TEST_TIMEOUT_MS = 30_000;
/** The whole conversation the test has with the agent: one word in a new session. */
export const TEST_MESSAGE = 'ping';

/**
 * Checks the settings and the key, then sends one streaming request without a session id and
 * without retries. It succeeds as soon as the reply starts (the first text, or a complete empty
 * reply); the rest of the reply is not downloaded.
 */
export async function testConnection(input: ConnectionTestInput): Promise<ConnectionResult> {
  const now = input.now ?? (() => performance.now());
  const started = now();
  if (!input.endpoint.ok) return { ok: false, fault: input.endpoint.problem, elapsedMs: 0 };
  const url = input.endpoint.url;
  if (!input.apiKey) return { ok: false, fault: 'noKey', elapsedMs: 0, url };

  let sessionId: string | undefined;
  const events = streamChat({
    url,
    apiKey: input.apiKey,
    messages: [{ role: 'user', content: TEST_MESSAGE }],
    signal: input.signal,
    fetch: input.fetch,
    requestTimeoutMs: limit(input.requestTimeoutMs),
    idleTimeoutMs: limit(input.idleTimeoutMs),
    retry: { maxRetries: 0 },
  });
  for await (const ev of events) {
    const elapsedMs = now() - started;
    switch (ev.type) {
      case 'session':
        sessionId = ev.sessionId;
        break;
      case 'delta':
      case 'done':
        // Leaving the loop cancels the download of the rest of the reply.
        return { ok: true, elapsedMs, url, ...(sessionId ? { sessionId } : {}) };
      case 'error':
        return { ok: false, fault: diagnose(ev.error), elapsedMs, url, error: ev.error };
      default:
        break;
    }
  }
  // streamChat always ends with `done` or `error`; this is for the type checker.
  return { ok: false, fault: 'replyFailed', elapsedMs: now() - started, url };
}

function limit(ms: number | undefined): number {
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_TEST_TIMEOUT_MS;
}

/** The fault behind a failed request. */
export function diagnose(err: PathorsError): ConnectionFault {
  switch (err.kind) {
    case 'unauthorized':
      return 'keyRejected';
    case 'notFound':
      return 'notFound';
    case 'network':
      return networkFault(err.detail);
    case 'timeout':
      return 'timeout';
    case 'stalled':
      return 'stalled';
    case 'notEventStream':
    case 'emptyBody':
      return 'notPathors';
    case 'badRequest':
    case 'http':
      return 'rejected';
    case 'rateLimited':
      return 'rateLimited';
    case 'server':
      return 'server';
    case 'malformedChunk':
    case 'streamError':
    case 'eventTooLarge':
    case 'incomplete':
      return 'replyFailed';
    case 'redirect':
      return 'redirected';
    case 'aborted':
      return 'cancelled';
  }
}

/** Reads the socket error code the client keeps as the error's detail. */
function networkFault(detail: string | undefined): ConnectionFault {
  const d = detail ?? '';
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME|getaddrinfo/i.test(d)) return 'dns';
  if (/ECONNREFUSED/i.test(d)) return 'refused';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/i.test(d)) return 'tls';
  if (/INVALID_URL/i.test(d)) return 'badEndpoint';
  return 'network';
}

/** The buttons to offer with a failure. */
export function fixActions(fault: ConnectionFault): FixAction[] {
  switch (fault) {
    case 'noKey':
    case 'keyRejected':
      return ['setApiKey'];
    case 'noProject':
    case 'badEndpoint':
    case 'notFound':
    case 'notPathors':
    case 'redirected':
    case 'notSent':
      return ['openSettings'];
    case 'dns':
    case 'refused':
    case 'tls':
    case 'network':
    case 'timeout':
    case 'stalled':
    case 'rejected':
      return ['openSettings', 'showLog'];
    case 'rateLimited':
    case 'server':
    case 'replyFailed':
      return ['showLog'];
    case 'cancelled':
      return [];
  }
}

/**
 * Which setting or part the fault points at. A 404 means the project ID when the URL was built
 * from it, the URL itself when a full endpoint URL is set.
 */
export function suspect(fault: ConnectionFault, source: 'endpointUrl' | 'baseUrl' | undefined): Suspect {
  switch (fault) {
    case 'noKey':
    case 'keyRejected':
      return 'key';
    case 'noProject':
      return 'project';
    case 'notFound':
      return source === 'endpointUrl' ? 'url' : 'project';
    case 'badEndpoint':
    case 'dns':
    case 'notPathors':
    case 'rejected':
    case 'redirected':
    case 'notSent':
      return 'url';
    case 'refused':
    case 'tls':
    case 'network':
    case 'timeout':
      return 'network';
    case 'stalled':
    case 'rateLimited':
    case 'server':
    case 'replyFailed':
      return 'server';
    case 'cancelled':
      return 'none';
  }
}
