/** Turns one request's stream events into its reply entry: text at most once a frame, notes, the session id, the size cap. */
import type { HostToWebview, TranscriptEntry } from '../protocol';
import { PathorsError } from './errors';
import { FrameCoalescer } from './frameCoalescer';
import type { Clock, SessionText } from './ports';
import { escapeSessionId, isValidSessionId } from './sessionId';
import type { StreamEvent } from './streamEvents';

/** What the session tells its view; `reset` means "redraw everything". */
export type SessionUpdate =
  | Extract<HostToWebview, { type: 'append' | 'update' | 'remove' | 'delta' | 'busy' }>
  | { readonly type: 'reset' };

/** How a reply ended. */
export interface ReplyOutcome {
  /** Why the request failed, if it did (`aborted` when the user stopped it). */
  readonly failure?: PathorsError;
  /** The server said the reply was complete. */
  readonly completed: boolean;
}

/** What a {@link ReplyRecorder} needs from the session that owns the reply. */
export interface RecorderOptions {
  /** The reply entry, changed in place as text arrives. */
  readonly reply: TranscriptEntry;
  readonly requestId: string;
  readonly controller: AbortController;
  readonly clock: Clock;
  /** Minimum time between two delta updates to the view. */
  readonly frameMs: number;
  readonly text: SessionText;
  /** The most characters the reply may have; a reply that grows past it is stopped there. */
  readonly maxChars: number;
  /** False once the request was superseded (New Chat, dispose): nothing more reaches the view. */
  readonly isCurrent: () => boolean;
  readonly emit: (u: SessionUpdate) => void;
  /** Saves the conversation: called now and then while text arrives, so a crash loses little. */
  readonly save: () => Promise<void>;
  /** Minimum time between two saves while the reply streams. */
  readonly saveEveryMs: number;
  /** The server named the conversation's session (a valid id). */
  readonly onSession: (id: string) => Promise<void>;
  /** Where a rejected session id is reported. */
  readonly warn?: (line: string) => void;
}

/** Records one reply; {@link record} runs once. */
export class ReplyRecorder {
  private shownChars = 0;
  private lastSave: number;
  private readonly coalescer: FrameCoalescer;

  constructor(private readonly o: RecorderOptions) {
    this.lastSave = o.clock.now();
    this.coalescer = new FrameCoalescer(o.clock, o.frameMs, (text) => {
      if (!o.isCurrent()) return;
      this.shownChars += text.length;
      o.emit({ type: 'delta', requestId: o.requestId, entryId: o.reply.id, text });
      // Saved now and then while streaming, so a reload keeps most of what had arrived.
      if (o.clock.now() - this.lastSave >= o.saveEveryMs) {
        this.lastSave = o.clock.now();
        void o.save();
      }
    });
  }

  /**
   * Reads the events to the end (or to a stop, or to the size cap) and leaves the reply in its final
   * state, notes included. Undefined when the request was superseded: the caller does nothing more.
   */
  async record(events: AsyncIterable<StreamEvent>): Promise<ReplyOutcome | undefined> {
    const { reply, text } = this.o;
    const notices: string[] = [];
    let failure: PathorsError | undefined;
    let completed = false;
    let retrying = false;
    let capped = false;

    for await (const ev of events) {
      if (!this.o.isCurrent()) {
        this.coalescer.cancel();
        return undefined;
      }
      if (this.o.controller.signal.aborted) {
        // Stopped: text that was still buffered here or in flight never reaches the view as a
        // delta; the final update carries everything that arrived before the stop.
        this.coalescer.cancel();
        failure = new PathorsError('aborted', 'Aborted');
        break;
      }
      if (retrying && ev.type !== 'retry') {
        // The attempt got an answer: the "retrying" note has served its purpose.
        retrying = false;
        delete reply.notice;
        this.o.emit({ type: 'update', entry: { ...reply } });
      }
      if (ev.type === 'session') {
        if (isValidSessionId(ev.sessionId)) await this.o.onSession(ev.sessionId);
        else this.o.warn?.(`Ignored a session id that is not 1 to 256 printable ASCII characters: ${escapeSessionId(ev.sessionId)}`);
      } else if (ev.type === 'delta') {
        const part = upTo(ev.text, this.o.maxChars - reply.text.length);
        reply.text += part;
        this.coalescer.push(part);
        if (part.length < ev.text.length) {
          capped = true;
          notices.push(text.replyCapNotice(this.o.maxChars));
          // Nothing more is read: the request ends here, and what arrived is kept.
          this.o.controller.abort();
          break;
        }
      } else if (ev.type === 'finish') {
        const note = text.finishNotice(ev.reason);
        if (note) notices.push(note);
      } else if (ev.type === 'warning') {
        notices.push(text.malformedNotice());
      } else if (ev.type === 'retry') {
        // Retries happen only before any text, so the reply is still empty: the note is all it shows.
        if (text.retryNotice) {
          retrying = true;
          reply.notice = text.retryNotice(Math.max(1, Math.ceil(ev.delayMs / 1000)), ev.attempt, ev.maxRetries);
          this.o.emit({ type: 'update', entry: { ...reply } });
        }
      } else if (ev.type === 'done') {
        completed = true;
      } else if (ev.type === 'error') {
        failure = ev.error;
      }
    }
    if (!this.o.isCurrent()) {
      this.coalescer.cancel();
      return undefined;
    }
    if (failure?.kind === 'aborted') this.coalescer.cancel();
    else this.flush();

    reply.streaming = false;
    if (failure?.kind === 'aborted') notices.push(text.stoppedNotice());
    if (!completed || capped) reply.incomplete = true;
    if (notices.length) reply.notice = notices.join(' ');
    else delete reply.notice;
    return { failure, completed: completed && !capped };
  }

  /**
   * Sends the text the coalescer still holds now rather than at its frame slot: the reply is over
   * and the final update follows at once, so the view draws both in one frame.
   */
  flush(): void {
    this.coalescer.cancel();
    const rest = this.o.reply.text.length - this.shownChars;
    if (rest > 0 && this.o.isCurrent()) {
      this.o.emit({ type: 'delta', requestId: this.o.requestId, entryId: this.o.reply.id, text: this.o.reply.text.slice(this.shownChars) });
      this.shownChars = this.o.reply.text.length;
    }
  }
}

/** The first `room` characters of `text`, never ending inside a surrogate pair. */
function upTo(text: string, room: number): string {
  if (text.length <= room) return text;
  if (room <= 0) return '';
  const code = text.charCodeAt(room - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? room - 1 : room);
}
