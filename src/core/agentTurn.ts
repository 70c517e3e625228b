/** A sidebar turn with tools: runs the tool loop and keeps its replies, calls, approvals and results as transcript entries. */
import type { ApprovalDecision, ToolCallInfo, TranscriptEntry } from '../protocol';
import type { PathorsError } from './errors';
import { streamChat, type ChatRequest } from './pathorsClient';
import type { SessionText } from './ports';
import type { ReplyOutcome, ReplyRecorder } from './replyRecorder';
import type { StreamEvent } from './streamEvents';
import type { ToolCall } from './toolCalls';
import { cutForDisplay, isUnsettled, toolEntry } from './toolEntries';
import { runToolLoop, type Approval, type ApprovalRequest, type Tool, type ToolLoopEvent } from './toolLoop';

/** The tools of a turn and how they are asked for, from the host's settings. */
export interface AgentSettings {
  readonly tools: readonly Tool[];
  /** Ask before read-only tools too. */
  readonly askReadOnly?: boolean;
  /** Most requests in one turn (`pathors.tools.maxSteps`). */
  readonly maxSteps?: number;
  readonly toolTimeoutMs?: number;
}

/**
 * Whether a failed request was refused because of its tools: HTTP 400 whose message speaks of
 * them (`tools`, `tool_choice`, `function calling`). Any other 400 is an ordinary error.
 */
export function refusedTools(err: PathorsError): boolean {
  return err.kind === 'badRequest' && /\btools?\b|tool_choice|tool_calls|function.?call/i.test(`${err.detail ?? ''} ${err.message}`);
}

/** What the agent is told about a call the user's Stop left unrun. */
export const STOPPED_RESULT = 'Not run: the user stopped this turn before the call ran.';

/** What the user answered on an approval card. */
export interface ApprovalAnswer {
  readonly decision: ApprovalDecision;
  /** A denial's reason, or empty. */
  readonly reason: string;
  /** `run_command`: the command as the user edited it, or empty for the agent's own. */
  readonly command: string;
}

/** Calls that wait for the user, by the id of their transcript entry. */
export class PendingApprovals {
  private readonly waiting = new Map<string, (answer: ApprovalAnswer) => void>();

  /** Waits for the user's answer on entry `entryId`; rejects when `signal` aborts (Stop). */
  wait(entryId: string, signal: AbortSignal): Promise<ApprovalAnswer> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiting.delete(entryId);
        reject(new Error('stopped'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(entryId, (answer) => {
        signal.removeEventListener('abort', onAbort);
        this.waiting.delete(entryId);
        resolve(answer);
      });
    });
  }

  /**
   * The user answered on the card of `entryId`.
   * @returns false when no call waits there (answered already, stopped, or never asked): nothing happens
   */
  answer(entryId: string, answer: ApprovalAnswer): boolean {
    const settle = this.waiting.get(entryId);
    settle?.(answer);
    return settle !== undefined;
  }

  /** Whether a call waits on entry `entryId`. */
  has(entryId: string): boolean {
    return this.waiting.has(entryId);
  }
}

/** What a turn needs from the session that owns the transcript. */
export interface AgentTurnHost {
  readonly text: SessionText;
  newId(): string;
  /** Adds an entry at the end of the transcript and shows it. */
  append(entry: TranscriptEntry): void;
  remove(entryId: string): void;
  /** Shows an entry's new state. */
  update(entry: TranscriptEntry): void;
  save(): Promise<void>;
  /** A recorder for one reply entry, with `text` as its wording. */
  recorder(reply: TranscriptEntry, text: SessionText): ReplyRecorder;
  readonly approvals: PendingApprovals;
  /** Read-only tools the user allowed for the whole conversation. */
  readonly allowedTools: Set<string>;
}

/** How the turn ended, for the session's usual ending (error entry, busy off). */
export interface AgentTurnOutcome {
  /** The last reply's outcome; undefined when the request was superseded. */
  readonly outcome: ReplyOutcome | undefined;
  /** The last reply entry, if it is still in the transcript. */
  readonly reply: TranscriptEntry | undefined;
}

type ToolEntry = TranscriptEntry & { tool: ToolCallInfo };

/** One turn; {@link AgentTurn.run} runs once. */
export class AgentTurn {
  private reply: TranscriptEntry | undefined;
  private outcome: ReplyOutcome | undefined;
  /** The calls of the latest reply whose results have not gone out yet. */
  private owed: readonly ToolCall[] = [];
  private readonly entries = new Map<string, ToolEntry>();
  private readonly text: SessionText;

  constructor(
    private readonly host: AgentTurnHost,
    private readonly settings: AgentSettings,
    firstReply: TranscriptEntry,
  ) {
    this.reply = firstReply;
    const base = host.text;
    // A reply that ends by calling tools is not cut short: the loop runs them.
    this.text = { ...base, finishNotice: (reason) => (reason === 'tool_calls' ? undefined : base.finishNotice(reason)) };
  }

  async run(request: Omit<ChatRequest, 'tools' | 'signal'>, wholeTranscript: boolean, signal: AbortSignal): Promise<AgentTurnOutcome> {
    const result = await runToolLoop({
      request,
      wholeTranscript,
      tools: this.settings.tools,
      askReadOnly: this.settings.askReadOnly,
      maxSteps: this.settings.maxSteps,
      toolTimeoutMs: this.settings.toolTimeoutMs,
      signal,
      approve: (req, s) => this.approve(req, s),
      onEvent: (e) => this.onEvent(e),
      stream: (req) => this.step(req),
    });
    if (result.end === 'aborted' || result.end === 'capped') {
      const notRun = new Map(result.unanswered.map((r) => [r.call.id, r.content]));
      for (const call of this.owed) this.owe(call, notRun.get(call.id));
    }
    const reply = this.reply;
    if (result.end === 'capped' && reply && this.host.text.toolStepCapNotice) {
      const note = this.host.text.toolStepCapNotice(this.settings.maxSteps ?? result.steps);
      reply.notice = reply.notice ? `${reply.notice} ${note}` : note;
    } else if (reply && reply.text === '' && !reply.notice && this.owed.length > 0) {
      // Stopped between the reply that called tools and the tools: the calls' entries say it all.
      this.drop(reply);
    }
    return { outcome: this.outcome, reply: this.reply };
  }

  /** One step's request: streamed into a reply entry of its own, and passed on to the loop. */
  private async *step(req: ChatRequest): AsyncGenerator<StreamEvent> {
    this.owed = [];
    let reply = this.reply;
    if (!reply) {
      reply = { id: this.host.newId(), role: 'assistant', text: '', streaming: true };
      this.reply = reply;
      this.host.append(reply);
    }
    const queue = new EventQueue<StreamEvent>();
    const recording = this.host.recorder(reply, this.text).record(queue);
    try {
      for await (const event of streamChat(req)) {
        if (event.type === 'toolCalls') this.owed = event.calls;
        queue.push(event);
        yield event;
      }
    } finally {
      queue.end();
      this.outcome = await recording;
    }
    // The reply is final now (the recorder set its end state); the view gets it before any tool entry.
    if (this.outcome) this.host.update(reply);
  }

  private onEvent(e: ToolLoopEvent): void {
    if (e.type === 'toolStart') {
      // The reply that called is over; an empty one is replaced by its calls' entries.
      if (this.reply?.text === '' && !this.reply.notice) this.drop(this.reply);
      this.reply = undefined;
      const tool = this.settings.tools.find((t) => t.definition.function.name === e.call.name);
      const entry = toolEntry(this.host.newId(), e.call, tool?.readOnly ?? true);
      this.entries.set(e.call.id, entry);
      this.host.append(entry);
      void this.host.save();
    } else if (e.type === 'toolResult') {
      const entry = this.entries.get(e.call.id);
      if (!entry) return;
      entry.tool.status = e.status;
      entry.tool.result = cutForDisplay(e.content);
      this.host.update(entry);
      void this.host.save();
    }
  }

  private async approve(req: ApprovalRequest, signal: AbortSignal): Promise<Approval> {
    const entry = this.entries.get(req.call.id);
    if (!entry) return { allowed: false, reason: 'The call could not be shown to the user.' };
    // "Allow for this conversation" covers a tool's ordinary calls, never one that says why it asks.
    if (req.readOnly && !req.why && this.host.allowedTools.has(req.call.name)) return { allowed: true };
    const tool = this.settings.tools.find((t) => t.definition.function.name === req.call.name);
    if (tool?.asksItself && !req.readOnly) return { allowed: true };
    entry.tool.status = 'waiting';
    if (req.why) entry.tool.why = req.why;
    this.host.update(entry);
    void this.host.save();
    const answer = await this.host.approvals.wait(entry.id, signal);
    if (answer.decision === 'deny') {
      entry.tool.status = 'denied';
      const reason = answer.reason.trim();
      if (reason) entry.tool.reason = reason;
      this.host.update(entry);
      return { allowed: false, reason: reason || undefined };
    }
    if (answer.decision === 'allowConversation' && req.readOnly && !req.why) this.host.allowedTools.add(req.call.name);
    entry.tool.status = 'running';
    const command = answer.command.trim();
    // The command the user approved is the one that runs, and the one the entry shows.
    const edited = typeof req.args.command === 'string' && command !== '' && command !== req.args.command ? { ...req.args, command } : undefined;
    if (edited) entry.tool.arguments = cutForDisplay(JSON.stringify(edited));
    this.host.update(entry);
    return edited ? { allowed: true, args: edited } : { allowed: true };
  }

  /** A call whose result did not go out: it is sent before the next question. */
  private owe(call: ToolCall, notRun: string | undefined): void {
    let entry = this.entries.get(call.id);
    if (!entry) {
      entry = toolEntry(this.host.newId(), call, true);
      entry.tool.status = notRun ? 'notRun' : 'stopped';
      entry.tool.result = notRun ?? STOPPED_RESULT;
      this.entries.set(call.id, entry);
      this.host.append(entry);
    } else if (isUnsettled(entry.tool)) {
      entry.tool.status = 'stopped';
      entry.tool.result = STOPPED_RESULT;
    }
    entry.tool.unsent = true;
    this.host.update(entry);
  }

  private drop(reply: TranscriptEntry): void {
    this.host.remove(reply.id);
    if (this.reply === reply) this.reply = undefined;
  }
}

/** An async iterable fed by pushes: lets the reply's recorder read the stream the loop reads. */
class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  push(item: T): void {
    if (this.ended) return;
    this.items.push(item);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}
