/** Streams one chat completion from a Pathors (OpenAI-compatible) endpoint as typed events. */
import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
import { PathorsError, extractErrorDetail, kindForStatus } from './errors';

/** One message of the OpenAI-style `messages` array. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** What the stream tells the caller, in order. `done` and `error` are always last. */
export type StreamEvent =
  /** The conversation's session id (from the reply header, else the body). Sent at most once. */
  | { readonly type: 'session'; readonly sessionId: string }
  /** More reply text. */
  | { readonly type: 'delta'; readonly text: string }
  /** The server said why the reply ended (`stop`, `length`, `content_filter`, `tool_calls`, …). */
  | { readonly type: 'finish'; readonly reason: string }
  /** Something was skipped but the stream goes on (a chunk that could not be read). Reported once. */
  | { readonly type: 'warning'; readonly error: PathorsError }
  /** The reply completed (`data: [DONE]`, or a complete non-streaming body). */
  | { readonly type: 'done' }
  /** The request failed; text already yielded stays valid. */
  | { readonly type: 'error'; readonly error: PathorsError };

/** One request. */
export interface ChatRequest {
  /** Full endpoint URL (see {@link buildEndpointUrl}). */
  readonly url: string;
  readonly apiKey: string;
  /** Continue this server-side conversation (`X-Session-ID`). */
  readonly sessionId?: string;
  readonly messages: readonly ChatMessage[];
  readonly signal?: AbortSignal;
  /** The fetch to use; defaults to the global one (which VS Code wires to its proxy settings). */
  readonly fetch?: typeof fetch;
  /** Largest SSE line or event, in characters, before the stream is refused. */
  readonly maxEventChars?: number;
}

/** Default cap on one SSE event: far above any real chunk, far below a memory problem. */
export const DEFAULT_MAX_EVENT_CHARS = 4 * 1024 * 1024;
const MAX_ERROR_BODY_CHARS = 64 * 1024;

/** `{baseUrl}/api/project/{projectId}/integration/api/chat/completions`, the project id encoded. */
export function buildEndpointUrl(baseUrl: string, projectId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/project/${encodeURIComponent(projectId)}/integration/api/chat/completions`;
}

/**
 * POSTs the request with `stream: true` and yields what arrives. Never throws for
 * network or protocol failures: they end the stream with an `error` event, so the
 * caller keeps whatever text came before.
 */
export async function* streamChat(req: ChatRequest): AsyncGenerator<StreamEvent, void, undefined> {
  const doFetch = req.fetch ?? fetch;
  const headers: Record<string, string> = {
    Authorization: `Bearer ${req.apiKey}`,
    'Content-Type': 'application/json',
    Accept: 'text/event-stream',
  };
  if (req.sessionId) headers['X-Session-ID'] = req.sessionId;

  let res: Response;
  try {
    res = await doFetch(req.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ messages: req.messages, stream: true }),
      signal: req.signal,
    });
  } catch (err) {
    yield { type: 'error', error: failure(err, req.signal, 'network') };
    return;
  }

  if (!res.ok) {
    const body = await readText(res, MAX_ERROR_BODY_CHARS, req.signal).catch(() => '');
    const detail = extractErrorDetail(body, res.headers.get('content-type'));
    yield { type: 'error', error: new PathorsError(kindForStatus(res.status), `HTTP ${res.status}`, res.status, detail) };
    return;
  }

  const headerSession = res.headers.get('x-session-id')?.trim();
  if (headerSession) yield { type: 'session', sessionId: headerSession };

  const contentType = (res.headers.get('content-type') ?? '').toLowerCase();
  if (contentType.includes('text/event-stream')) {
    yield* readEventStream(res, req, Boolean(headerSession));
  } else {
    yield* readWholeBody(res, req.signal, Boolean(headerSession), contentType);
  }
}

/** Chunk shapes we read; everything is optional because servers and proxies vary. */
interface Chunk {
  session_id?: unknown;
  error?: unknown;
  choices?: unknown;
}
interface Choice {
  index?: unknown;
  delta?: { content?: unknown } | null;
  message?: { content?: unknown } | null;
  finish_reason?: unknown;
}

async function* readEventStream(res: Response, req: ChatRequest, haveSession: boolean): AsyncGenerator<StreamEvent> {
  const body = res.body;
  if (!body) {
    yield { type: 'error', error: new PathorsError('emptyBody', 'Empty reply') };
    return;
  }
  const pending: StreamEvent[] = [];
  let finished = false;
  let warned = false;
  let sessionSent = haveSession;

  const onEvent = (ev: EventSourceMessage) => {
    if (finished) return;
    if (ev.data === '[DONE]') {
      pending.push({ type: 'done' });
      finished = true;
      return;
    }
    let chunk: Chunk;
    try {
      chunk = JSON.parse(ev.data) as Chunk;
      if (typeof chunk !== 'object' || chunk === null) throw new Error('not an object');
    } catch {
      if (!warned) {
        warned = true;
        pending.push({ type: 'warning', error: new PathorsError('malformedChunk', 'Unreadable chunk') });
      }
      return;
    }
    if (ev.event === 'error' || chunk.error !== undefined) {
      const detail = extractErrorDetail(ev.data, 'application/json');
      pending.push({ type: 'error', error: new PathorsError('streamError', 'Error in stream', undefined, detail) });
      finished = true;
      return;
    }
    if (!sessionSent && typeof chunk.session_id === 'string' && chunk.session_id) {
      sessionSent = true;
      pending.push({ type: 'session', sessionId: chunk.session_id });
    }
    const choice = firstChoice(chunk.choices);
    if (!choice) return;
    const content = choice.delta?.content ?? choice.message?.content;
    if (typeof content === 'string' && content !== '') pending.push({ type: 'delta', text: content });
    if (typeof choice.finish_reason === 'string' && choice.finish_reason) {
      pending.push({ type: 'finish', reason: choice.finish_reason });
    }
  };
  const onError = (err: ParseError) => {
    if (err.type === 'max-buffer-size-exceeded' && !finished) {
      finished = true;
      pending.push({ type: 'error', error: new PathorsError('streamError', 'Event too large', undefined, 'An event in the reply was too large to read.') });
    }
  };
  const parser = createParser({ onEvent, onError, maxBufferSize: req.maxEventChars ?? DEFAULT_MAX_EVENT_CHARS });
  // A streaming decoder keeps a multi-byte character that straddles two network chunks intact.
  const decoder = new TextDecoder('utf-8');
  const reader = body.getReader();
  try {
    while (!finished) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (err) {
        yield* pending.splice(0);
        yield { type: 'error', error: failure(err, req.signal, 'incomplete') };
        return;
      }
      if (result.done) {
        parser.feed(decoder.decode());
        // Flush an event whose final blank line never came; the stream still lacks [DONE].
        parser.reset({ consume: true });
        yield* pending.splice(0);
        if (!finished) yield { type: 'error', error: new PathorsError('incomplete', 'Stream ended before [DONE]') };
        return;
      }
      parser.feed(decoder.decode(result.value, { stream: true }));
      yield* pending.splice(0);
    }
  } finally {
    // Stop the download once [DONE] or an error is seen, or when the consumer stops iterating.
    reader.cancel().catch(() => undefined);
  }
}

/** A 200 that is not an event stream: a complete JSON completion is accepted, anything else is an error. */
async function* readWholeBody(
  res: Response,
  signal: AbortSignal | undefined,
  haveSession: boolean,
  contentType: string,
): AsyncGenerator<StreamEvent> {
  let text: string;
  try {
    text = await readText(res, DEFAULT_MAX_EVENT_CHARS, signal);
  } catch (err) {
    yield { type: 'error', error: failure(err, signal, 'incomplete') };
    return;
  }
  if (text.trim() === '') {
    yield { type: 'error', error: new PathorsError('emptyBody', 'Empty reply', res.status) };
    return;
  }
  let parsed: Chunk | undefined;
  if (!contentType.includes('html')) {
    try {
      parsed = JSON.parse(text) as Chunk;
    } catch {
      parsed = undefined;
    }
  }
  const choice = parsed && firstChoice(parsed.choices);
  const content = choice?.message?.content;
  if (!parsed || typeof content !== 'string') {
    yield { type: 'error', error: new PathorsError('notEventStream', 'Not an event stream', res.status) };
    return;
  }
  if (!haveSession && typeof parsed.session_id === 'string' && parsed.session_id) {
    yield { type: 'session', sessionId: parsed.session_id };
  }
  if (content) yield { type: 'delta', text: content };
  if (typeof choice?.finish_reason === 'string') yield { type: 'finish', reason: choice.finish_reason };
  yield { type: 'done' };
}

/** The choice with index 0 (or the first one when servers omit the index). */
function firstChoice(choices: unknown): Choice | undefined {
  if (!Array.isArray(choices) || choices.length === 0) return undefined;
  const valid = choices.filter((c): c is Choice => typeof c === 'object' && c !== null);
  return valid.find((c) => c.index === 0) ?? valid.find((c) => c.index === undefined);
}

async function readText(res: Response, maxChars: number, signal?: AbortSignal): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let text = '';
  try {
    while (text.length < maxChars) {
      if (signal?.aborted) throw signal.reason;
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

function failure(err: unknown, signal: AbortSignal | undefined, otherwise: 'network' | 'incomplete'): PathorsError {
  if (signal?.aborted) return new PathorsError('aborted', 'Aborted');
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
