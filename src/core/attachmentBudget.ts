/** How much attached context is sent: a cap per attachment and a total cap, cuts that say so, and the running total. */
import { attachmentContent, omittedNotice, renderAttachment, type Attachment } from './attachments';
import { cutText } from './contextFormat';

/** The caps, in characters of attached content (headers and fences are not counted). */
export interface BudgetLimits {
  readonly perAttachment: number;
  readonly total: number;
}

/** Defaults: the per-attachment cap is the selection limit Ask about Selection has always used. */
export const DEFAULT_BUDGET: BudgetLimits = { perAttachment: 20_000, total: 60_000 };

/** `whole`: sent in full; `cut`: only its start is sent; `omitted`: the total was spent before it. */
export type BudgetStatus = 'whole' | 'cut' | 'omitted';

/** One attachment after the budget: what the chip shows and what is sent. */
export interface BudgetedAttachment {
  readonly attachment: Attachment;
  readonly status: BudgetStatus;
  /** Characters of content sent. */
  readonly sentChars: number;
  /** Characters of content the attachment has. */
  readonly totalChars: number;
  /** The block sent to the agent (a notice only, when omitted). */
  readonly text: string;
}

/** The result of {@link applyBudget}. */
export interface Budgeted {
  readonly items: readonly BudgetedAttachment[];
  /** Characters of content sent, all attachments together; never above the total cap. */
  readonly usedChars: number;
}

/**
 * Fits the attachments, in order, into the caps: each gets at most the per-attachment cap and
 * whatever is left of the total; the first ones keep their place because the user attached
 * them first. Nothing is dropped silently: a cut or a left-out attachment says so in the text.
 */
export function applyBudget(attachments: readonly Attachment[], limits: BudgetLimits = DEFAULT_BUDGET): Budgeted {
  let left = Math.max(0, limits.total);
  const items = attachments.map((attachment): BudgetedAttachment => {
    const content = attachmentContent(attachment);
    const room = Math.min(Math.max(0, limits.perAttachment), left);
    if (room === 0 && content.length > 0) {
      return { attachment, status: 'omitted', sentChars: 0, totalChars: content.length, text: omittedNotice(attachment, limits.total) };
    }
    const { text: sent, cut } = cutText(content, room);
    left -= sent.length;
    return { attachment, status: cut ? 'cut' : 'whole', sentChars: sent.length, totalChars: content.length, text: renderAttachment(attachment, sent) };
  });
  return { items, usedChars: items.reduce((sum, i) => sum + i.sentChars, 0) };
}

/** The question followed by the attached context, one block per attachment, as sent to the agent. */
export function buildPrompt(question: string, budgeted: Budgeted): string {
  return [question.trim(), ...budgeted.items.map((i) => i.text)].join('\n\n');
}

/** A short size for people: `950`, `12.4k`, `60k`, `1.2M`. */
export function formatChars(n: number): string {
  // Integer tenths, so binary fractions never round 12.3k down to 12.2k.
  const short = (tenths: number, unit: string): string => `${Math.floor(tenths / 10)}${tenths % 10 ? `.${tenths % 10}` : ''}${unit}`;
  if (n < 1000) return String(Math.max(0, Math.floor(n)));
  if (n < 1_000_000) return short(Math.floor(n / 100), 'k');
  return short(Math.floor(n / 100_000), 'M');
}

/**
 * The running total shown near the input: `12.4k of 60k characters`. `template` is the
 * localized sentence with `{0}` for the used and `{1}` for the cap.
 */
export function runningTotalText(usedChars: number, limits: BudgetLimits = DEFAULT_BUDGET, template = '{0} of {1} characters'): string {
  return template.replace('{0}', formatChars(usedChars)).replace('{1}', formatChars(limits.total));
}
