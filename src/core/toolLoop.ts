/** One agent turn with tools: reply → tool calls → results → next request in the same session, until an answer, the step cap or Stop. */
import { PathorsError } from './errors';
import { streamChat, type ChatRequest } from './pathorsClient';
import type { ChatMessage, StreamEvent } from './streamEvents';
import { parseToolArguments, type ToolCall, type ToolDefinition } from './toolCalls';
import { nextRequestMessages, type ToolResult } from './toolMessages';

/** A tool the agent may call. */
export interface Tool {
  readonly definition: ToolDefinition;
  /** Reads only: runs without asking unless the user wants to be asked (see {@link ToolLoopOptions.askReadOnly}). */
  readonly readOnly: boolean;
  /** The tool asks the user itself (an edit's diff review): the sidebar shows no approval card before it. */
  readonly asksItself?: boolean;
  /** How long this tool may run, when it needs longer than the loop's {@link ToolLoopOptions.toolTimeoutMs} (a test suite). */
  readonly timeoutMs?: number;
  /**
   * Why this call must be approved even though the tool only reads (a deny-listed file), in
   * words for the user; undefined when it needs no more than the tool's usual approval. The
   * call then runs only if the user allows it, with {@link InvokeOptions.allowedByUser}.
   */
  askWhy?(args: Record<string, unknown>): Promise<string | undefined>;
  /**
   * Runs the call and returns what the agent reads. Throwing is fine: the agent is told. The
   * signal is aborted on Stop and on timeout; a tool that ignores it is no longer waited for.
   */
  invoke(args: Record<string, unknown>, signal: AbortSignal, options?: InvokeOptions): Promise<string>;
}

/** What the user granted a call on top of running it. */
export interface InvokeOptions {
  /** The user allowed this one call after being told why it asks ({@link Tool.askWhy}). */
  readonly allowedByUser?: boolean;
}

/** The user's answer to a call that needs approval. */
export type Approval =
  /** `args`: the arguments as the user edited them (a command changed before running). */
  | { readonly allowed: true; readonly args?: Record<string, unknown> }
  | { readonly allowed: false; readonly reason?: string };

/** A call waiting for the user's approval. */
export interface ApprovalRequest {
  readonly call: ToolCall;
  readonly args: Record<string, unknown>;
  readonly readOnly: boolean;
  /** Why a read-only call asks anyway ({@link Tool.askWhy}); such an approval covers this call only. */
  readonly why?: string;
}

/** What the loop reports while it runs, for the view and the transcript. */
export type ToolLoopEvent =
  /** An event of step `step`'s reply stream (steps count from 1). */
  | { readonly type: 'stream'; readonly step: number; readonly event: StreamEvent }
  | { readonly type: 'toolStart'; readonly step: number; readonly call: ToolCall }
  | { readonly type: 'toolResult'; readonly step: number; readonly call: ToolCall; readonly content: string; readonly status: ToolResultStatus }
  /** The step cap ended the turn while the agent still asked for tools. */
  | { readonly type: 'capped'; readonly maxSteps: number };

/** How a call ended: ran, failed (bad call, error, timeout) or was denied by the user. */
export type ToolResultStatus = 'ok' | 'error' | 'denied';

/** How a turn ended. */
export interface ToolLoopResult {
  /** `answered`: a reply without tool calls; `capped`: the step cap; `aborted`: Stop; `failed`: a request failed. */
  readonly end: 'answered' | 'capped' | 'aborted' | 'failed';
  readonly error?: PathorsError;
  /** Requests sent. */
  readonly steps: number;
  /** The session id the server named last (or the one given). */
  readonly sessionId: string | undefined;
  /** The text of the last reply. */
  readonly text: string;
  /**
   * After `capped`: the calls that were not run, each with a result saying so. A server expects
   * an answer to every call, so these go first in the next request (see {@link nextRequestMessages}).
   */
  readonly unanswered: readonly ToolResult[];
}

/** What a turn needs. */
export interface ToolLoopOptions {
  /** The request as for a plain reply: url, key, fetch, timeouts. Its `messages` open the turn. */
  readonly request: Omit<ChatRequest, 'tools' | 'signal'>;
  /** Send the whole history every step (a server without sessions) instead of only the new messages. */
  readonly wholeTranscript: boolean;
  readonly tools: readonly Tool[];
  /** Asks the user about a call; must settle or watch the signal (Stop while it waits). */
  readonly approve: (request: ApprovalRequest, signal: AbortSignal) => Promise<Approval>;
  /** Also ask before read-only tools. Default false. */
  readonly askReadOnly?: boolean;
  readonly signal: AbortSignal;
  /** Most requests in one turn. Default {@link DEFAULT_MAX_STEPS}. */
  readonly maxSteps?: number;
  /** A tool that takes longer is given up on. Default {@link DEFAULT_TOOL_TIMEOUT_MS}. */
  readonly toolTimeoutMs?: number;
  /** Longest result the agent gets; longer ones are cut, and the cut is said. Default {@link DEFAULT_MAX_RESULT_CHARS}. */
  readonly maxResultChars?: number;
  readonly onEvent?: (event: ToolLoopEvent) => void;
  /** The client; defaults to {@link streamChat}. */
  readonly stream?: (req: ChatRequest) => AsyncIterable<StreamEvent>;
}

/** Requests per turn unless configured. */
export const DEFAULT_MAX_STEPS = 10;
/** Long enough for a search in a large workspace, short enough that a stuck tool does not hold the turn. */
export const DEFAULT_TOOL_TIMEOUT_MS = 30_000;
/** A safety net under each tool's own caps: enough for a long file, far below a context window. */
export const DEFAULT_MAX_RESULT_CHARS = 100_000;

class Aborted extends Error {}

/** Runs one turn; never throws for network, server or tool failures. */
export async function runToolLoop(o: ToolLoopOptions): Promise<ToolLoopResult> {
  const maxSteps = Math.max(1, o.maxSteps ?? DEFAULT_MAX_STEPS);
  const stream = o.stream ?? streamChat;
  const definitions = o.tools.map((t) => t.definition);
  let sessionId = o.request.sessionId;
  let history: ChatMessage[] = [...o.request.messages];
  let messages: ChatMessage[] = history;
  let text = '';
  const ended = (end: ToolLoopResult['end'], steps: number, extra: Partial<ToolLoopResult> = {}): ToolLoopResult => ({
    end,
    steps,
    sessionId,
    text,
    unanswered: [],
    ...extra,
  });

  for (let step = 1; ; step++) {
    if (o.signal.aborted) return ended('aborted', step - 1);
    const request: ChatRequest = {
      ...o.request,
      sessionId: o.wholeTranscript ? undefined : sessionId,
      messages,
      tools: definitions,
      signal: o.signal,
    };
    text = '';
    let calls: readonly ToolCall[] = [];
    let error: PathorsError | undefined;
    for await (const event of stream(request)) {
      o.onEvent?.({ type: 'stream', step, event });
      if (event.type === 'delta') text += event.text;
      else if (event.type === 'toolCalls') calls = event.calls;
      else if (event.type === 'session') sessionId = event.sessionId;
      else if (event.type === 'error') error = event.error;
    }
    if (o.signal.aborted || error?.kind === 'aborted') return ended('aborted', step);
    if (error) return ended('failed', step, { error });
    if (calls.length === 0) return ended('answered', step);
    if (step >= maxSteps) {
      o.onEvent?.({ type: 'capped', maxSteps });
      const content = `Not run: this turn reached its limit of ${maxSteps} steps.`;
      return ended('capped', step, { unanswered: calls.map((call) => ({ call, content })) });
    }

    const results: ToolResult[] = [];
    for (const call of calls) {
      if (o.signal.aborted) return ended('aborted', step);
      o.onEvent?.({ type: 'toolStart', step, call });
      let outcome: { content: string; status: ToolResultStatus };
      try {
        outcome = await runCall(o, call);
      } catch (err) {
        if (err instanceof Aborted) return ended('aborted', step);
        throw err;
      }
      const content = capResult(outcome.content, o.maxResultChars ?? DEFAULT_MAX_RESULT_CHARS);
      results.push({ call, content });
      o.onEvent?.({ type: 'toolResult', step, call, content, status: outcome.status });
    }
    // Stop after the last tool: its result stays unsent, and no request goes out.
    if (o.signal.aborted) return ended('aborted', step);
    messages = nextRequestMessages({ sessionId, wholeTranscript: o.wholeTranscript }, history, text, results);
    history = nextRequestMessages({ sessionId: undefined, wholeTranscript: true }, history, text, results);
  }
}

/** One call, from its arguments to its result; throws only {@link Aborted}. */
async function runCall(o: ToolLoopOptions, call: ToolCall): Promise<{ content: string; status: ToolResultStatus }> {
  const tool = o.tools.find((t) => t.definition.function.name === call.name);
  if (!tool) {
    const names = o.tools.map((t) => t.definition.function.name).join(', ');
    return { status: 'error', content: `Error: there is no tool named "${call.name}". Available tools: ${names || 'none'}.` };
  }
  const parsed = parseToolArguments(call.arguments);
  if (!parsed) {
    return { status: 'error', content: `Error: the arguments of ${call.name} must be a JSON object; got: ${call.arguments.slice(0, 200)}` };
  }
  let args = parsed;
  const missing = requiredOf(tool.definition).filter((name) => parsed[name] === undefined);
  if (missing.length > 0) {
    return { status: 'error', content: `Error: ${call.name} needs the parameter(s) ${missing.join(', ')}.` };
  }
  // A tool that cannot say whether it must ask lets the call run, and refuses it itself if need be.
  const why = await untilAborted(Promise.resolve().then(() => tool.askWhy?.(parsed)), o.signal).catch((err: unknown) => {
    if (err instanceof Aborted) throw err;
    return undefined;
  });
  if (!tool.readOnly || o.askReadOnly || why) {
    const request: ApprovalRequest = why ? { call, args, readOnly: tool.readOnly, why } : { call, args, readOnly: tool.readOnly };
    const approval = await untilAborted(o.approve(request, o.signal), o.signal).catch((err: unknown) => {
      if (err instanceof Aborted) throw err;
      return { allowed: false, reason: undefined } as const;
    });
    if (o.signal.aborted) throw new Aborted();
    if (!approval.allowed) {
      const why = approval.reason?.trim() ? ` Their reason: ${approval.reason.trim()}` : '';
      return { status: 'denied', content: `The user denied this call; it did not run.${why}` };
    }
    if (approval.args) args = approval.args;
  }
  const timeoutMs = tool.timeoutMs ?? o.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  o.signal.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const content = await untilAborted(
      Promise.resolve().then(() => (why ? tool.invoke(args, controller.signal, { allowedByUser: true }) : tool.invoke(args, controller.signal))),
      controller.signal,
    );
    return { status: 'ok', content: typeof content === 'string' ? content : String(content) };
  } catch (err) {
    if (o.signal.aborted) throw new Aborted();
    if (timedOut) return { status: 'error', content: `Error: ${call.name} did not finish within ${timeoutMs / 1000} s and was stopped.` };
    const message = err instanceof Error ? err.message : String(err);
    return { status: 'error', content: `Error: ${call.name} failed: ${message}` };
  } finally {
    clearTimeout(timer);
    o.signal.removeEventListener('abort', onAbort);
  }
}

/** The parameters a tool's JSON schema lists as required. */
function requiredOf(definition: ToolDefinition): string[] {
  const required = (definition.function.parameters as { required?: unknown } | undefined)?.required;
  return Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : [];
}

/** `promise`, or an {@link Aborted} rejection as soon as `signal` aborts, whichever comes first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function capResult(content: string, max: number): string {
  if (content.length <= max) return content;
  return `${content.slice(0, max)}\n[Cut: the result had ${content.length} characters; only the first ${max} are shown.]`;
}
