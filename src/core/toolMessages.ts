/** What the next request of a tool loop carries: the one place that decides between session mode and whole-transcript mode. */
import type { ChatMessage } from './streamEvents';
import { toWireToolCall, type ToolCall } from './toolCalls';

/** The result of one call, as the agent will read it. */
export interface ToolResult {
  readonly call: ToolCall;
  readonly content: string;
}

/** The assistant turn that asked for the calls, as a whole transcript records it. */
export function assistantToolTurn(text: string, calls: readonly ToolCall[]): ChatMessage {
  // OpenAI servers accept null content on a turn that only called tools; an empty string is refused by some.
  return { role: 'assistant', content: text === '' ? null : text, tool_calls: calls.map(toWireToolCall) };
}

/** One `role: "tool"` message per result, in the order of the calls. */
export function toolResultMessages(results: readonly ToolResult[]): ChatMessage[] {
  return results.map((r) => ({ role: 'tool', tool_call_id: r.call.id, content: r.content }));
}

/**
 * The messages of the request that follows a step. A server that holds the conversation (a
 * session id, not whole-transcript mode) already has the assistant turn that asked, so only the
 * tool messages go; that is our reading of "send only the new turn" in the API contract, kept
 * here alone so it is easy to change if the service wants more. Otherwise the whole history so
 * far goes again, followed by the assistant turn and its results.
 */
export function nextRequestMessages(
  mode: { readonly sessionId: string | undefined; readonly wholeTranscript: boolean },
  history: readonly ChatMessage[],
  assistantText: string,
  results: readonly ToolResult[],
): ChatMessage[] {
  const tools = toolResultMessages(results);
  if (mode.sessionId !== undefined && !mode.wholeTranscript) return tools;
  return [...history, assistantToolTurn(assistantText, results.map((r) => r.call)), ...tools];
}
