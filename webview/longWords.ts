// Keeps very long words from freezing the panel: they are cut into text nodes of bounded length.

/**
 * Longest run of text without white space that stays in one text node. Chromium can take time
 * quadratic in a word's length to break it across lines when its letters kern with each other
 * (100 KB of `AAAA…` or `AVAV…` froze the panel for half a minute); cut into text nodes of this
 * size it is linear again, and the text, its copy and its `textContent` stay exactly the same.
 */
const MAX_UNBROKEN = 128;
const LONG_RUN = new RegExp(`\\S{${MAX_UNBROKEN * 2},}`);
/** Characters a cut must not come before: marks, format controls (ZWJ…) and a pair's low half. */
const JOINS_PREVIOUS = /[\p{M}\p{Cf}\udc00-\udfff]/u;
/** Characters a cut must not come after: ZWJ and a pair's high half. */
const JOINS_NEXT = /[\u200d\ud800-\udbff]/;

/** Splits the text nodes of `root` that hold very long words (see {@link MAX_UNBROKEN}). */
export function splitLongWords(root: DocumentFragment): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const long: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof Text && LONG_RUN.test(node.data)) long.push(node);
  }
  for (const text of long) {
    const data = text.data;
    const cuts: number[] = [];
    let run = 0;
    for (let i = 0; i < data.length; i++) {
      if (/\s/.test(data[i])) run = 0;
      else if (++run > MAX_UNBROKEN && !JOINS_PREVIOUS.test(data[i]) && !JOINS_NEXT.test(data[i - 1])) {
        cuts.push(i);
        run = 1;
      }
    }
    // From the end, so each offset still counts from the start of `text`.
    for (let i = cuts.length - 1; i >= 0; i--) text.splitText(cuts[i]);
  }
}
