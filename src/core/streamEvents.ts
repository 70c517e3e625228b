/** The messages a chat request carries and the typed events its reply streams back; shared by the client and the chunk reader. */
import type { PathorsError } from './errors';

/** One message of the OpenAI-style `messages` array. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** Token counts a server reported. Only real counts are given: Pathors sends -1 for "unknown". */
export interface TokenUsage {
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  readonly totalTokens?: number;
}

/** What the stream tells the caller, in order. `done` and `error` are always last. */
export type StreamEvent =
  /** The conversation's session id (from the reply header, else the body). Sent at most once. */
  | { readonly type: 'session'; readonly sessionId: string }
  /** More reply text. */
  | { readonly type: 'delta'; readonly text: string }
  /** The server said why the reply ended (`stop`, `length`, `content_filter`, `tool_calls`, …). Sent at most once. */
  | { readonly type: 'finish'; readonly reason: string }
  /** Token counts, when the server reported at least one real count. */
  | { readonly type: 'usage'; readonly usage: TokenUsage }
  /** Something was skipped but the stream goes on (a chunk that could not be read). Reported once. */
  | { readonly type: 'warning'; readonly error: PathorsError }
  /**
   * An attempt failed before any of its reply was read; the request is sent again after
   * `delayMs`. `attempt` counts the retries (1 for the first), up to `maxRetries`.
   */
  | { readonly type: 'retry'; readonly attempt: number; readonly maxRetries: number; readonly delayMs: number; readonly error: PathorsError }
  /** The reply completed (`data: [DONE]`, or a complete non-streaming body). */
  | { readonly type: 'done' }
  /** The request failed; text already yielded stays valid. */
  | { readonly type: 'error'; readonly error: PathorsError };
