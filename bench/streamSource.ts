/** A `fetch` that answers with an SSE stream of fixed-size deltas at a fixed rate, generated in process. */

const encoder = new TextEncoder();

function event(content: string): string {
  return `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
}

/** Splits text into deltas of about `size` characters, never inside a surrogate pair. */
export function deltas(text: string, size: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

/**
 * A fetch whose reply streams `parts` at `perSecond` deltas a second (paced by elapsed time, so
 * timer granularity does not lower the rate), then `[DONE]`.
 */
export function pacedFetch(parts: readonly string[], perSecond: number, onFirst?: (t: number) => void): typeof fetch {
  return async () => {
    let sent = 0;
    const t0 = performance.now();
    const body = new ReadableStream<Uint8Array>({
      // Each pull must enqueue something: a pull that returns empty-handed is not called again.
      pull: async (controller) => {
        if (sent >= parts.length) {
          controller.enqueue(encoder.encode('data: [DONE]\n\n'));
          controller.close();
          return;
        }
        let due = Math.min(parts.length, Math.floor(((performance.now() - t0) * perSecond) / 1000) + 1);
        while (due <= sent) {
          await new Promise((r) => setTimeout(r, 1));
          due = Math.min(parts.length, Math.floor(((performance.now() - t0) * perSecond) / 1000) + 1);
        }
        let chunk = '';
        if (sent === 0) onFirst?.(performance.now());
        for (; sent < due; sent++) chunk += event(parts[sent]);
        controller.enqueue(encoder.encode(chunk));
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream', 'x-session-id': 'bench' } });
  };
}
