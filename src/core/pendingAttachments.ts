/** The attachments waiting in the composer for the next question: their chips, their budget, and the turn they become. */
import type { AttachmentChip } from '../protocol';
import { attachmentLabel, type Attachment, type AttachmentWords } from './attachments';
import { applyBudget, buildPrompt, DEFAULT_BUDGET, type BudgetLimits, type Budgeted } from './attachmentBudget';

/** What the composer shows: the chips and the running total. */
export interface PendingView {
  readonly chips: readonly AttachmentChip[];
  /** Characters of content that would be sent, all attachments together. */
  readonly usedChars: number;
  /** The total cap. */
  readonly maxChars: number;
}

/** A question with the pending attachments, ready to be sent. */
export interface AttachedTurn {
  readonly text: string;
  /** The question followed by the attachments in the shared context format; absent without attachments. */
  readonly prompt?: string;
  /** The chips, as they will stay under the question; absent without attachments. */
  readonly attachments?: AttachmentChip[];
  /** The ids of the pending attachments the turn carries, to be cleared once it is sent. */
  readonly ids: readonly string[];
}

interface Pending {
  readonly id: string;
  readonly attachment: Attachment;
}

/**
 * The composer's pending attachments. Their content stays here, in the host: the panel only ever
 * sees {@link AttachmentChip}s. The same attachment (same kind, path, lines and content) is
 * kept once, so adding a file twice does not send it twice.
 */
export class PendingAttachments {
  private items: Pending[] = [];
  private next = 1;
  private readonly listeners = new Set<() => void>();

  /** Listens for any change of the list; returns the unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds attachments at the end; returns the ids of those that were not already pending. */
  add(attachments: readonly Attachment[]): string[] {
    const added: string[] = [];
    for (const attachment of attachments) {
      const key = JSON.stringify(attachment);
      if (this.items.some((i) => JSON.stringify(i.attachment) === key)) continue;
      const id = `a${this.next++}`;
      this.items.push({ id, attachment });
      added.push(id);
    }
    if (added.length) this.changed();
    return added;
  }

  /** Removes one attachment; false when there was none with that id. */
  remove(id: string): boolean {
    const before = this.items.length;
    this.items = this.items.filter((i) => i.id !== id);
    if (this.items.length === before) return false;
    this.changed();
    return true;
  }

  /** Removes the given attachments (those a sent question carried), or all of them. */
  clear(ids?: readonly string[]): void {
    const before = this.items.length;
    this.items = ids ? this.items.filter((i) => !ids.includes(i.id)) : [];
    if (this.items.length !== before) this.changed();
  }

  /** The pending attachment with this id. */
  get(id: string): Attachment | undefined {
    return this.items.find((i) => i.id === id)?.attachment;
  }

  /** How many are pending. */
  get size(): number {
    return this.items.length;
  }

  /** The chips and running total under the given caps. */
  view(limits: BudgetLimits = DEFAULT_BUDGET, words?: AttachmentWords): PendingView {
    const budgeted = applyBudget(this.items.map((i) => i.attachment), limits);
    return { chips: this.chips(budgeted, words), usedChars: budgeted.usedChars, maxChars: limits.total };
  }

  /**
   * The turn for `question` with everything pending: the prompt in the one documented format
   * (`buildPrompt` after `applyBudget`) and the chips. Nothing is cleared here: the caller clears
   * the ids once the question is in the conversation, so a send that cannot start keeps them.
   */
  turn(question: string, limits: BudgetLimits = DEFAULT_BUDGET, words?: AttachmentWords): AttachedTurn {
    if (this.items.length === 0) return { text: question, ids: [] };
    const budgeted = applyBudget(this.items.map((i) => i.attachment), limits);
    return {
      text: question,
      prompt: buildPrompt(question, budgeted),
      attachments: this.chips(budgeted, words),
      ids: this.items.map((i) => i.id),
    };
  }

  private chips(budgeted: Budgeted, words?: AttachmentWords): AttachmentChip[] {
    return budgeted.items.map((b, index) => chipFor(this.items[index].id, b.attachment, b, words));
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The chip of one budgeted attachment: references only, never its content. */
export function chipFor(
  id: string,
  a: Attachment,
  b: { readonly status: AttachmentChip['status']; readonly sentChars: number; readonly totalChars: number },
  words?: AttachmentWords,
): AttachmentChip {
  const base = { id, kind: a.kind, label: attachmentLabel(a, words), totalChars: b.totalChars, sentChars: b.sentChars, status: b.status };
  if (a.kind === 'file') return { ...base, path: a.path };
  if (a.kind === 'selection') return { ...base, path: a.path, startLine: a.startLine, endLine: a.endLine };
  return base;
}
