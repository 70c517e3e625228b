/** Reading a stored transcript back, and turning one into the `messages` a server is sent. */
import { parseTranscriptEntry } from '../hostMessages';
import type { TranscriptEntry } from '../protocol';
import type { ChatMessage } from './streamEvents';
import { settleInterrupted } from './toolEntries';

/** What the agent is told about a call that a reload or crash interrupted. */
const INTERRUPTED_RESULT = 'Not run: the conversation was interrupted (VS Code closed or reloaded) before the call finished.';

/**
 * Reads a stored transcript, dropping each malformed entry on its own (the same check the panel
 * makes); a reply that was streaming is marked cut short.
 */
export function restoreEntries(raw: unknown, interrupted: string): TranscriptEntry[] {
  if (!Array.isArray(raw)) return [];
  const out: TranscriptEntry[] = [];
  for (const item of raw) {
    const entry = parseTranscriptEntry(item);
    if (!entry) continue;
    if (entry.streaming) {
      entry.streaming = false;
      entry.incomplete = true;
      entry.notice = entry.notice ? `${entry.notice} ${interrupted}` : interrupted;
    }
    settleInterrupted(entry, INTERRUPTED_RESULT);
    out.push(entry);
  }
  return out;
}

/** The message a user turn is sent as: the question with any attached context. */
export function userMessage(entry: TranscriptEntry): ChatMessage {
  return { role: 'user', content: entry.prompt ?? entry.text };
}

/**
 * The conversation before `entry`, as a server that has not seen it needs it: every user turn
 * and every reply with text, oldest first. Errors are ours, not the conversation's, and are left out;
 * a reply cut short is sent as far as it got, since that is what the user saw.
 */
export function historyBefore(entries: readonly TranscriptEntry[], entry: TranscriptEntry): ChatMessage[] {
  const end = entries.indexOf(entry);
  const out: ChatMessage[] = [];
  for (const e of end < 0 ? entries : entries.slice(0, end)) {
    if (e.role === 'user') out.push(userMessage(e));
    else if (e.role === 'assistant' && e.text !== '') out.push({ role: 'assistant', content: e.text });
  }
  return out;
}

/**
 * The prompt of an edited question: the new question followed by the context the original carried
 * (the selection it was asked about). Undefined when the original had no context.
 */
export function editedPrompt(original: TranscriptEntry, question: string): string | undefined {
  if (original.prompt === undefined || !original.prompt.startsWith(original.text)) return undefined;
  return question.trim() + original.prompt.slice(original.text.length);
}
