// The controls and notes that say what can be done with a turn: Edit & resend on a question,
// Regenerate (or Retry, after a stop) on the last reply, and the notes on questions asked again.
//
// The Pathors server keeps each conversation, so none of these replaces anything: asking again
// adds a turn the agent sees after its earlier reply, and an edited question goes to a new
// conversation. The wording says so.
import type { TranscriptEntry, WebviewStrings } from '../src/protocol.js';
import { createToolbarButton } from './components.js';

/** Replaces `{0}`, `{1}`, … in a localized template with the given values. */
export function formatString(template: string, ...values: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = values[Number(index)];
    if (value === undefined) return whole;
    return typeof value === 'number' ? value.toLocaleString() : value;
  });
}

let hintCount = 0;

/** A button with a short label whose longer explanation is its tooltip and its accessible description. */
function explainedButton(label: string, name: string, hint: string, onClick: () => void): { button: HTMLElement; hint: HTMLElement } {
  const button = createToolbarButton(label, name, onClick);
  button.title = hint;
  // Hidden, yet still read as the button's description: aria-describedby takes hidden text too.
  const description = document.createElement('span');
  description.hidden = true;
  description.id = `turn-hint-${++hintCount}`;
  description.textContent = hint;
  button.setAttribute('aria-describedby', description.id);
  return { button, hint: description };
}

/** The note under a question that was asked again or edited, if it is one. */
export function questionNote(entry: TranscriptEntry, s: WebviewStrings): HTMLElement | undefined {
  let text: string | undefined;
  if (entry.replayed !== undefined) text = entry.replayed > 0 ? formatString(s.editedNote, entry.replayed) : s.editedNoteFirst;
  else if (entry.repeatOf !== undefined) text = s.askedAgain;
  if (text === undefined) return undefined;
  const note = document.createElement('p');
  note.className = 'notice turn-note';
  note.textContent = text;
  return note;
}

/** A question's toolbar: Edit (& resend in a new conversation). */
export function questionActions(s: WebviewStrings, onEdit: () => void): HTMLElement {
  const actions = document.createElement('div');
  actions.className = 'message-actions question-actions';
  const { button, hint } = explainedButton(s.edit, s.editHint, s.editHint, onEdit);
  button.dataset.action = 'edit';
  button.classList.add('edit-question');
  actions.append(button, hint);
  return actions;
}

/**
 * The button that asks a reply's question again: Regenerate under a complete reply, Retry under one
 * that was stopped or cut short. Only the last reply shows it, and not while a reply streams (CSS).
 */
export function askAgainControls(entry: TranscriptEntry, s: WebviewStrings, onAskAgain: () => void): HTMLElement[] {
  const label = entry.incomplete ? s.retry : s.regenerate;
  const { button, hint } = explainedButton(label, label, entry.incomplete ? s.retryHint : s.regenerateHint, onAskAgain);
  button.dataset.action = 'askAgain';
  button.classList.add('ask-again');
  return [button, hint];
}
