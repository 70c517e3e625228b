/** The messages a chat request carries and the typed events its reply streams back; shared by the client and the chunk reader. */
import type { PathorsError } from './errors';
import type { ToolCall, WireToolCall } from './toolCalls';

/** One message of the OpenAI-style `messages` array. */
export type ChatMessage =
  | { readonly role: 'system' | 'user' | 'assistant'; readonly content: string }
  /** An assistant turn that called tools; its text may be null. */
  | { readonly role: 'assistant'; readonly content: string | null; readonly tool_calls: readonly WireToolCall[] }
  /** The result of one tool call, matched by its id. */
  | { readonly role: 'tool'; readonly tool_call_id: string; readonly content: string };

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
  /** The tool calls of the reply, complete, just before its `finish` (or `done`). Sent at most once. */
  | { readonly type: 'toolCalls'; readonly calls: readonly ToolCall[] }
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
