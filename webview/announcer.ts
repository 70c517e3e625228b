// What a screen reader hears while the chat runs: a streaming reply sentence by sentence, errors at once.
import type { ToolCallStatus, TranscriptEntry, WebviewStrings } from '../src/protocol.js';
import { toolSentenceText, toolStatusText } from './toolCard.js';

/**
 * Where a streaming reply's text may be cut for speech: the end of a sentence (`.`, `!`, `?` or
 * `…`, then any closing quotes or brackets, before white space; a CJK full stop, exclamation or
 * question mark needs no space after it) or a line break (list items, `<br>`).
 */
const BOUNDARY = /[.!?…]+["'”’)\]]*(?=\s)|[。！？]+[」』”’）)]*|\n/g;

/** Elements whose text is set apart from what comes before and after it. */
const BLOCKS = new Set([
  'P', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'PRE', 'TABLE', 'THEAD', 'TBODY', 'TR', 'HR', 'DIV',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
]);

/** Announcements kept in the polite region; older ones are removed (removals are not read). */
const KEPT = 3;

/** How far a streaming reply has been announced. */
interface Progress {
  /** Top-level blocks of the reply announced completely. */
  done: number;
  /** Characters of the next block's text announced already (whole sentences). */
  spoken: number;
  /** The reply's notice when last seen, so that only a new one is announced. */
  notice?: string;
}

/** Thrown while reading a block that is still growing, at the first code block in it. */
const STOP = Symbol('stop');

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Class of the wrappers that group a reply's blocks (webview/chunks.ts); each child is one block. */
const CHUNK = 'md-chunk';

/**
 * A reply body's top-level blocks from the `from`-th on, looking through wrappers that only group
 * them (not code blocks). A chunk that ends before `from` is counted, not walked: a streaming
 * reply is read on every frame, and only its end is new.
 * @returns the blocks, and the index of the first of them among all the reply's blocks
 */
function topBlocks(root: Element, from: number): { blocks: Element[]; first: number } {
  const blocks: Element[] = [];
  let first = 0;
  const walk = (parent: Element): void => {
    for (const child of Array.from(parent.children)) {
      if (blocks.length === 0 && child.classList.contains(CHUNK) && first + child.childElementCount <= from) {
        first += child.childElementCount;
      } else if (child.tagName === 'DIV' && !child.classList.contains('code-block')) {
        walk(child);
      } else {
        blocks.push(child);
      }
    }
  };
  walk(root);
  return { blocks, first };
}

/**
 * Makes streamed replies and errors reach screen readers without reading every delta.
 *
 * The transcript itself is not a live region (it would read each change to the reply as it
 * streams). Instead a polite status region receives the reply as it becomes readable: whole
 * sentences of the block still growing, and each block once a later one has started (or the reply
 * has ended). Text is announced as plain text, read from the rendered reply, so markdown syntax is
 * never spoken; a code block is announced as "Code block, N lines" rather than read out, since it
 * can be read (and copied) in the transcript. Errors go to an assertive region.
 */
export class Announcer {
  /** Holds the two visually hidden live regions; add it to the page once, at start. */
  readonly element = document.createElement('div');
  private readonly polite = document.createElement('div');
  private readonly assertive = document.createElement('div');
  private readonly replies = new Map<string, Progress>();
  /** Tool calls' statuses as last announced, so a redraw that changes nothing says nothing. */
  private readonly tools = new Map<string, ToolCallStatus>();

  /**
   * @param strings the localized strings currently in use
   * @param replyBody a reply's `.markdown` body as the message list draws it now
   */
  constructor(
    private readonly strings: () => WebviewStrings,
    private readonly replyBody: (entryId: string) => Element | undefined,
  ) {
    this.element.className = 'visually-hidden';
    this.polite.id = 'announce-polite';
    this.polite.setAttribute('role', 'status');
    this.polite.setAttribute('aria-live', 'polite');
    // Each announcement is a node of its own: only the new one is read, not the ones before it.
    this.polite.setAttribute('aria-atomic', 'false');
    this.assertive.id = 'announce-assertive';
    // Not role=alert: the configuration banner is the panel's one alert; this region only speaks.
    this.assertive.setAttribute('aria-live', 'assertive');
    this.assertive.setAttribute('aria-atomic', 'true');
    this.element.append(this.polite, this.assertive);
  }

  /**
   * The transcript was drawn from scratch (restored, or a new chat): nothing in it is announced.
   * A reply still streaming is announced from what arrives next on.
   */
  reset(entries: Iterable<TranscriptEntry>): void {
    this.replies.clear();
    this.tools.clear();
    this.polite.replaceChildren();
    this.assertive.replaceChildren();
    for (const entry of entries) {
      // A restored call says nothing until its status changes.
      if (entry.tool) this.tools.set(entry.id, entry.tool.status);
      if (entry.role !== 'assistant' || !entry.streaming) continue;
      const progress: Progress = { done: 0, spoken: 0, notice: entry.notice };
      this.replies.set(entry.id, progress);
      this.read(entry.id, progress, false);
    }
  }

  /** A streaming reply has been redrawn with more text. */
  progress(entryId: string): void {
    const progress = this.replies.get(entryId);
    if (progress) this.say(this.read(entryId, progress, false));
  }

  /** An entry was added (`added`) or replaced, and is drawn. */
  entry(entry: TranscriptEntry, added: boolean): void {
    if (entry.role === 'error') {
      if (added) this.alert(this.strings().announceError.replace('{0}', () => entry.text));
      return;
    }
    if (entry.role === 'tool' && entry.tool) {
      const { status } = entry.tool;
      if (this.tools.get(entry.id) === status) return;
      this.tools.set(entry.id, status);
      const sentence = toolSentenceText(entry.tool, this.strings());
      // A call waiting for the user holds the turn: it is said at once. Other changes are news.
      if (status === 'waiting') this.alert(this.strings().announceApproval.replace('{0}', () => sentence));
      else if (status !== 'running') this.say(`${sentence} ${toolStatusText(entry.tool, this.strings())}`);
      return;
    }
    if (entry.role !== 'assistant') return;
    let progress = this.replies.get(entry.id);
    if (!progress) {
      // Only replies seen streaming are announced; one restored finished stays quiet.
      if (!entry.streaming) return;
      progress = { done: 0, spoken: 0 };
      this.replies.set(entry.id, progress);
    }
    const parts = [this.read(entry.id, progress, !entry.streaming)];
    if (entry.notice && entry.notice !== progress.notice) parts.push(entry.notice);
    progress.notice = entry.notice;
    if (!entry.streaming) this.replies.delete(entry.id);
    this.say(parts.join(' '));
  }

  /** An entry was removed. */
  forget(entryId: string): void {
    this.replies.delete(entryId);
    this.tools.delete(entryId);
  }

  /**
   * Reads the part of a reply that became ready to announce and records it as announced.
   * @param final the reply has ended: its last block is complete too
   */
  private read(entryId: string, progress: Progress, final: boolean): string {
    const body = this.replyBody(entryId);
    if (!body) return '';
    const { blocks, first } = topBlocks(body, progress.done);
    const total = first + blocks.length;
    const parts: string[] = [];
    // While the reply streams its last block may still grow; every block before it is complete.
    const complete = final ? total : total - 1;
    for (; progress.done < complete; progress.done++) {
      parts.push(this.blockText(blocks[progress.done - first], false).slice(progress.spoken));
      progress.spoken = 0;
    }
    if (!final && progress.done < total) {
      // Its last sentence counts as ended only once more text follows it.
      const text = this.blockText(blocks[progress.done - first], true).trimEnd();
      let end = progress.spoken;
      BOUNDARY.lastIndex = progress.spoken;
      for (let m = BOUNDARY.exec(text); m; m = BOUNDARY.exec(text)) end = m.index + m[0].length;
      parts.push(text.slice(progress.spoken, end));
      progress.spoken = end;
    }
    return parts.join(' ');
  }

  /**
   * A block's text as it should be heard: line breaks between its own blocks and list items,
   * spaces between table cells, and each code block as a short summary.
   * @param growing the block may still change: its text ends before any code block in it
   */
  private blockText(block: Element, growing: boolean): string {
    const out: string[] = [];
    const walk = (node: Node): void => {
      if (node.nodeType === Node.TEXT_NODE) {
        out.push((node as Text).data);
        return;
      }
      if (!(node instanceof Element)) return;
      if (node.classList.contains('code-block')) {
        if (growing) throw STOP;
        out.push(`\n${this.codeSummary(node)}\n`);
        return;
      }
      if (node.tagName === 'BR') {
        out.push('\n');
        return;
      }
      const separator = BLOCKS.has(node.tagName) ? '\n' : node.tagName === 'TD' || node.tagName === 'TH' ? ' ' : '';
      out.push(separator);
      node.childNodes.forEach(walk);
      out.push(separator);
    };
    try {
      walk(block);
    } catch (e) {
      if (e !== STOP) throw e;
    }
    return out.join('');
  }

  private codeSummary(block: Element): string {
    const code = (block.querySelector('pre code')?.textContent ?? '').replace(/\n$/, '');
    const lines = code === '' ? 0 : code.split('\n').length;
    const s = this.strings();
    return lines === 1 ? s.announceCodeBlockLine : s.announceCodeBlock.replace('{0}', () => lines.toLocaleString());
  }

  /** Announces `text` politely, after whatever is being read. */
  private say(text: string): void {
    const spoken = collapse(text);
    if (spoken === '') return;
    const node = document.createElement('div');
    node.textContent = spoken;
    this.polite.append(node);
    while (this.polite.childElementCount > KEPT) this.polite.firstElementChild?.remove();
  }

  /** Announces `text` at once, interrupting. */
  private alert(text: string): void {
    const spoken = collapse(text);
    if (spoken === '') return;
    const node = document.createElement('div');
    node.textContent = spoken;
    this.assertive.replaceChildren(node);
  }
}
