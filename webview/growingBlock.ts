// Grows a streaming reply's last block at its end when it is a long table or an open code fence.
import type { Token } from 'markdown-it';
import { splitLongWords } from './longWords.js';

/** Renders tokens to a sanitized fragment, the way the rest of the streaming reply is rendered. */
export type RenderTokens = (tokens: Token[]) => DocumentFragment;

/** An open fence on screen: its `<code>` element and the text it shows. */
interface Fence {
  readonly kind: 'fence';
  readonly info: string;
  readonly code: HTMLElement;
  text: string;
}

/** A table on screen: its body, its header's source, and its rows (all but the last one final). */
interface Table {
  readonly kind: 'table';
  readonly header: string;
  readonly body: HTMLTableSectionElement;
  /** Body rows drawn for good: every row but the last, which may still grow. */
  rows: number;
  last: Element | null;
}

/** Token index ranges `[open, close]` of a table's body rows. */
function bodyRows(tokens: readonly Token[]): Array<[number, number]> {
  const rows: Array<[number, number]> = [];
  let inBody = false;
  let open = -1;
  tokens.forEach((t, i) => {
    if (t.type === 'tbody_open') inBody = true;
    else if (t.type === 'tbody_close') inBody = false;
    else if (inBody && t.type === 'tr_open') open = i;
    else if (inBody && t.type === 'tr_close') rows.push([open, i]);
  });
  return rows;
}

/** The source of a table's header and delimiter lines; rows render the same while it stays the same. */
function headerOf(table: Token, lines: readonly string[]): string | undefined {
  const start = table.map?.[0];
  return start === undefined ? undefined : `${lines[start] ?? ''}\n${lines[start + 1] ?? ''}`;
}

/**
 * While a reply streams, its last block is parsed again on every redraw; before, it was also
 * rendered, sanitized and put on screen again whole, so a 2,000-row table or a long code block
 * cost more with every row. Once such a block is on screen, this draws only what was added to it:
 * the new rows of a table (each rendered and sanitized on its own, under the same header), or the
 * new text of an open code fence (as text nodes). Anything else (a change to the header, a fence
 * whose info or text changed other than at its end, another kind of block) makes the caller
 * render the block whole again, as before; and a block that settles is always rendered whole, so
 * the finished reply's markup is exactly that of a one-shot render.
 */
export class GrowingBlock {
  private block: Fence | Table | undefined;

  /** Forgets the block (its nodes have left the screen). */
  clear(): void {
    this.block = undefined;
  }

  /**
   * Notes the block just rendered whole from `tokens` (the reply's only unsettled block) and shown
   * as `nodes`, so that the next redraws can grow it.
   */
  start(tokens: readonly Token[], source: string, nodes: readonly ChildNode[]): void {
    this.block = undefined;
    const first = tokens[0];
    const element = nodes.find((n): n is Element => n instanceof Element);
    if (!first || !element) return;
    if (first.type === 'fence' && tokens.length === 1) {
      const code = element.querySelector('pre > code');
      if (code instanceof HTMLElement && code.textContent === first.content) this.block = { kind: 'fence', info: first.info, code, text: first.content };
      return;
    }
    const body = element.tagName === 'TABLE' ? element.querySelector(':scope > tbody') : null;
    const header = headerOf(first, source.split('\n'));
    const rows = bodyRows(tokens).length;
    if (first.type !== 'table_open' || tokens.at(-1)?.type !== 'table_close' || !(body instanceof HTMLTableSectionElement) || header === undefined) return;
    if (body.childElementCount !== rows) return;
    this.block = { kind: 'table', header, body, rows: rows - 1, last: body.lastElementChild };
  }

  /**
   * Draws what was added to the block on screen, if `tokens` (the reply's only unsettled block,
   * parsed from `source`) still continue it.
   * @returns false when the block must be rendered whole instead
   */
  grow(tokens: readonly Token[], source: string, render: RenderTokens): boolean {
    const block = this.block;
    const first = tokens[0];
    if (!block || !first) return false;
    if (block.kind === 'fence') {
      if (tokens.length !== 1 || first.type !== 'fence' || first.info !== block.info || !first.content.startsWith(block.text)) return false;
      if (first.content.length > block.text.length) {
        const added = document.createDocumentFragment();
        added.append(first.content.slice(block.text.length));
        splitLongWords(added);
        block.code.append(added);
        block.text = first.content;
      }
      return true;
    }
    if (first.type !== 'table_open' || tokens.at(-1)?.type !== 'table_close' || headerOf(first, source.split('\n')) !== block.header) return false;
    const rows = bodyRows(tokens);
    if (rows.length <= block.rows) return false;
    // The rows from the last one drawn on, rendered inside a table so the parser keeps them.
    const fresh = rows.slice(block.rows).flatMap(([open, close]) => tokens.slice(open, close + 1));
    const wrapped = render([first, tokens.find((t) => t.type === 'tbody_open') ?? first, ...fresh, tokens.at(-1) ?? first]);
    const body = wrapped.querySelector('tbody');
    if (!body || body.childElementCount !== rows.length - block.rows) return false;
    block.last?.remove();
    block.body.append(...Array.from(body.children));
    block.rows = rows.length - 1;
    block.last = block.body.lastElementChild;
    return true;
  }
}
