/** Streams one chat completion from a Pathors (OpenAI-compatible) endpoint as typed events. */
import { ChunkReader, tooLarge } from './chunkReader';
import { PathorsError, extractErrorDetail, kindForStatus } from './errors';
import { isRetryableStatus, retryDelayMs, retryPolicy, sleep, type RetryPolicy } from './retryPolicy';
import { RequestWatchdog } from './requestWatchdog';
import type { ChatMessage, StreamEvent } from './streamEvents';
import type { ToolDefinition } from './toolCalls';

export type { ChatMessage, StreamEvent, TokenUsage } from './streamEvents';

/** One request. */
export interface ChatRequest {
  /** Full endpoint URL (see {@link buildEndpointUrl}). */
  readonly url: string;
  readonly apiKey: string;
  /** Continue this server-side conversation (`X-Session-ID`). */
  readonly sessionId?: string;
  readonly messages: readonly ChatMessage[];
  /** Tools the agent may call (`tools` in the body); left out of the body when absent or empty. */
  readonly tools?: readonly ToolDefinition[];
  readonly signal?: AbortSignal;
  /** The fetch to use; defaults to the global one (which VS Code wires to its proxy settings). */
  readonly fetch?: typeof fetch;
  /** Largest SSE line or event, in characters, before the stream is refused. */
  readonly maxEventChars?: number;
  /** Per attempt: give up when the response headers have not arrived after this many ms. 0 or absent: no limit. */
  readonly requestTimeoutMs?: number;
  /** Give up when the reply has received nothing for this many ms. 0 or absent: no limit. */
  readonly idleTimeoutMs?: number;
  /** How failed attempts are retried: changes to the default policy (two retries, see retryPolicy.ts). */
  readonly retry?: Partial<RetryPolicy>;
}

/** Default cap on one SSE event: far above any real chunk, far below a memory problem. */
export const DEFAULT_MAX_EVENT_CHARS = 4 * 1024 * 1024;
const MAX_ERROR_BODY_CHARS = 64 * 1024;

/** `{baseUrl}/api/project/{projectId}/integration/api/chat/completions`, the project id encoded. */
export function buildEndpointUrl(baseUrl: string, projectId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/project/${encodeURIComponent(projectId)}/integration/api/chat/completions`;
}

/** An attempt that ended before its reply could be read. */
interface FailedAttempt {
  readonly error: PathorsError;
  readonly retryable: boolean;
  readonly retryAfter?: string | null;
}

/**
 * POSTs the request with `stream: true` and yields what arrives. Never throws for
 * network or protocol failures: they end the stream with an `error` event, so the
 * caller keeps whatever text came before.
 *
 * A connection error or a 408, 409, 429 or 5xx reply is retried (see {@link RetryPolicy}),
 * each retry announced by a `retry` event; once a reply is being read it never is, so
 * no text is ever shown twice.
 */
export async function* streamChat(req: ChatRequest): AsyncGenerator<StreamEvent, void, undefined> {
  const policy = retryPolicy(req.retry);
  // The global fetch on purpose: in the extension host it is VS Code's, so http.proxy, the
  // system proxy and the system certificates apply. No agent or dispatcher of our own.
  const doFetch = req.fetch ?? fetch;
  const init: RequestInit = {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${req.apiKey}`,
      'Content-Type': 'application/json',
      Accept: 'text/event-stream',
      ...(req.sessionId ? { 'X-Session-ID': req.sessionId } : {}),
    },
    body: JSON.stringify({ messages: req.messages, stream: true, ...(req.tools?.length ? { tools: req.tools } : {}) }),
    // A redirect would re-post the key, the question and the code to wherever the server points.
    redirect: 'manual',
  };

  for (let retry = 0; ; retry++) {
    const watchdog = new RequestWatchdog(req.signal, req.requestTimeoutMs, req.idleTimeoutMs);
    let failed: FailedAttempt;
    try {
      const outcome = await send(doFetch, req, init, watchdog);
      if ('response' in outcome) {
        yield* readReply(outcome.response, req, watchdog);
        return;
      }
      failed = outcome;
    } finally {
      watchdog.dispose();
    }
    if (req.signal?.aborted) {
      yield { type: 'error', error: aborted() };
      return;
    }
    if (!failed.retryable || retry >= policy.maxRetries) {
      yield { type: 'error', error: failed.error };
      return;
    }
    const delayMs = retryDelayMs(retry + 1, failed.retryAfter, policy);
    yield { type: 'retry', attempt: retry + 1, maxRetries: policy.maxRetries, delayMs, error: failed.error };
    try {
      await sleep(delayMs, req.signal);
    } catch {
      yield { type: 'error', error: aborted() };
      return;
    }
  }
}

/** One attempt up to the response headers: a 2xx response to read, or why it failed. */
async function send(
  doFetch: typeof fetch,
  req: ChatRequest,
  init: RequestInit,
  watchdog: RequestWatchdog,
): Promise<{ readonly response: Response } | FailedAttempt> {
  let res: Response;
  try {
    res = await doFetch(req.url, { ...init, signal: watchdog.signal });
  } catch (err) {
    const error = failure(err, req, watchdog, 'network');
    return { error, retryable: error.kind === 'network' && !isPermanentNetworkError(error) };
  }
  watchdog.headersReceived();
  if (res.ok) return { response: res };
  // Node's fetch hands back the 3xx itself; a browser's gives an opaque response with status 0.
  if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
    res.body?.cancel().catch(() => undefined);
    return { error: new PathorsError('redirect', 'Redirected', res.status || undefined, redirectTarget(req.url, res)), retryable: false };
  }
  return {
    error: new PathorsError(kindForStatus(res.status), `HTTP ${res.status}`, res.status, await errorDetail(res, watchdog)),
    retryable: isRetryableStatus(res.status),
    retryAfter: res.headers.get('retry-after'),
  };
}

/** The server's message in an error reply, if it has a short, safe one. */
async function errorDetail(res: Response, watchdog: RequestWatchdog): Promise<string | undefined> {
  if (!res.body) return undefined;
  const source = new BodySource(res.body.getReader(), watchdog);
  try {
    const { text } = await source.readText(MAX_ERROR_BODY_CHARS);
    return extractErrorDetail(text, res.headers.get('content-type'));
  } catch {
    return undefined;
  } finally {
    source.cancel();
  }
}

/** Where a redirect points, resolved against the request URL; `unknown` when it does not say. */
function redirectTarget(requestUrl: string, res: Response): string {
  const location = res.headers.get('location');
  if (!location) return 'unknown';
  try {
    // Only scheme, host and path: a query string may carry tokens of the server's own.
    const target = new URL(location, requestUrl);
    return `${target.origin}${target.pathname}`;
  } catch {
    return location.slice(0, 200);
  }
}

/** A certificate or TLS failure fails the same way on every attempt. */
function isPermanentNetworkError(error: PathorsError): boolean {
  return /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/i.test(error.detail ?? '');
}

/** The body of a 200 reply, read as an event stream or as one JSON completion. */
async function* readReply(res: Response, req: ChatRequest, watchdog: RequestWatchdog): AsyncGenerator<StreamEvent> {
  const headerSession = res.headers.get('x-session-id')?.trim();
  if (headerSession) yield { type: 'session', sessionId: headerSession };
  if (!res.body) {
    yield { type: 'error', error: new PathorsError('emptyBody', 'Empty reply', res.status) };
    return;
  }
  const source = new BodySource(res.body.getReader(), watchdog);
  const maxChars = req.maxEventChars ?? DEFAULT_MAX_EVENT_CHARS;
  try {
    const contentType = (res.headers.get('content-type') ?? '').toLowerCase();
    let eventStream = contentType.includes('text/event-stream');
    if (!eventStream && !/json|html|xml/.test(contentType)) {
      // No (or a generic) content type: some servers send their stream as text/plain. Look at it.
      try {
        eventStream = await source.looksLikeEventStream();
      } catch (err) {
        yield { type: 'error', error: failure(err, req, watchdog, 'incomplete') };
        return;
      }
    }
    const reader = new ChunkReader(Boolean(headerSession), maxChars);
    if (eventStream) yield* readEventStream(source, reader, req, watchdog);
    else yield* readWholeBody(source, reader, req, watchdog, res.status, contentType);
  } finally {
    // Stop the download once [DONE] or an error is seen, or when the consumer stops iterating.
    source.cancel();
  }
}

async function* readEventStream(
  source: BodySource,
  reader: ChunkReader,
  req: ChatRequest,
  watchdog: RequestWatchdog,
): AsyncGenerator<StreamEvent> {
  const parser = reader.createParser();
  // A streaming decoder keeps a multi-byte character that straddles two network chunks intact.
  const decoder = new TextDecoder('utf-8');
  while (!reader.finished) {
    let bytes: Uint8Array | null;
    try {
      bytes = await source.read();
    } catch (err) {
      yield* reader.take();
      yield { type: 'error', error: failure(err, req, watchdog, 'incomplete') };
      return;
    }
    if (bytes === null) {
      reader.feed(parser, decoder.decode());
      reader.end(parser, source.bytesRead);
      yield* reader.take();
      return;
    }
    reader.feed(parser, decoder.decode(bytes, { stream: true }));
    yield* reader.take();
  }
}

/** A 200 that is not an event stream: a complete JSON completion is accepted, anything else is an error. */
async function* readWholeBody(
  source: BodySource,
  reader: ChunkReader,
  req: ChatRequest,
  watchdog: RequestWatchdog,
  status: number,
  contentType: string,
): AsyncGenerator<StreamEvent> {
  let body: { text: string; cut: boolean };
  try {
    body = await source.readText(reader.maxChars);
  } catch (err) {
    yield { type: 'error', error: failure(err, req, watchdog, 'incomplete') };
    return;
  }
  if (body.cut) {
    yield { type: 'error', error: tooLarge() };
    return;
  }
  const text = body.text.trim();
  if (text === '') {
    yield { type: 'error', error: new PathorsError('emptyBody', 'Empty reply', status) };
    return;
  }
  let parsed: unknown;
  if (!contentType.includes('html') && !text.startsWith('<')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!reader.readCompletion(parsed, text)) {
    yield { type: 'error', error: new PathorsError('notEventStream', 'Not an event stream', status) };
    return;
  }
  yield* reader.take();
}

/** A response body read chunk by chunk, with a look ahead for sniffing, feeding the watchdog. */
class BodySource {
  bytesRead = 0;
  private readonly unread: Uint8Array[] = [];

  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly watchdog: RequestWatchdog,
  ) {}

  /** The next chunk, or null at the end. Throws when the connection fails or is aborted. */
  async read(): Promise<Uint8Array | null> {
    return this.unread.shift() ?? this.readNew();
  }

  private async readNew(): Promise<Uint8Array | null> {
    const { done, value } = await this.reader.read();
    if (done) return null;
    this.watchdog.activity();
    this.bytesRead += value.byteLength;
    return value;
  }

  /** Whether the body starts like an event stream (a field name or a comment), leaving it unread. */
  async looksLikeEventStream(): Promise<boolean> {
    let start = '';
    const decoder = new TextDecoder('utf-8');
    while (start.trimStart().length < 8) {
      const bytes = await this.readNew();
      if (bytes === null) break;
      this.unread.push(bytes);
      start += decoder.decode(bytes, { stream: true });
    }
    return /^\s*(?::|(?:data|event|id|retry):)/.test(start);
  }

  /** The body as text, at most `maxChars` (then `cut` is set). */
  async readText(maxChars: number): Promise<{ text: string; cut: boolean }> {
    const decoder = new TextDecoder('utf-8');
    let text = '';
    for (;;) {
      const bytes = await this.read();
      if (bytes === null) return { text: text + decoder.decode(), cut: false };
      text += decoder.decode(bytes, { stream: true });
      if (text.length > maxChars) return { text: text.slice(0, maxChars), cut: true };
    }
  }

  cancel(): void {
    this.reader.cancel().catch(() => undefined);
  }
}

function aborted(): PathorsError {
  return new PathorsError('aborted', 'Aborted');
}

function failure(err: unknown, req: ChatRequest, watchdog: RequestWatchdog, otherwise: 'network' | 'incomplete'): PathorsError {
  if (req.signal?.aborted) return aborted();
  if (watchdog.expired === 'timeout') return new PathorsError('timeout', 'No answer in time', undefined, undefined, req.requestTimeoutMs);
  if (watchdog.expired === 'stalled') return new PathorsError('stalled', 'Reply stalled', undefined, undefined, req.idleTimeoutMs);
  const cause = err instanceof Error ? describeCause(err) : undefined;
  return new PathorsError(otherwise, otherwise === 'network' ? 'Network error' : 'Connection lost', undefined, cause);
}

/** Node's fetch wraps the socket error in `cause`; its code (ECONNREFUSED, ENOTFOUND…) is the useful part. */
function describeCause(err: Error): string | undefined {
  const cause = (err as { cause?: unknown }).cause;
  if (cause && typeof cause === 'object') {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const message = (cause as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return err.message || undefined;
}
