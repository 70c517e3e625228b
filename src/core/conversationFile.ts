/** One conversation's file on disk: read back once, then changes appended; whole rewrites go through a temporary file. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffLog, parseLog, recordLines, serializeLog, type WrittenState } from './conversationLog';
import type { StoredTranscript, TranscriptStore } from './transcriptStore';
import type { TranscriptEntry } from '../protocol';

/** Where the file store reports what went wrong; the host shows or logs it. */
export interface StoreEvents {
  /** A file could not be read whole and was renamed to `setAside`; what could be read was kept. */
  onDamaged?(file: string, setAside: string): void;
  /** A write failed; the next save writes the whole conversation again. */
  onError?(err: unknown): void;
}

/** Writes `content` to `file` so that a reader sees the old content or the new, never half of it. */
export async function writeAtomic(file: string, content: string): Promise<void> {
  const tmp = tempName(file);
  try {
    await fs.promises.writeFile(tmp, content);
    await fs.promises.rename(tmp, file);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}

/** {@link writeAtomic}, for the few writes that happen while a conversation is being opened. */
export function writeAtomicSync(file: string, content: string): void {
  const tmp = tempName(file);
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Renames a damaged file next to itself, so nothing the user had is deleted. */
export function setAside(file: string, now: number = Date.now()): string {
  const aside = `${file}.damaged-${now}`;
  fs.renameSync(file, aside);
  return aside;
}

function tempName(file: string): string {
  // Unique per process and call, so two windows writing the same file never share a temp file.
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
}

/** A file holding more lines than this many per entry is rewritten compactly when opened. */
const COMPACT_LINES_PER_ENTRY = 2;

/** The {@link TranscriptStore} of one conversation file. */
export class ConversationFile implements TranscriptStore {
  private written: WrittenState = { entries: [], sessionId: undefined };
  /** False until the file exists with a header: the first write is then a whole one. */
  private exists = false;
  private removed = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly events: StoreEvents = {},
  ) {}

  load(): StoredTranscript {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.events.onError?.(err);
      return { entries: [] };
    }
    const parsed = parseLog(text);
    const entries = parsed.entries as unknown as TranscriptEntry[];
    this.written = { entries: entries.map((e) => ({ ...e })), sessionId: parsed.sessionId };
    this.exists = true;
    try {
      if (parsed.damaged) {
        const aside = setAside(this.file);
        writeAtomicSync(this.file, serializeLog(entries, parsed.sessionId));
        this.events.onDamaged?.(this.file, aside);
      } else if (parsed.lines > COMPACT_LINES_PER_ENTRY * entries.length + 8) {
        writeAtomicSync(this.file, serializeLog(entries, parsed.sessionId));
      }
    } catch (err) {
      this.exists = false;
      this.events.onError?.(err);
    }
    return { entries: parsed.entries, sessionId: parsed.sessionId };
  }

  save(entries: readonly TranscriptEntry[], sessionId: string | undefined): Promise<void> {
    if (this.removed) return this.queue;
    // What to write is worked out now: the entries go on changing while the write waits its turn.
    const diff = this.exists && entries.length > 0 ? diffLog(this.written, entries, sessionId) : 'rewrite';
    if (diff !== 'rewrite' && diff.length === 0) return this.queue;
    if (diff === 'rewrite' && !this.exists && entries.length === 0 && sessionId === undefined) return this.queue;
    const content = diff === 'rewrite' ? serializeLog(entries, sessionId) : recordLines(diff);
    this.written = { entries: entries.map((e) => ({ ...e })), sessionId };
    this.exists = true;
    return this.enqueue(async () => {
      if (diff === 'rewrite') {
        await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
        await writeAtomic(this.file, content);
      } else {
        await fs.promises.appendFile(this.file, content);
      }
    });
  }

  /** Deletes the file once pending writes are done; later saves are ignored. */
  remove(): Promise<void> {
    this.removed = true;
    return this.enqueue(() => fs.promises.rm(this.file, { force: true }));
  }

  /** Resolves when every write asked for so far has finished. */
  flushed(): Promise<void> {
    return this.queue;
  }

  private enqueue(write: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(write).catch((err: unknown) => {
      // The file may now lack what was meant to be appended: write it whole next time.
      this.exists = false;
      this.events.onError?.(err);
    });
    return this.queue;
  }
}
