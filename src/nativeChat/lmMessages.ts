/** Maps VS Code's language-model messages and tools to the Pathors request, as given, and tool calls back. */
import * as vscode from 'vscode';
import type { ChatMessage } from '../core/pathorsClient';
import { parseToolArguments, type ToolCall, type ToolDefinition, type WireToolCall } from '../core/toolCalls';

/** The text of a part that is not a tool call or result: text as is, anything else as JSON. */
function partText(part: unknown): string {
  if (part instanceof vscode.LanguageModelTextPart) return part.value;
  if (part instanceof vscode.LanguageModelPromptTsxPart) return JSON.stringify(part.value);
  if (typeof part === 'object' && part !== null && 'value' in part && typeof part.value === 'string') return part.value;
  return '';
}

/** What a tool returned, as the `content` of a `role: "tool"` message. */
function toolResultText(part: vscode.LanguageModelToolResultPart): string {
  return part.content.map((c) => (c instanceof vscode.LanguageModelTextPart ? c.value : JSON.stringify(c instanceof vscode.LanguageModelPromptTsxPart ? c.value : c))).join('');
}

/**
 * The messages as the request's `messages`: user and assistant text as is; an assistant turn's
 * tool calls as its `tool_calls`; each tool result as a `role: "tool"` message, before any text
 * of the same user turn, since the results answer the calls just before them. Roles other than
 * user and assistant (the proposed system role) are sent as `system`.
 */
export function toChatMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const message of messages) {
    const text = message.content.map(partText).join('');
    if (message.role === vscode.LanguageModelChatMessageRole.Assistant) {
      const calls: WireToolCall[] = message.content
        .filter((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart)
        .map((p) => ({ id: p.callId, type: 'function', function: { name: p.name, arguments: JSON.stringify(p.input ?? {}) } }));
      out.push(calls.length ? { role: 'assistant', content: text === '' ? null : text, tool_calls: calls } : { role: 'assistant', content: text });
    } else if (message.role === vscode.LanguageModelChatMessageRole.User) {
      for (const p of message.content) {
        if (p instanceof vscode.LanguageModelToolResultPart) out.push({ role: 'tool', tool_call_id: p.callId, content: toolResultText(p) });
      }
      if (text !== '') out.push({ role: 'user', content: text });
    } else if (text !== '') {
      out.push({ role: 'system', content: text });
    }
  }
  return out;
}

/** VS Code's tools as the request's `tools`. */
export function toToolDefinitions(tools: readonly vscode.LanguageModelChatTool[] | undefined): ToolDefinition[] {
  return (tools ?? []).map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema ?? { type: 'object', properties: {} } },
  }));
}

/**
 * A call the agent made, as VS Code's part. Arguments that are not a JSON object are passed as
 * `{}`: the tool then reports what it misses, which the agent can read and correct.
 */
export function toToolCallPart(call: ToolCall): vscode.LanguageModelToolCallPart {
  return new vscode.LanguageModelToolCallPart(call.id, call.name, parseToolArguments(call.arguments) ?? {});
}

/**
 * An estimate of the tokens in `input`, about four characters each. Pathors reports no token
 * counts (its usage fields are -1) and the agent's tokenizer is not known, so this is only a
 * size hint for callers that budget their prompts; it is not exact for any model.
 */
export function estimateTokens(input: string | vscode.LanguageModelChatRequestMessage): number {
  const text =
    typeof input === 'string'
      ? input
      : input.content
          .map((p) => (p instanceof vscode.LanguageModelToolCallPart ? p.name + JSON.stringify(p.input) : p instanceof vscode.LanguageModelToolResultPart ? toolResultText(p) : partText(p)))
          .join('');
  return Math.ceil(text.length / 4);
}
