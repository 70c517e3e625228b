// Files dropped on the panel (Shift held, as VS Code requires for webviews): read their URIs and show where to drop.
import { MAX_DROPPED_URIS } from '../src/protocol.js';
import { el } from './dom.js';

const URI_TYPES = ['application/vnd.code.uri-list', 'text/uri-list'];

/**
 * The URIs of a drop: VS Code's own `application/vnd.code.uri-list` (from the Explorer and editor
 * tabs) or the standard `text/uri-list`, one per line, `#` lines being comments.
 */
export function droppedUriList(data: DataTransfer): string[] {
  const raw = data.getData('application/vnd.code.uri-list') || data.getData('text/uri-list');
  let lines: unknown[];
  try {
    // Some versions write a JSON array of URI strings.
    lines = raw.trimStart().startsWith('[') ? (JSON.parse(raw) as unknown[]) : raw.split(/\r?\n/);
  } catch {
    lines = raw.split(/\r?\n/);
  }
  return lines
    .filter((l): l is string => typeof l === 'string')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && /^[a-z][a-z0-9+.-]*:\S+$/i.test(l))
    .slice(0, MAX_DROPPED_URIS);
}

/**
 * Lets files be dropped anywhere on the panel. While something with URIs is dragged over it a
 * hint says what a drop does; a drop hands its URIs to `onDrop` (the host reads the files).
 * @returns the hint element, to be added to the page; its text goes in its `.drop-hint-text`
 */
export function acceptDrops(target: HTMLElement, onDrop: (uris: string[]) => void): HTMLElement {
  const hint = el('div', 'drop-hint');
  hint.hidden = true;
  hint.append(el('span', 'drop-hint-text'));
  hint.setAttribute('aria-hidden', 'true');
  const carriesUris = (event: DragEvent): boolean => [...(event.dataTransfer?.types ?? [])].some((t) => URI_TYPES.includes(t));
  target.addEventListener('dragover', (event) => {
    if (!carriesUris(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    hint.hidden = false;
  });
  target.addEventListener('dragleave', (event) => {
    // Leaving for a child is not leaving the panel.
    if (event.relatedTarget === null || !target.contains(event.relatedTarget as Node)) hint.hidden = true;
  });
  target.addEventListener('drop', (event) => {
    hint.hidden = true;
    if (!event.dataTransfer || !carriesUris(event)) return;
    event.preventDefault();
    const uris = droppedUriList(event.dataTransfer);
    if (uris.length) onDrop(uris);
  });
  return hint;
}
