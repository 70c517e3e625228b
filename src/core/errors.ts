/** Typed failures of a chat request, so the host can turn each into an actionable message. */

/** Every way a chat request can fail. */
export type PathorsErrorKind =
  /** 400: the server rejected the request body. */
  | 'badRequest'
  /** 401/403: missing or wrong API key. */
  | 'unauthorized'
  /** 404: wrong project id or endpoint. */
  | 'notFound'
  /** 5xx: the service failed. */
  | 'server'
  /** 429: too many requests (after the retries allowed). */
  | 'rateLimited'
  /** Any other non-2xx status. */
  | 'http'
  /** The server could not be reached (DNS, refused, reset before a reply). */
  | 'network'
  /** No response headers within the request timeout. */
  | 'timeout'
  /** The reply stopped arriving for longer than the idle timeout; what arrived is kept. */
  | 'stalled'
  /** A 200 reply that is neither an event stream nor a chat completion (a proxy's page). */
  | 'notEventStream'
  /** A 200 reply with nothing in it. */
  | 'emptyBody'
  /** An event whose data could not be read as a chunk. */
  | 'malformedChunk'
  /** The server reported an error inside the stream. */
  | 'streamError'
  /** One event (or one line) of the reply was larger than the client buffers. */
  | 'eventTooLarge'
  /** The stream ended (or broke) before `data: [DONE]`. */
  | 'incomplete'
  /**
   * The server answered with a 3xx. Redirects are not followed, so the question, the code and
   * the key are never posted to a second URL; `detail` holds the target.
   */
  | 'redirect'
  /** The caller aborted the request. */
  | 'aborted';

/** A failure of a chat request, with what the user needs to see. */
export class PathorsError extends Error {
  override readonly name = 'PathorsError';
  constructor(
    readonly kind: PathorsErrorKind,
    message: string,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    /** A short, safe detail from the server (its error message), never a raw page. */
    readonly detail?: string,
    /** For `timeout` and `stalled`: the limit that ran out. */
    readonly timeoutMs?: number,
  ) {
    super(message);
  }
}

/** Maps an HTTP status to the error kind the user should see. */
export function kindForStatus(status: number): PathorsErrorKind {
  if (status === 400 || status === 422) return 'badRequest';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'notFound';
  if (status === 429) return 'rateLimited';
  if (status >= 500) return 'server';
  return 'http';
}

/**
 * Pulls a short human message out of an error body: OpenAI-style JSON
 * (`{"error":{"message":…}}`), `{"message":…}`, or short plain text. HTML and
 * long bodies give nothing, so a proxy's page is never shown raw.
 */
export function extractErrorDetail(body: string, contentType: string | null): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  if (/json/i.test(contentType ?? '') || text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      const message = findMessage(parsed);
      return message ? clip(message) : undefined;
    } catch {
      return undefined;
    }
  }
  if (/html/i.test(contentType ?? '') || /^<(!doctype|html|\?xml)/i.test(text)) return undefined;
  return text.length <= 300 && !text.includes('<') ? clip(text) : undefined;
}

function findMessage(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const obj = value as Record<string, unknown>;
  if (typeof obj.error === 'string') return obj.error;
  if (typeof obj.error === 'object' && obj.error !== null) {
    const msg = (obj.error as Record<string, unknown>).message;
    if (typeof msg === 'string') return msg;
  }
  return typeof obj.message === 'string' ? obj.message : undefined;
}

function clip(s: string): string {
  const oneLine = s.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}…` : oneLine;
}
