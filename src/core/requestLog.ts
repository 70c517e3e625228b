/**
 * Request logging at sensible levels: each HTTP attempt and the end of its reply at info, retries
 * and attempt failures at debug, and the failure a user sees at warn or error. Never headers, so
 * never the key (the host's logger redacts it from everything else too).
 */
import type { PathorsError, PathorsErrorKind } from './errors';
import type { SessionText } from './ports';

/** The levels the "Pathors" log channel has. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/** Failures the user must fix (key, URL, project, a proxy in the way) are errors; the rest may pass by themselves. */
export function failureLevel(kind: PathorsErrorKind): 'error' | 'warn' | 'debug' {
  switch (kind) {
    case 'unauthorized':
    case 'notFound':
    case 'badRequest':
    case 'notEventStream':
    case 'http':
    case 'redirect':
      return 'error';
    case 'aborted':
      return 'debug';
    default:
      return 'warn';
  }
}

/** One line about a failure: its kind, status, the server's message and the limit that ran out. */
export function describeFailure(err: PathorsError): string {
  const parts: string[] = [err.kind];
  if (err.status !== undefined) parts.push(`HTTP ${err.status}`);
  if (err.timeoutMs !== undefined) parts.push(`after ${Math.round(err.timeoutMs)} ms`);
  return err.detail ? `${parts.join(', ')}: ${err.detail}` : parts.join(', ');
}

/**
 * A fetch that logs each attempt: the response status and time to headers (info), and when the
 * reply's body ends (info, with its size and total time). A request that fails before a reply is
 * logged at debug: the client may retry it, and the final failure is logged where it is shown.
 * `inner` defaults to the global fetch at call time (in VS Code, the one that honours its proxy settings).
 */
export function loggingFetch(logger: Logger, inner?: typeof fetch, now: () => number = () => performance.now()): typeof fetch {
  return async (input, init) => {
    const method = init?.method ?? 'GET';
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const started = now();
    const ms = () => Math.round(now() - started);
    let res: Response;
    try {
      res = await (inner ?? globalThis.fetch)(input, init);
    } catch (err) {
      logger.debug(`${method} ${url} failed after ${ms()} ms: ${causeOf(err)}`);
      throw err;
    }
    const type = res.headers.get('content-type');
    const line = `${method} ${url} → HTTP ${res.status}${type ? ` (${type})` : ''} in ${ms()} ms`;
    if (!res.ok) {
      logger.debug(line);
      return res;
    }
    logger.info(line);
    if (!res.body || [204, 205, 304].includes(res.status)) return res;
    const body = observeBody(res.body, (how, bytes, err) => {
      const size = `${bytes} bytes in ${ms()} ms`;
      if (how === 'error') logger.debug(`${method} ${url}: reply broke off after ${size}: ${causeOf(err)}`);
      else logger.info(`${method} ${url}: reply ${how === 'end' ? 'finished' : 'closed'} after ${size}`);
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/**
 * The session's wording, with logging added where the session reports: each retry (debug), each
 * unreadable chunk (warn) and each failed request (warn or error, see {@link failureLevel}).
 */
export function loggingSessionText(text: SessionText, logger: Logger): SessionText {
  const logged: SessionText = {
    ...text,
    error(err) {
      logger[failureLevel(err.kind)](`Request failed: ${describeFailure(err)}`);
      return text.error(err);
    },
    malformedNotice() {
      logger.warn('Part of a reply could not be read and was skipped.');
      return text.malformedNotice();
    },
  };
  const retryNotice = text.retryNotice?.bind(text);
  if (retryNotice) {
    logged.retryNotice = (seconds, attempt, maxRetries) => {
      logger.debug(`Retrying in ${seconds} s (retry ${attempt} of ${maxRetries})`);
      return retryNotice(seconds, attempt, maxRetries);
    };
  }
  return logged;
}

/** A copy of `body` that reports once how it ended: read to the end, cancelled by its reader, or broken. */
function observeBody(
  body: ReadableStream<Uint8Array>,
  onEnd: (how: 'end' | 'cancel' | 'error', bytes: number, err?: unknown) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let bytes = 0;
  let ended = false;
  const end = (how: 'end' | 'cancel' | 'error', err?: unknown) => {
    if (ended) return;
    ended = true;
    onEnd(how, bytes, err);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            end('end');
            controller.close();
            return;
          }
          bytes += value.byteLength;
          controller.enqueue(value);
        } catch (err) {
          end('error', err);
          controller.error(err);
        }
      },
      cancel(reason) {
        end('cancel');
        return reader.cancel(reason);
      },
    },
    // Read only when the client asks: no read-ahead, so timings and back-pressure stay the client's.
    { highWaterMark: 0 },
  );
}

/** Node's fetch wraps the socket error in `cause`; its code (ECONNREFUSED, ENOTFOUND…) is the useful part. */
function causeOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' ? (cause as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : err.name === 'AbortError' ? 'aborted' : err.message;
}
