/**
 * The file format of one conversation: JSON Lines, one change per line, so a turn or a streamed
 * piece of reply is appended instead of the whole transcript being written again.
 */
import type { TranscriptEntry } from '../protocol';

/** The first line of every conversation file: says what the file is and which version wrote it. */
export const LOG_HEADER = { pathors: 'conversation', v: 1 } as const;

/** One line of a conversation file. */
export type LogRecord =
  /** Puts an entry: replaces the one with its id in place, or adds it at the end. */
  | { readonly e: TranscriptEntry }
  /** Adds text to the end of an entry (a reply that is still streaming). */
  | { readonly id: string; readonly more: string }
  /** Removes an entry. */
  | { readonly rm: string }
  /** Sets (or, with null, forgets) the Pathors session id. */
  | { readonly session: string | null };

/** A conversation file read back. */
export interface ParsedLog {
  /** Entries as stored; `restoreEntries` still checks each one. */
  readonly entries: Record<string, unknown>[];
  readonly sessionId?: string;
  /** Lines read, header included: with `entries.length` it tells when the file is worth compacting. */
  readonly lines: number;
  /** Some line could not be read (a torn write, an edit by hand); what could be read is in `entries`. */
  readonly damaged: boolean;
}

/** Reads a conversation file, keeping every line that can be read. */
export function parseLog(text: string): ParsedLog {
  const entries: Record<string, unknown>[] = [];
  const at = new Map<string, number>();
  let sessionId: string | undefined;
  let damaged = false;
  let lines = 0;
  const rawLines = text.split('\n');
  // A file always ends with a newline; anything after the last one is a write that did not finish.
  if (rawLines.at(-1) !== '') damaged = true;
  for (const line of rawLines) {
    if (line === '') continue;
    lines++;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      damaged = true;
      continue;
    }
    if (!isObject(rec)) {
      damaged = true;
    } else if (lines === 1 && rec.pathors === LOG_HEADER.pathors) {
      continue;
    } else if (isObject(rec.e) && typeof rec.e.id === 'string') {
      const i = at.get(rec.e.id);
      if (i === undefined) {
        at.set(rec.e.id, entries.length);
        entries.push({ ...rec.e });
      } else {
        entries[i] = { ...rec.e };
      }
    } else if (typeof rec.id === 'string' && typeof rec.more === 'string') {
      const i = at.get(rec.id);
      const entry = i === undefined ? undefined : entries[i];
      if (entry && typeof entry.text === 'string') entry.text += rec.more;
    } else if (typeof rec.rm === 'string') {
      const i = at.get(rec.rm);
      if (i !== undefined) {
        entries.splice(i, 1);
        at.clear();
        entries.forEach((e, j) => at.set(e.id as string, j));
      }
    } else if ('session' in rec && (typeof rec.session === 'string' || rec.session === null)) {
      sessionId = rec.session ?? undefined;
    } else {
      damaged = true;
    }
  }
  return { entries, sessionId, lines, damaged };
}

/** A whole conversation as file content: the header, every entry, the session id. */
export function serializeLog(entries: readonly TranscriptEntry[], sessionId: string | undefined): string {
  const records: LogRecord[] = entries.map((e) => ({ e }));
  if (sessionId !== undefined) records.push({ session: sessionId });
  return [JSON.stringify(LOG_HEADER), ...records.map((r) => JSON.stringify(r))].join('\n') + '\n';
}

/** Lines for records, each ending in a newline. */
export function recordLines(records: readonly LogRecord[]): string {
  return records.map((r) => JSON.stringify(r) + '\n').join('');
}

/** What a file holds, as last written: shallow copies, so unchanged strings compare by reference. */
export interface WrittenState {
  readonly entries: readonly TranscriptEntry[];
  readonly sessionId: string | undefined;
}

/**
 * The records that turn what was written into what is now, or 'rewrite' when entries moved (which
 * the session never does) and appending cannot say it. Costs one comparison per entry plus the
 * length of text that changed: never the size of the rest of the history.
 */
export function diffLog(written: WrittenState, entries: readonly TranscriptEntry[], sessionId: string | undefined): LogRecord[] | 'rewrite' {
  const ids = new Set(entries.map((e) => e.id));
  const records: LogRecord[] = [];
  const kept: TranscriptEntry[] = [];
  for (const w of written.entries) {
    if (ids.has(w.id)) kept.push(w);
    else records.push({ rm: w.id });
  }
  for (let i = 0; i < kept.length; i++) if (entries[i]?.id !== kept[i].id) return 'rewrite';
  entries.forEach((e, i) => {
    const prev = i < kept.length ? kept[i] : undefined;
    if (prev && sameExceptText(prev, e)) {
      if (e.text === prev.text) return;
      if (e.text.length > prev.text.length && e.text.startsWith(prev.text)) {
        records.push({ id: e.id, more: e.text.slice(prev.text.length) });
        return;
      }
    }
    records.push({ e: { ...e } });
  });
  if (sessionId !== written.sessionId) records.push({ session: sessionId ?? null });
  return records;
}

function sameExceptText(a: TranscriptEntry, b: TranscriptEntry): boolean {
  const ka = Object.keys(a).filter((k) => a[k as keyof TranscriptEntry] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k as keyof TranscriptEntry] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (k === 'text') continue;
    const va = a[k as keyof TranscriptEntry];
    const vb = b[k as keyof TranscriptEntry];
    // Objects (context, actions) are small: comparing their JSON is cheap and exact enough.
    if (va !== vb && (typeof va !== 'object' || JSON.stringify(va) !== JSON.stringify(vb))) return false;
  }
  return true;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
