/** Assembles the tool calls of a streamed reply from their fragments (the OpenAI `delta.tool_calls` convention). */

/** One complete tool call the agent asked for. */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  /** The arguments as the agent wrote them: a JSON text, not parsed here (see {@link parseToolArguments}). */
  readonly arguments: string;
}

/** A tool call in a request's `messages` (an assistant turn that called tools), OpenAI shape. */
export interface WireToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

/** A tool the agent may call, OpenAI shape (`tools` in the request). */
export interface ToolDefinition {
  readonly type: 'function';
  readonly function: { readonly name: string; readonly description?: string; readonly parameters?: object };
}

interface Partial {
  id: string;
  name: string;
  readonly args: string[];
}

/**
 * Collects `delta.tool_calls` fragments. The first fragment of a call carries its `index`, `id`
 * and name; later ones only the index and a piece of the arguments, cut anywhere, and the pieces
 * of several calls may interleave. Some servers leave out `index`: a fragment with a new id then
 * starts the next call, one without continues the last.
 */
export class ToolCallAssembler {
  private readonly byIndex = new Map<number, Partial>();
  private last: number | undefined;

  /** Adds the `tool_calls` array of one delta; anything that is not a fragment is ignored. */
  add(fragments: unknown): void {
    if (!Array.isArray(fragments)) return;
    for (const raw of fragments) {
      if (typeof raw !== 'object' || raw === null) continue;
      const f = raw as { index?: unknown; id?: unknown; function?: { name?: unknown; arguments?: unknown } | null };
      const id = typeof f.id === 'string' ? f.id : '';
      const index = this.indexOf(f.index, id);
      let call = this.byIndex.get(index);
      if (!call) {
        call = { id: '', name: '', args: [] };
        this.byIndex.set(index, call);
      }
      this.last = index;
      if (id && !call.id) call.id = id;
      const fn = f.function;
      if (fn && typeof fn === 'object') {
        // Servers repeat the name on later fragments; the first one is the name.
        if (typeof fn.name === 'string' && fn.name && !call.name) call.name = fn.name;
        if (typeof fn.arguments === 'string' && fn.arguments) call.args.push(fn.arguments);
      }
    }
  }

  private indexOf(raw: unknown, id: string): number {
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
    if (this.last === undefined) return 0;
    const current = this.byIndex.get(this.last);
    if (id && current?.id && current.id !== id) return Math.max(...this.byIndex.keys()) + 1;
    return this.last;
  }

  /** Whether any fragment has arrived. */
  get isEmpty(): boolean {
    return this.byIndex.size === 0;
  }

  /**
   * The calls so far, by index. A call without a name cannot be run and is left out; one
   * without an id gets `call_<index>` so its result can still be matched to it.
   */
  calls(): ToolCall[] {
    return [...this.byIndex.entries()]
      .sort(([a], [b]) => a - b)
      .filter(([, c]) => c.name !== '')
      .map(([index, c]) => ({ id: c.id || `call_${index}`, name: c.name, arguments: c.args.join('') }));
  }
}

/**
 * The arguments of a call as an object: `{}` for an empty text (a call without parameters),
 * undefined when the text is not a JSON object.
 */
export function parseToolArguments(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A call as sent back in an assistant message of the transcript. */
export function toWireToolCall(call: ToolCall): WireToolCall {
  return { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } };
}
