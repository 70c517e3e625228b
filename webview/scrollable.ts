// Wide code blocks and tables scroll sideways; those that do are reachable with the keyboard.

/** Boxes in rendered replies that scroll sideways when their content is wider than the view. */
const SCROLLERS = 'pre, table';

/** Boxes to check after the next frame. */
const due = new Set<Element>();
let scheduled = false;

/**
 * Puts each due box in the tab order while it overflows and takes it out when it fits, so a
 * keyboard user can focus it and scroll it with the arrow keys; boxes that fit add no tab stop.
 *
 * The check runs in the first task after the next frame, when that frame has laid the boxes out:
 * reading their widths then costs no layout of its own. There is no observer per box: a
 * streaming reply adds boxes on every frame, and observing each one made every frame pay for all.
 */
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() =>
    setTimeout(() => {
      scheduled = false;
      const boxes = Array.from(due);
      due.clear();
      for (const box of boxes) {
        if (!(box instanceof HTMLElement) || !box.isConnected) continue;
        if (box.scrollWidth > box.clientWidth) box.tabIndex = 0;
        else box.removeAttribute('tabindex');
      }
    }, 0),
  );
}

/** Checks the scrolling boxes in `root` (a rendered reply or part of one) once it is drawn. */
export function keyboardScrollable(root: ParentNode): void {
  for (const box of Array.from(root.querySelectorAll(SCROLLERS))) due.add(box);
  if (due.size > 0) schedule();
}

/** How long the width of the list must stay put before its boxes are checked again (ms). */
const RESIZE_SETTLE_MS = 100;

/**
 * Checks every scrolling box in `list` again whenever the list's width changes (the view was
 * resized), once the width has stayed put for a moment.
 */
export function recheckOnResize(list: HTMLElement): void {
  let width = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  new ResizeObserver(([record]) => {
    const next = record.contentRect.width;
    if (next === width) return;
    const first = width < 0;
    width = next;
    if (first) return;
    clearTimeout(timer);
    timer = setTimeout(() => keyboardScrollable(list), RESIZE_SETTLE_MS);
  }).observe(list);
}
