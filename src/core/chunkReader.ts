/** Reads chat-completion chunks out of SSE events: text, session ids, finish reasons, usage and in-stream errors. */
import { createParser, type EventSourceMessage, type EventSourceParser, type ParseError } from 'eventsource-parser';
import { PathorsError, extractErrorDetail } from './errors';
import type { StreamEvent, TokenUsage } from './streamEvents';
import { ToolCallAssembler } from './toolCalls';

/** Chunk shapes we read; everything is optional because servers and proxies vary. */
export interface Chunk {
  session_id?: unknown;
  error?: unknown;
  choices?: unknown;
  usage?: unknown;
}
export interface Choice {
  index?: unknown;
  delta?: { content?: unknown; tool_calls?: unknown } | null;
  message?: { content?: unknown; tool_calls?: unknown } | null;
  finish_reason?: unknown;
}

/**
 * Turns SSE events (or one JSON completion) into stream events. Text from consecutive
 * chunks is merged into one `delta` per network read, so a fast stream costs the
 * consumer one step per read rather than one per token.
 */
export class ChunkReader {
  finished = false;
  private pending: StreamEvent[] = [];
  /** Text since the last event, joined when it is handed on: one flat string per read, not a rope of tokens. */
  private textParts: string[] = [];
  private warned = false;
  private finishSent = false;
  private sawEventStream = false;
  private atEnd = false;
  private lineChars = 0;
  private readonly toolCalls = new ToolCallAssembler();
  private toolCallsSent = false;

  constructor(
    private sessionSent: boolean,
    readonly maxChars: number,
  ) {}

  createParser(): EventSourceParser {
    const seen = () => (this.sawEventStream = true);
    return createParser({
      onEvent: (ev) => this.onEvent(ev),
      onError: (err) => this.onParseError(err),
      onComment: seen,
      onRetry: seen,
      onId: seen,
      maxBufferSize: this.maxChars,
    });
  }

  /**
   * Feeds decoded text. A line longer than `maxChars` is refused however the text was split
   * (the parser alone would skip a long line it cannot use, and buffer only split ones).
   */
  feed(parser: EventSourceParser, text: string): void {
    if (this.finished || text === '') return;
    if (this.hasLongLine(text)) {
      this.fail(tooLarge());
      return;
    }
    parser.feed(text);
  }

  /** Whether the line in progress, continued by `text`, or a line inside `text`, is too long. */
  private hasLongLine(text: string): boolean {
    let first = text.indexOf('\n');
    if (first < 0) first = text.indexOf('\r');
    else if (text.lastIndexOf('\r', first) >= 0) first = text.indexOf('\r');
    if (first < 0) {
      this.lineChars += text.length;
      return this.lineChars > this.maxChars;
    }
    if (this.lineChars + first > this.maxChars) return true;
    // Only a read longer than the limit can hold a whole line longer than it.
    if (text.length > this.maxChars && text.split(/\r\n|\r|\n/).some((line) => line.length > this.maxChars)) return true;
    const lastLf = text.lastIndexOf('\n');
    const lastBreak = text.indexOf('\r', lastLf + 1) >= 0 ? text.lastIndexOf('\r') : lastLf;
    this.lineChars = text.length - lastBreak - 1;
    return this.lineChars > this.maxChars;
  }

  /**
   * The body ended. A last event whose blank line never came is still read (its data lines
   * are complete; a cut-off JSON chunk is dropped quietly, as the missing [DONE] says enough).
   */
  end(parser: EventSourceParser, bytesRead: number): void {
    if (this.finished) return;
    this.atEnd = true;
    parser.feed('\n\n');
    if (this.finished) return;
    if (bytesRead === 0) this.fail(new PathorsError('emptyBody', 'Empty reply'));
    else if (!this.sawEventStream) this.fail(new PathorsError('notEventStream', 'Not an event stream'));
    else this.fail(new PathorsError('incomplete', 'Stream ended before [DONE]'));
  }

  /** The events gathered since the last call. */
  take(): StreamEvent[] {
    this.flushText();
    if (this.pending.length === 0) return this.pending;
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Reads a whole JSON body; false when it is not a chat completion or an error object. */
  readCompletion(parsed: unknown, raw: string): boolean {
    if (!isObject(parsed)) return false;
    if (parsed.error !== undefined && parsed.error !== null) {
      this.fail(new PathorsError('streamError', 'Error in reply', undefined, extractErrorDetail(raw, 'application/json')));
      return true;
    }
    const choice = firstChoice(parsed.choices);
    const content = choice?.message?.content ?? choice?.delta?.content;
    const reason = choice?.finish_reason;
    const calls = choice?.message?.tool_calls ?? choice?.delta?.tool_calls;
    if (!choice || (typeof content !== 'string' && typeof reason !== 'string' && !Array.isArray(calls))) return false;
    this.readChunk(parsed);
    this.push({ type: 'done' });
    this.finished = true;
    return true;
  }

  private onEvent(ev: EventSourceMessage): void {
    this.sawEventStream = true;
    if (this.finished) return;
    const data = ev.data;
    if (data.length > this.maxChars) {
      this.fail(tooLarge());
      return;
    }
    if (ev.event === 'error') {
      this.fail(new PathorsError('streamError', 'Error in stream', undefined, extractErrorDetail(data, null)));
      return;
    }
    if (isDone(data)) {
      this.push({ type: 'done' });
      this.finished = true;
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      // The SSE spec joins an event's data lines with "\n", which JSON allows between tokens, so a
      // chunk spread over several lines parses as one. Some servers instead put one chunk on each
      // line of an event; read those line by line when every line is a chunk of its own.
      if (data.includes('\n') && this.readLines(data)) return;
      if (!this.atEnd) this.warnMalformed();
      return;
    }
    if (!isObject(chunk)) {
      this.warnMalformed();
      return;
    }
    this.readChunk(chunk);
  }

  private readLines(data: string): boolean {
    const lines = data.split('\n').filter((l) => l.trim() !== '');
    const chunks: Array<Chunk | 'done'> = [];
    for (const line of lines) {
      if (isDone(line)) {
        chunks.push('done');
        break;
      }
      try {
        const chunk: unknown = JSON.parse(line);
        if (!isObject(chunk)) return false;
        chunks.push(chunk);
      } catch {
        return false;
      }
    }
    for (const chunk of chunks) {
      if (this.finished) break;
      if (chunk === 'done') {
        this.push({ type: 'done' });
        this.finished = true;
      } else {
        this.readChunk(chunk);
      }
    }
    return true;
  }

  private readChunk(chunk: Chunk): void {
    if (chunk.error !== undefined && chunk.error !== null) {
      this.fail(new PathorsError('streamError', 'Error in stream', undefined, extractErrorDetail(JSON.stringify(chunk), 'application/json')));
      return;
    }
    if (!this.sessionSent && typeof chunk.session_id === 'string' && chunk.session_id) {
      this.sessionSent = true;
      this.push({ type: 'session', sessionId: chunk.session_id });
    }
    const choice = firstChoice(chunk.choices);
    if (choice) {
      const content = choice.delta?.content ?? choice.message?.content;
      if (typeof content === 'string' && content !== '') this.textParts.push(content);
      this.toolCalls.add(choice.delta?.tool_calls ?? choice.message?.tool_calls);
      if (!this.finishSent && typeof choice.finish_reason === 'string' && choice.finish_reason) {
        this.finishSent = true;
        this.push({ type: 'finish', reason: choice.finish_reason });
      }
    }
    if (chunk.usage !== undefined && chunk.usage !== null) {
      const usage = readUsage(chunk.usage);
      if (usage) this.push({ type: 'usage', usage });
    }
  }

  private onParseError(err: ParseError): void {
    if (err.type === 'max-buffer-size-exceeded') this.fail(tooLarge());
  }

  private warnMalformed(): void {
    if (this.warned) return;
    this.warned = true;
    this.push({ type: 'warning', error: new PathorsError('malformedChunk', 'Unreadable chunk') });
  }

  private fail(error: PathorsError): void {
    if (this.finished) return;
    this.push({ type: 'error', error });
    this.finished = true;
  }

  private push(ev: StreamEvent): void {
    this.flushText();
    // The calls are complete once the reply says why it ended, or ends: handed on once, whole.
    if ((ev.type === 'finish' || ev.type === 'done') && !this.toolCallsSent && !this.toolCalls.isEmpty) {
      this.toolCallsSent = true;
      this.pending.push({ type: 'toolCalls', calls: this.toolCalls.calls() });
    }
    this.pending.push(ev);
  }

  private flushText(): void {
    if (this.textParts.length === 0) return;
    this.pending.push({ type: 'delta', text: this.textParts.length === 1 ? this.textParts[0] : this.textParts.join('') });
    this.textParts = [];
  }
}

export function isDone(data: string): boolean {
  // Exactly [DONE], give or take surrounding whitespace: "[DONE]x" is not the end.
  return data === '[DONE]' || (data.length < 32 && data.trim() === '[DONE]');
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The choice with index 0 (or the first one when servers omit the index). */
export function firstChoice(choices: unknown): Choice | undefined {
  if (!Array.isArray(choices) || choices.length === 0) return undefined;
  // The usual case, once per chunk: one choice, index 0. No allocation on this path.
  const only = choices[0] as Choice | null;
  if (choices.length === 1 && typeof only === 'object' && only !== null && (only.index === 0 || only.index === undefined)) return only;
  const valid = choices.filter((c): c is Choice => typeof c === 'object' && c !== null);
  return valid.find((c) => c.index === 0) ?? valid.find((c) => c.index === undefined);
}

/** The real counts of a `usage` object; undefined when there are none (Pathors reports -1). */
export function readUsage(raw: unknown): TokenUsage | undefined {
  if (!isObject(raw)) return undefined;
  const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const usage: TokenUsage = {
    promptTokens: count(raw.prompt_tokens),
    completionTokens: count(raw.completion_tokens),
    totalTokens: count(raw.total_tokens),
  };
  const known = Object.entries(usage).filter(([, v]) => v !== undefined);
  return known.length ? (Object.fromEntries(known) as TokenUsage) : undefined;
}

export function tooLarge(): PathorsError {
  return new PathorsError('eventTooLarge', 'Event too large');
}

