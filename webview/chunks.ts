// Groups a reply's top-level blocks into chunks, so that a long reply is a short list of boxes.

/** Class of the wrapper around a run of a reply's top-level blocks; it carries nothing else. */
export const CHUNK_CLASS = 'md-chunk';

/**
 * Top-level blocks (elements) per chunk. Fewer, larger chunks cost the browser less on each frame
 * of a long streaming reply (it checks every chunk); the two newest are always drawn.
 */
export const CHUNK_BLOCKS = 128;

/**
 * Appends rendered top-level blocks to a reply body in chunks of {@link CHUNK_BLOCKS} elements.
 *
 * A streaming reply changes at its end on every frame, and the browser's work for such a frame
 * (style, layout, paint, scroll anchoring) grows with the number of children the reply body has:
 * a reply of thousands of blocks made streaming quadratic. In chunks, the body has few children,
 * a full chunk never changes again, and the stylesheet lets the browser skip drawing full chunks
 * that are out of view.
 *
 * Where a chunk ends depends only on the sequence of blocks, so a reply appended a few blocks at a
 * time while it streams ends up with exactly the markup of the same reply rendered at once.
 */
export class ChunkWriter {
  /** The last chunk, and how many blocks have been put in it for good. */
  private chunk: HTMLElement | null = null;
  private blocks = 0;

  /** @param parent the reply body, or a fragment that becomes its content */
  constructor(private readonly parent: ParentNode) {}

  /** Moves the nodes of `fragment` to the end of the body, into chunks, for good. */
  append(fragment: DocumentFragment): void {
    for (let node = fragment.firstChild; node; node = fragment.firstChild) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        this.next().append(node);
        this.blocks++;
      } else {
        // Text between blocks (the renderer's newlines) goes with the block before it.
        (this.chunk ?? this.parent).append(node);
      }
    }
  }

  /**
   * Shows the nodes of `fragment` (a streaming reply's block that may still change) where its
   * next block goes, without counting them: the caller removes them before the next append.
   * @returns the nodes shown
   */
  show(fragment: DocumentFragment): ChildNode[] {
    const nodes = Array.from(fragment.childNodes);
    if (nodes.length > 0) this.next().append(fragment);
    return nodes;
  }

  /** The chunk the next block goes in, started when the last one is full. */
  private next(): HTMLElement {
    if (!this.chunk || this.blocks >= CHUNK_BLOCKS) {
      this.chunk = document.createElement('div');
      this.chunk.className = CHUNK_CLASS;
      this.parent.append(this.chunk);
      this.blocks = 0;
    }
    return this.chunk;
  }
}

/** `fragment`'s top-level nodes grouped into chunks, as {@link ChunkWriter} groups them. */
export function chunked(fragment: DocumentFragment): DocumentFragment {
  const out = document.createDocumentFragment();
  new ChunkWriter(out).append(fragment);
  return out;
}
