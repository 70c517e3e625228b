// Attachment chips: above the input while composing (with a remove button), and under a question in the transcript.
import type { AttachmentChip, AttachmentKind, WebviewStrings } from '../src/protocol.js';
import { formatChars } from '../src/core/attachmentBudget.js';
import { el } from './dom.js';
import { formatString } from './turnActions.js';

/** What a chip's buttons report. */
export interface ChipHandlers {
  /** The chip was clicked (or Enter/Space on it): open its source. */
  onOpen(chip: AttachmentChip): void;
  /** Its remove button was pressed; absent for chips that cannot be removed (sent ones). */
  onRemove?(chip: AttachmentChip): void;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Numbers the chips' hidden descriptions, which are referenced by id. */
let descriptions = 0;

/** One 16×16 outline path per kind, drawn in the text colour (no icon font can load under the CSP). */
const ICON_PATHS: Readonly<Record<AttachmentKind, string>> = {
  file: 'M4 1.5h5l3.5 3.5v9.5h-8.5zM9 1.5v3.5h3.5',
  selection: 'M5 2.5h-2v11h2M11 2.5h2v11h-2M6 6h4M6 9h4',
  problems: 'M8 1.8l6.5 12h-13zM8 6v4M8 11.5v1',
  gitChanges: 'M5 2v12M5 6.5c0 2 6 1 6 -2.5M11 2.5v2M3.5 13.5h3M9.5 2.5h3',
  terminal: 'M1.5 2.5h13v11h-13zM4 6l2.5 2-2.5 2M8 10.5h4',
};

/** The kind's icon, hidden from assistive technology (the label names the chip). */
export function kindIcon(kind: AttachmentKind): SVGSVGElement {
  return icon(ICON_PATHS[kind]);
}

/** A plus and a cross, for the attach and remove buttons, whose names say what they do. */
export const PLUS = 'M8 2.5v11M2.5 8h11';
export const CROSS = 'M4.5 4.5l7 7M11.5 4.5l-7 7';

/** A 16×16 outline icon, hidden from assistive technology. */
export function icon(d: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('kind-icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

/** `cut` or `left out`, when the chip is not sent whole. */
function stateWord(chip: AttachmentChip, s: WebviewStrings): string | undefined {
  if (chip.status === 'cut') return s.attachmentCut;
  if (chip.status === 'omitted') return s.attachmentOmitted;
  return undefined;
}

/** The size shown in a chip: what is sent, and of how much when that is not all of it. */
function sizeText(chip: AttachmentChip): string {
  return chip.status === 'whole' ? formatChars(chip.totalChars) : `${formatChars(chip.sentChars)}/${formatChars(chip.totalChars)}`;
}

/** The chip's full description: where it is from and its state, for the tooltip and the accessible description. */
function describe(chip: AttachmentChip, s: WebviewStrings): string {
  const where = chip.path !== undefined && chip.path !== chip.label ? `${chip.label} — ${chip.path}` : chip.label;
  const state = stateWord(chip, s);
  return `${formatString(s.openAttachment, where, sizeText(chip))}${state ? `, ${state}` : ''}`;
}

/** One chip: an open button (icon, label, size, state) and, while composing, a remove button. */
export function renderChip(chip: AttachmentChip, s: WebviewStrings, handlers: ChipHandlers): HTMLElement {
  const item = el('li', 'chip');
  item.dataset.id = chip.id;
  item.dataset.kind = chip.kind;
  item.dataset.status = chip.status;
  const open = el('button', 'chip-open');
  open.type = 'button';
  // The visible text is the name (label, size, state); where it opens is its description.
  const description = describe(chip, s);
  open.title = description;
  const hint = el('span', 'chip-description', description);
  hint.id = `chip-description-${++descriptions}`;
  hint.hidden = true;
  open.setAttribute('aria-describedby', hint.id);
  const state = stateWord(chip, s);
  open.append(kindIcon(chip.kind), el('span', 'chip-label', chip.label), el('span', 'chip-size', sizeText(chip)));
  if (state) open.append(el('span', 'chip-state', state));
  open.addEventListener('click', () => handlers.onOpen(chip));
  item.append(open, hint);
  const onRemove = handlers.onRemove;
  if (onRemove) {
    const remove = el('button', 'chip-remove');
    remove.type = 'button';
    remove.append(icon(CROSS));
    remove.setAttribute('aria-label', formatString(s.removeAttachment, chip.label));
    remove.title = formatString(s.removeAttachment, chip.label);
    remove.addEventListener('click', () => onRemove(chip));
    item.append(remove);
  }
  return item;
}

/** A labelled list of chips. */
export function renderChipList(chips: readonly AttachmentChip[], s: WebviewStrings, handlers: ChipHandlers): HTMLUListElement {
  const list = el('ul', 'chips');
  list.setAttribute('aria-label', s.attachments);
  for (const chip of chips) list.append(renderChip(chip, s, handlers));
  return list;
}
