// Wide code blocks and tables scroll sideways; those that do are reachable with the keyboard.

/** Boxes in rendered replies that scroll sideways when their content is wider than the view. */
const SCROLLERS = 'pre, table';

/**
 * Puts a box in the tab order while it overflows and takes it out when it fits, so a keyboard
 * user can focus it and scroll it with the arrow keys. Boxes that fit add no tab stop.
 */
const observer = new ResizeObserver((records) => {
  for (const { target } of records) {
    if (!(target instanceof HTMLElement)) continue;
    if (!target.isConnected) {
      observer.unobserve(target);
      continue;
    }
    if (target.scrollWidth > target.clientWidth) target.tabIndex = 0;
    else target.removeAttribute('tabindex');
  }
});

/** Watches the scrolling boxes in `root` (a rendered reply or part of one). */
export function keyboardScrollable(root: ParentNode): void {
  for (const box of Array.from(root.querySelectorAll(SCROLLERS))) observer.observe(box);
}
