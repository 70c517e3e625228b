/** The small interfaces the core needs from its host; VS Code and tests each supply real ones. */
import type { PathorsError } from './errors';
import type { ErrorAction } from '../protocol';
import type { AgentSettings } from './agentTurn';

/** A per-workspace key/value store (VS Code's `workspaceState`, or a Map in tests). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
  /** Every key stored (VS Code's Memento has it); lets a migration find what an index missed. */
  keys?(): readonly string[];
}

/** Timers and time, so coalescing can be driven by real clocks in both hosts. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The global timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** User-facing wording the core needs; the host supplies it localized. */
export interface SessionText {
  /** The message and the actions to offer for a failed request. */
  error(err: PathorsError): { message: string; actions: ErrorAction[] };
  /** A note for a reply that ended for a reason other than `stop`, or undefined to say nothing. */
  finishNotice(reason: string): string | undefined;
  /** A note for a reply in which a chunk could not be read. */
  malformedNotice(): string;
  /** A note for a reply the user stopped. */
  stoppedNotice(): string;
  /** A note for a reply that was cut off by a reload or crash. */
  interruptedNotice(): string;
  /** A note for a reply stopped because it grew past `chars` characters. */
  replyCapNotice(chars: number): string;
  /**
   * A note on a reply waiting to send its request again: retry `attempt` of `maxRetries`, in
   * `seconds`. Without it a retry shows nothing until the reply or the error arrives.
   */
  retryNotice?(seconds: number, attempt: number, maxRetries: number): string;
  /** The error for a server that rejected a request because of its `tools` (HTTP 400 about them). */
  toolsRefused?(err: PathorsError): { message: string; actions: ErrorAction[] };
  /** A note on the reply that ended a tool turn at its step cap (`maxSteps` requests). */
  toolStepCapNotice?(maxSteps: number): string;
}

/** Where and how to send: resolved by the host from settings and SecretStorage for each request. */
export interface Endpoint {
  readonly url: string;
  readonly apiKey: string;
  /** Give up when the server has not started answering (response headers) within this many ms. 0 or absent: no limit. */
  readonly requestTimeoutMs?: number;
  /** Give up when a reply has received nothing for this many ms. 0 or absent: no limit. */
  readonly idleTimeoutMs?: number;
  /**
   * Send every earlier turn with each question and no session id, for servers that keep no
   * conversation (OpenAI-style). Off: only the new turn, with `X-Session-ID` (the Pathors way).
   */
  readonly sendWholeTranscript?: boolean;
  /** The most characters one reply may have (`pathors.maxReplyCharacters`); absent: 2,000,000. */
  readonly maxReplyChars?: number;
  /** The turn may call these tools (tools on, trusted workspace); absent: a plain reply. */
  readonly agent?: AgentSettings;
}
