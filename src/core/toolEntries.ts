/** Tool calls as transcript entries: how they are made, cut for display, restored after a reload, and owed to the server. */
import type { ToolCallInfo, TranscriptEntry } from '../protocol';
import type { ChatMessage } from './streamEvents';
import type { ToolCall } from './toolCalls';

/**
 * Most characters of a call's arguments or result kept in its entry. The agent gets the whole
 * result (up to the loop's own cap); the transcript, which is saved and exported, keeps a readable part.
 */
export const MAX_TOOL_DISPLAY_CHARS = 4_000;

/** `text`, or its first `max` characters followed by a line saying how much was left out. */
export function cutForDisplay(text: string, max = MAX_TOOL_DISPLAY_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n[… ${text.length - max} more characters not shown]`;
}

/** A new entry for a call the agent made. */
export function toolEntry(id: string, call: ToolCall, readOnly: boolean): TranscriptEntry & { tool: ToolCallInfo } {
  return {
    id,
    role: 'tool',
    text: '',
    tool: { callId: call.id, name: call.name, arguments: cutForDisplay(call.arguments), status: 'running', readOnly },
  };
}

/** A call still running or waiting: its turn is not over. */
export function isUnsettled(tool: ToolCallInfo): boolean {
  return tool.status === 'running' || tool.status === 'waiting';
}

/**
 * After a reload: a call that was running or waiting did not finish and its result never went out.
 * @returns whether the entry changed
 */
export function settleInterrupted(entry: TranscriptEntry, notRun: string): boolean {
  const tool = entry.tool;
  if (!tool || !isUnsettled(tool)) return false;
  tool.status = 'stopped';
  tool.result = notRun;
  tool.unsent = true;
  return true;
}

/**
 * The results the server is still owed (a turn stopped or capped after the agent called tools),
 * as `role: "tool"` messages for the front of the next request; they are marked sent.
 */
export function takeUnsentResults(entries: readonly TranscriptEntry[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const e of entries) {
    if (!e.tool?.unsent) continue;
    out.push({ role: 'tool', tool_call_id: e.tool.callId, content: e.tool.result ?? '' });
    delete e.tool.unsent;
  }
  return out;
}

/** Forgets owed results (a request that sends the whole history, where the calls are not part of it). */
export function dropUnsentResults(entries: readonly TranscriptEntry[]): void {
  for (const e of entries) if (e.tool?.unsent) delete e.tool.unsent;
}
