/**
 * The workspace's conversations in one folder: `<id>.jsonl` per conversation and `index.json`
 * listing them. Several windows may share the folder, so the list is merged, never overwritten.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConversationFile, setAside, writeAtomicSync, type StoreEvents } from './conversationFile';
import { parseLog } from './conversationLog';
import { titleFrom } from './titles';
import type { KeyValueStore } from './ports';
import type { ConversationInfo, ConversationStore, StorageUsage } from './transcriptStore';

/** The window's active conversation stays in the key/value store: it belongs to the window, not the folder. */
export const KEY_ACTIVE = 'pathors.activeConversation';
const INDEX = 'index.json';
const EXT = '.jsonl';
/** Removed ids are remembered so another window's older list cannot bring them back; this many is plenty. */
const MAX_REMOVED = 1000;

/** Ids become file names: anything but a plain id is refused, so a damaged index cannot point outside the folder. */
export function isConversationId(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(id);
}

/** A list entry as stored: `rev` says when this entry last changed, so the newer of two windows' copies wins. */
interface StoredInfo extends ConversationInfo {
  readonly rev: number;
}

interface StoredIndex {
  readonly conversations: StoredInfo[];
  readonly removed: string[];
}

/** A {@link ConversationStore} on the file system. */
export class FileConversationStore implements ConversationStore {
  private readonly files = new Map<string, ConversationFile>();
  /** This window's last view of each entry, to tell which ones it changed. */
  private readonly seen = new Map<string, StoredInfo>();

  constructor(
    /** The folder of the conversation files; created on the first write. */
    readonly dir: string,
    private readonly state: KeyValueStore,
    private readonly events: StoreEvents = {},
    private readonly now: () => number = Date.now,
  ) {}

  list(): ConversationInfo[] {
    const index = this.readIndex();
    for (const c of index.conversations) this.seen.set(c.id, c);
    return index.conversations.map(({ id, title, updatedAt }) => ({ id, title, updatedAt }));
  }

  saveList(list: readonly ConversationInfo[], removed: readonly string[]): Promise<ConversationInfo[]> {
    try {
      return Promise.resolve(this.saveListSync(list, removed));
    } catch (err) {
      this.events.onError?.(err);
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /**
   * {@link saveList}, at once. The index is small (a line per conversation), and reading it again
   * right before replacing it leaves another window the shortest possible gap to write in between.
   */
  saveListSync(list: readonly ConversationInfo[], removed: readonly string[]): ConversationInfo[] {
    const local = list.map((c) => this.stamp(c));
    const disk = this.readIndex();
    const gone = new Set([...disk.removed, ...removed]);
    const merged = new Map<string, StoredInfo>();
    for (const c of [...disk.conversations, ...local]) {
      if (gone.has(c.id)) continue;
      const other = merged.get(c.id);
      if (!other || c.rev >= other.rev) merged.set(c.id, c);
    }
    const index: StoredIndex = { conversations: [...merged.values()], removed: [...gone].slice(-MAX_REMOVED) };
    fs.mkdirSync(this.dir, { recursive: true });
    writeAtomicSync(path.join(this.dir, INDEX), JSON.stringify(index));
    for (const c of index.conversations) this.seen.set(c.id, c);
    return index.conversations.map(({ id, title, updatedAt }) => ({ id, title, updatedAt }));
  }

  activeId(): string | undefined {
    return this.state.get<string>(KEY_ACTIVE);
  }

  async setActiveId(id: string): Promise<void> {
    await this.state.update(KEY_ACTIVE, id);
  }

  transcript(id: string): ConversationFile {
    if (!isConversationId(id)) throw new Error(`Not a conversation id: ${JSON.stringify(id)}`);
    let f = this.files.get(id);
    if (!f) {
      f = new ConversationFile(path.join(this.dir, id + EXT), this.events);
      this.files.set(id, f);
    }
    return f;
  }

  async remove(id: string): Promise<void> {
    if (!isConversationId(id)) return;
    await this.transcript(id).remove();
    this.files.delete(id);
  }

  async removeAll(): Promise<void> {
    await Promise.all([...this.files.values()].map((f) => f.remove()));
    this.files.clear();
    const ids = this.readIndex().conversations.map((c) => c.id);
    // Damaged copies that were set aside go too: the user asked for every conversation to be deleted.
    for (const name of this.names()) {
      if (name.endsWith(EXT)) ids.push(name.slice(0, -EXT.length));
      if (name !== INDEX) await fs.promises.rm(path.join(this.dir, name), { force: true });
    }
    await this.saveList([], ids.filter(isConversationId));
  }

  async usage(): Promise<StorageUsage> {
    let bytes = 0;
    let conversations = 0;
    for (const name of this.names()) {
      try {
        bytes += (await fs.promises.stat(path.join(this.dir, name))).size;
        if (name.endsWith(EXT)) conversations++;
      } catch {
        // Removed meanwhile by another window.
      }
    }
    return { conversations, bytes };
  }

  private stamp(c: ConversationInfo): StoredInfo {
    const prev = this.seen.get(c.id);
    if (prev && prev.title === c.title && prev.updatedAt === c.updatedAt) return prev;
    const next = { id: c.id, title: c.title, updatedAt: c.updatedAt, rev: Math.max(this.now(), (prev?.rev ?? 0) + 1) };
    this.seen.set(c.id, next);
    return next;
  }

  private names(): string[] {
    try {
      return fs.readdirSync(this.dir);
    } catch {
      return [];
    }
  }

  /** The index as on disk, plus any conversation file it does not list (a write lost between two windows). */
  private readIndex(): StoredIndex {
    const file = path.join(this.dir, INDEX);
    let index: StoredIndex = { conversations: [], removed: [] };
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      // No index yet.
    }
    if (text !== undefined) {
      const read = parseIndex(text);
      if (read) index = read;
      else {
        const aside = setAside(file, this.now());
        this.events.onDamaged?.(file, aside);
      }
    }
    const removed = new Set(index.removed);
    const listed = new Set(index.conversations.map((c) => c.id));
    for (const name of this.names()) {
      const id = name.endsWith(EXT) ? name.slice(0, -EXT.length) : '';
      if (!isConversationId(id) || listed.has(id) || removed.has(id)) continue;
      index.conversations.push(this.recover(id));
    }
    return index;
  }

  /** A list entry for a conversation file the index does not know: titled from its first question. */
  private recover(id: string): StoredInfo {
    const file = path.join(this.dir, id + EXT);
    try {
      const parsed = parseLog(fs.readFileSync(file, 'utf8'));
      const first = parsed.entries.find((e) => e.role === 'user' && typeof e.text === 'string');
      return { id, title: first ? titleFrom(first.text as string) : '', updatedAt: fs.statSync(file).mtimeMs, rev: 0 };
    } catch {
      return { id, title: '', updatedAt: 0, rev: 0 };
    }
  }
}

function parseIndex(text: string): StoredIndex | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as StoredIndex).conversations)) return undefined;
  const r = raw as { conversations: unknown[]; removed?: unknown };
  const conversations = r.conversations.filter(
    (c): c is StoredInfo =>
      typeof c === 'object' && c !== null && isConversationId((c as StoredInfo).id) && typeof (c as StoredInfo).title === 'string' && typeof (c as StoredInfo).updatedAt === 'number',
  ).map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt, rev: typeof c.rev === 'number' ? c.rev : 0 }));
  const removed = Array.isArray(r.removed) ? r.removed.filter(isConversationId) : [];
  return { conversations, removed };
}
