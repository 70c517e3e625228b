/** One conversation: its transcript, its Pathors session id, and at most one request at a time. */
import type { AttachmentChip, ContextChip, ErrorAction, TranscriptEntry } from '../protocol';
import { SecretRedactor } from './redact';
import { ReplyRecorder, type SessionUpdate } from './replyRecorder';
import { isValidSessionId } from './sessionId';
import { streamChat, type ChatRequest } from './pathorsClient';
import type { RetryPolicy } from './retryPolicy';
import { historyBefore, restoreEntries, userMessage } from './transcript';
import { systemClock, type Clock, type Endpoint, type SessionText } from './ports';
import type { TranscriptStore } from './transcriptStore';

export type { SessionUpdate } from './replyRecorder';

/** A user turn to send. */
export interface UserTurn {
  /** What the user typed (shown in the chat). */
  readonly text: string;
  /** What is sent to the server, when it differs from `text` (question plus attached context). */
  readonly prompt?: string;
  readonly context?: ContextChip;
  /** What was attached, as chips (the content is in `prompt`). */
  readonly attachments?: readonly AttachmentChip[];
  /**
   * The question was edited: it starts a new server session, so the earlier turns of this
   * (copied) transcript are sent with it.
   */
  readonly replay?: boolean;
}

export interface ChatSessionOptions {
  /** Where the transcript and session id are kept. */
  readonly store: TranscriptStore;
  readonly text: SessionText;
  readonly clock?: Clock;
  /** Minimum time between two delta updates to the view (one animation frame). */
  readonly frameMs?: number;
  /** Minimum time between two transcript saves while a reply streams. */
  readonly saveEveryMs?: number;
  readonly fetch?: typeof fetch;
  /** How failed requests are retried; defaults to the client's policy. */
  readonly retry?: Partial<RetryPolicy>;
  /** Makes unique ids; tests may pass a counter. */
  readonly newId?: () => string;
  /** Where problems that are not the user's to fix are reported (a server's unusable session id). */
  readonly log?: { warn(line: string): void };
}

/** The most characters one reply may have unless the endpoint says otherwise: about 2 MB of text. */
export const DEFAULT_MAX_REPLY_CHARS = 2_000_000;

/** One frame at 60 Hz: 16 ms would allow 62 updates a second. */
const FRAME_MS = 1000 / 60;

interface ActiveRequest {
  readonly requestId: string;
  readonly controller: AbortController;
  readonly reply: TranscriptEntry;
  readonly done: Promise<void>;
}

/**
 * Owns the transcript and the session id, persists both in the store, streams
 * replies, and coalesces deltas so the view gets at most one update per frame.
 */
export class ChatSession {
  private entries: TranscriptEntry[];
  private sessionIdValue: string | undefined;
  private active: ActiveRequest | undefined;
  private readonly listeners = new Set<(u: SessionUpdate) => void>();
  private readonly clock: Clock;
  private readonly newId: () => string;

  constructor(private readonly opts: ChatSessionOptions) {
    this.clock = opts.clock ?? systemClock;
    this.newId = opts.newId ?? (() => globalThis.crypto.randomUUID());
    const stored = opts.store.load();
    // An id stored before ids were checked is dropped rather than sent back.
    this.sessionIdValue = isValidSessionId(stored.sessionId) ? stored.sessionId : undefined;
    this.entries = restoreEntries(stored.entries, opts.text.interruptedNotice());
  }

  /** The Pathors session id of this conversation, once the server has given one. */
  get sessionId(): string | undefined {
    return this.sessionIdValue;
  }

  /** The transcript, oldest first. */
  get transcript(): readonly TranscriptEntry[] {
    return this.entries;
  }

  /** The id of the request in flight, or null. */
  get busyRequestId(): string | null {
    return this.active?.requestId ?? null;
  }

  /** Subscribes to updates; returns the unsubscribe function. */
  onUpdate(listener: (u: SessionUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when no request is in flight. */
  async whenIdle(): Promise<void> {
    while (this.active) await this.active.done;
  }

  /**
   * Appends a user turn and streams the reply. Returns false (and changes nothing)
   * when a request is already in flight.
   */
  send(turn: UserTurn, endpoint: Endpoint): boolean {
    if (this.active) return false;
    this.start(this.appendUser(turn), endpoint);
    return true;
  }

  /**
   * Records a turn that was not sent (the host would not send the key to the URL): the question
   * stays in the transcript, followed by an error saying why, whose Retry sends it.
   * @returns false, as no request started.
   */
  reject(turn: UserTurn, message: string, actions: ErrorAction[]): boolean {
    if (this.active) return false;
    const user = this.appendUser(turn);
    const error: TranscriptEntry = { id: this.newId(), role: 'error', text: message, actions, forEntry: user.id };
    this.entries.push(error);
    this.emit({ type: 'append', entry: error });
    void this.save();
    return false;
  }

  private appendUser(turn: UserTurn): TranscriptEntry {
    const user: TranscriptEntry = { id: this.newId(), role: 'user', text: turn.text };
    if (turn.prompt !== undefined && turn.prompt !== turn.text) user.prompt = turn.prompt;
    if (turn.context) user.context = turn.context;
    if (turn.attachments?.length) user.attachments = [...turn.attachments];
    if (turn.replay) user.replayed = historyBefore(this.entries, user).length;
    this.entries.push(user);
    this.emit({ type: 'append', entry: user });
    return user;
  }

  /**
   * Sends an earlier user turn again (after a failed request), removing the error
   * shown for it. Returns false when busy or when the entry is not a user turn.
   */
  resend(userEntryId: string, endpoint: Endpoint): boolean {
    if (this.active) return false;
    const user = this.entries.find((e) => e.id === userEntryId && e.role === 'user');
    if (!user) return false;
    for (const e of this.entries.filter((x) => x.role === 'error' && x.forEntry === userEntryId)) this.removeEntry(e.id);
    this.start(user, endpoint);
    return true;
  }

  /**
   * Asks the question a reply answered again, as a new turn (Regenerate, or Retry after a Stop).
   * The server keeps the conversation, so the earlier reply stays in it and in the transcript; the
   * new turn says it was asked again. Returns false when busy or when `replyEntryId` is not a reply.
   */
  askAgain(replyEntryId: string, endpoint: Endpoint): boolean {
    if (this.active) return false;
    const at = this.entries.findIndex((e) => e.id === replyEntryId && e.role === 'assistant');
    let q = at;
    while (q > 0 && this.entries[q - 1].role !== 'user') q--;
    const question = q > 0 ? this.entries[q - 1] : undefined;
    if (at < 0 || !question) return false;
    const user: TranscriptEntry = { id: this.newId(), role: 'user', text: question.text, repeatOf: question.id };
    if (question.prompt !== undefined) user.prompt = question.prompt;
    if (question.context) user.context = question.context;
    if (question.attachments) user.attachments = question.attachments;
    this.entries.push(user);
    this.emit({ type: 'append', entry: user });
    this.start(user, endpoint);
    return true;
  }

  /** The user turn an error entry belongs to, if any. */
  userTurnForError(errorEntryId: string): TranscriptEntry | undefined {
    const err = this.entries.find((e) => e.id === errorEntryId && e.role === 'error');
    return err?.forEntry ? this.entries.find((e) => e.id === err.forEntry && e.role === 'user') : undefined;
  }

  /** Aborts the request in flight; what arrived is kept and marked incomplete. */
  stop(): void {
    this.active?.controller.abort();
  }

  /** Aborts any request and forgets the transcript and the session id. */
  async newChat(): Promise<void> {
    const active = this.active;
    this.active = undefined;
    active?.controller.abort();
    this.entries = [];
    this.sessionIdValue = undefined;
    this.emit({ type: 'busy', requestId: null });
    this.emit({ type: 'reset' });
    await this.save();
  }

  /**
   * For shutdown: aborts the request and saves. The reply is saved as still streaming, so it
   * comes back marked interrupted after a reload; nothing more is sent to the view.
   */
  async dispose(): Promise<void> {
    const active = this.active;
    if (active) {
      this.active = undefined;
      active.controller.abort();
      // A "retrying" note means nothing after a reload.
      delete active.reply.notice;
    }
    await this.save();
  }

  private start(user: TranscriptEntry, endpoint: Endpoint): void {
    const reply: TranscriptEntry = { id: this.newId(), role: 'assistant', text: '', streaming: true };
    const requestId = this.newId();
    const controller = new AbortController();
    this.entries.push(reply);
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const active: ActiveRequest = { requestId, controller, reply, done };
    this.active = active;
    this.emit({ type: 'busy', requestId });
    this.emit({ type: 'append', entry: { ...reply } });
    // Saved now so the user's turn survives a reload even if the reply never arrives.
    void this.save();
    // A Pathors server holds the conversation, so only the new turn is sent with the session id.
    // A server without sessions, or a new session after an edit, needs the turns before it too.
    const wholeTranscript = endpoint.sendWholeTranscript === true;
    const replay = wholeTranscript || user.replayed !== undefined;
    const request: ChatRequest = {
      url: endpoint.url,
      apiKey: endpoint.apiKey,
      sessionId: wholeTranscript ? undefined : this.sessionIdValue,
      messages: replay ? [...historyBefore(this.entries, user), userMessage(user)] : [userMessage(user)],
      signal: controller.signal,
      fetch: this.opts.fetch,
      requestTimeoutMs: endpoint.requestTimeoutMs,
      idleTimeoutMs: endpoint.idleTimeoutMs,
      retry: this.opts.retry,
    };
    void this.run(active, user, request, endpoint.maxReplyChars ?? DEFAULT_MAX_REPLY_CHARS).finally(resolveDone);
  }

  private async run(active: ActiveRequest, user: TranscriptEntry, request: ChatRequest, maxChars: number): Promise<void> {
    const { reply, requestId } = active;
    const recorder = new ReplyRecorder({
      reply,
      requestId,
      controller: active.controller,
      clock: this.clock,
      frameMs: this.opts.frameMs ?? FRAME_MS,
      text: this.opts.text,
      maxChars,
      isCurrent: () => this.active === active,
      emit: (u) => this.emit(u),
      save: () => this.save(),
      saveEveryMs: this.opts.saveEveryMs ?? 1000,
      onSession: async (id) => {
        if (id === this.sessionIdValue) return;
        this.sessionIdValue = id;
        await this.save();
      },
      warn: (line) => this.opts.log?.warn(line),
    });
    const outcome = await recorder.record(streamChat(request));
    if (!outcome) return;
    const { failure } = outcome;
    if (failure && failure.kind !== 'aborted' && reply.text === '') {
      // Nothing arrived: the error takes the reply's place.
      this.entries = this.entries.filter((e) => e !== reply);
      this.emit({ type: 'remove', entryId: reply.id });
    } else {
      this.emit({ type: 'update', entry: { ...reply } });
    }
    if (failure && failure.kind !== 'aborted') {
      const { message, actions } = this.opts.text.error(failure);
      // The server's own words are part of the message; a server that echoes the request must not
      // get the key into the transcript, which is stored and exported.
      const redactor = new SecretRedactor();
      redactor.add(request.apiKey);
      const error: TranscriptEntry = { id: this.newId(), role: 'error', text: redactor.redact(message), actions, forEntry: user.id };
      this.entries.push(error);
      this.emit({ type: 'append', entry: error });
    }
    this.active = undefined;
    this.emit({ type: 'busy', requestId: null });
    await this.save();
  }

  private removeEntry(id: string): void {
    this.entries = this.entries.filter((e) => e.id !== id);
    this.emit({ type: 'remove', entryId: id });
  }

  private async save(): Promise<void> {
    await this.opts.store.save(this.entries, this.sessionIdValue);
  }

  private emit(update: SessionUpdate): void {
    for (const l of this.listeners) l(update);
  }
}
