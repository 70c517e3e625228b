/** One conversation: its transcript, its Pathors session id, and at most one request at a time. */
import type { ApprovalDecision, AttachmentChip, ContextChip, ErrorAction, TranscriptEntry } from '../protocol';
import { AgentTurn, PendingApprovals, refusedTools, type AgentTurnHost } from './agentTurn';
import { SecretRedactor } from './redact';
import { ReplyRecorder, type ReplyOutcome, type SessionUpdate } from './replyRecorder';
import { isValidSessionId } from './sessionId';
import { streamChat, type ChatRequest } from './pathorsClient';
import type { RetryPolicy } from './retryPolicy';
import { historyBefore, restoreEntries, userMessage } from './transcript';
import { systemClock, type Clock, type Endpoint, type SessionText } from './ports';
import type { TranscriptStore } from './transcriptStore';
import { dropUnsentResults, takeUnsentResults } from './toolEntries';

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
  private readonly approvals = new PendingApprovals();
  /** Read-only tools the user allowed for this conversation on an approval card. */
  private readonly allowedTools = new Set<string>();

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

  /**
   * The user's answer on the approval card of tool entry `entryId`.
   * @returns false when no call of the running turn waits there: nothing happens
   */
  answerApproval(entryId: string, decision: ApprovalDecision, reason: string, command = ''): boolean {
    return this.approvals.answer(entryId, { decision, reason, command });
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
    this.allowedTools.clear();
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
    // Results a stopped or capped turn still owes the server go first; a replayed history has no calls to answer.
    const owed = replay ? (dropUnsentResults(this.entries), []) : takeUnsentResults(this.entries);
    const request: ChatRequest = {
      url: endpoint.url,
      apiKey: endpoint.apiKey,
      sessionId: wholeTranscript ? undefined : this.sessionIdValue,
      messages: replay ? [...historyBefore(this.entries, user), userMessage(user)] : [...owed, userMessage(user)],
      signal: controller.signal,
      fetch: this.opts.fetch,
      requestTimeoutMs: endpoint.requestTimeoutMs,
      idleTimeoutMs: endpoint.idleTimeoutMs,
      retry: this.opts.retry,
    };
    const maxChars = endpoint.maxReplyChars ?? DEFAULT_MAX_REPLY_CHARS;
    void this.run(active, user, request, maxChars, endpoint.agent && { settings: endpoint.agent, wholeTranscript }).finally(resolveDone);
  }

  private async run(
    active: ActiveRequest,
    user: TranscriptEntry,
    request: ChatRequest,
    maxChars: number,
    agent?: { settings: NonNullable<Endpoint['agent']>; wholeTranscript: boolean },
  ): Promise<void> {
    let reply: TranscriptEntry | undefined = active.reply;
    let outcome: ReplyOutcome | undefined;
    if (agent) {
      const turn = new AgentTurn(this.agentHost(active, maxChars), agent.settings, active.reply);
      ({ outcome, reply } = await turn.run(request, agent.wholeTranscript, active.controller.signal));
    } else {
      outcome = await this.recorder(active, active.reply, maxChars, this.opts.text).record(streamChat(request));
    }
    if (!outcome) return;
    const { failure } = outcome;
    if (!reply) {
      // The turn ended on a tool call's entry, which says how it went.
    } else if (failure && failure.kind !== 'aborted' && reply.text === '') {
      // Nothing arrived: the error takes the reply's place.
      this.removeEntry(reply.id);
    } else {
      this.emit({ type: 'update', entry: { ...reply } });
    }
    if (failure && failure.kind !== 'aborted') {
      const toolsRefused = agent && refusedTools(failure) ? this.opts.text.toolsRefused : undefined;
      const { message, actions } = toolsRefused ? toolsRefused(failure) : this.opts.text.error(failure);
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

  /** What an agent turn may do to this conversation while it is the one in flight. */
  private agentHost(active: ActiveRequest, maxChars: number): AgentTurnHost {
    const current = () => this.active === active;
    return {
      text: this.opts.text,
      newId: this.newId,
      append: (entry) => {
        if (!current()) return;
        this.entries.push(entry);
        this.emit({ type: 'append', entry: structuredClone(entry) });
      },
      remove: (id) => current() && this.removeEntry(id),
      update: (entry) => current() && this.emit({ type: 'update', entry: structuredClone(entry) }),
      save: () => (current() ? this.save() : Promise.resolve()),
      recorder: (reply, text) => this.recorder(active, reply, maxChars, text),
      approvals: this.approvals,
      allowedTools: this.allowedTools,
    };
  }

  private recorder(active: ActiveRequest, reply: TranscriptEntry, maxChars: number, text: SessionText): ReplyRecorder {
    const { requestId } = active;
    return new ReplyRecorder({
      reply,
      requestId,
      controller: active.controller,
      clock: this.clock,
      frameMs: this.opts.frameMs ?? FRAME_MS,
      text,
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
