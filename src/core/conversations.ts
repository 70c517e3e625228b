/** The workspace's conversations: each has its own Pathors session and transcript; one is active. */
import type { TranscriptEntry } from '../protocol';
import type { ChatSession } from './chatSession';
import type { KeyValueStore } from './ports';

/** What the history list shows of a conversation. */
export interface ConversationInfo {
  readonly id: string;
  /** From the first question, or set by the user. */
  readonly title: string;
  /** Milliseconds since the epoch of the last turn. */
  readonly updatedAt: number;
}

const KEY_INDEX = 'pathors.conversations';
const KEY_ACTIVE = 'pathors.activeConversation';
/** The keys a ChatSession stores; before conversations existed they sat unscoped, and are adopted as the first conversation. */
const KEY_TRANSCRIPT = 'pathors.transcript';
const SESSION_KEYS = [KEY_TRANSCRIPT, 'pathors.sessionId'];
const TITLE_CHARS = 60;

/** A view of the store in which every key of one conversation lives under its own prefix. */
export function scopedStore(store: KeyValueStore, prefix: string): KeyValueStore {
  return {
    get: <T>(key: string) => store.get<T>(prefix + key),
    update: (key, value) => store.update(prefix + key, value),
  };
}

/** A title from the first question: its first line, shortened to a list-friendly length. */
export function titleFrom(question: string): string {
  const line = question.trim().split('\n')[0].replace(/\s+/g, ' ');
  return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1)}…` : line;
}

export type ConversationEvent = { readonly type: 'active' } | { readonly type: 'list' };

/**
 * Keeps the list of conversations and the session of each (created on first use), persists
 * both per workspace, and reopens the most recent one.
 */
export class ConversationManager {
  private index: ConversationInfo[];
  private activeIdValue: string;
  private readonly sessions = new Map<string, ChatSession>();
  private readonly unsubscribe = new Map<string, () => void>();
  private readonly listeners = new Set<(e: ConversationEvent) => void>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly makeSession: (store: KeyValueStore) => ChatSession,
    private readonly newId: () => string = () => globalThis.crypto.randomUUID(),
    private readonly now: () => number = Date.now,
  ) {
    this.index = readIndex(store.get<unknown>(KEY_INDEX));
    if (this.index.length === 0) {
      const id = this.newId();
      this.index = [{ id, title: '', updatedAt: this.now() }];
      void this.adoptLegacy(id);
    }
    const stored = store.get<string>(KEY_ACTIVE);
    this.activeIdValue = this.index.some((c) => c.id === stored) ? (stored as string) : this.mostRecent().id;
  }

  get activeId(): string {
    return this.activeIdValue;
  }

  /** The session of the active conversation. */
  get active(): ChatSession {
    return this.session(this.activeIdValue);
  }

  /** Conversations with at least one turn, newest first, plus the active one. */
  list(): ConversationInfo[] {
    return this.index
      .filter((c) => c.id === this.activeIdValue || c.title !== '')
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  onDidChange(listener: (e: ConversationEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts a new conversation and makes it active; an active one that is still empty is reused.
   * A reply still streaming in the one left is stopped (what arrived is kept, marked incomplete).
   */
  async startNew(): Promise<void> {
    const left = this.active;
    left.stop();
    await left.whenIdle();
    if (left.transcript.length === 0) return;
    const id = this.newId();
    this.index.push({ id, title: '', updatedAt: this.now() });
    await this.setActive(id);
    this.emit({ type: 'list' });
  }

  /**
   * Starts a conversation that holds a copy of another's transcript up to (not including) the user
   * turn `entryId`, and makes it active: Edit & resend continues from there in a new server session.
   * The copy has no session id, and errors are left out. The original is kept as it was.
   * @param title the new conversation's title; by default the first question's
   * @returns the new conversation's id, or undefined when the source is answering or `entryId` is not one of its questions
   */
  async fork(fromId: string, entryId: string, title?: string): Promise<string | undefined> {
    if (!this.index.some((c) => c.id === fromId)) return undefined;
    const source = this.session(fromId);
    const at = source.transcript.findIndex((e) => e.id === entryId && e.role === 'user');
    if (source.busyRequestId || at < 0) return undefined;
    const copy = source.transcript.slice(0, at).filter((e) => e.role !== 'error').map((e) => ({ ...e }));
    const id = this.newId();
    await scopedStore(this.store, `pathors.conversation.${id}/`).update(KEY_TRANSCRIPT, copy);
    const first = copy.find((e) => e.role === 'user');
    this.index.push({ id, title: titleFrom(title ?? first?.text ?? ''), updatedAt: this.now() });
    await this.setActive(id);
    this.emit({ type: 'list' });
    return id;
  }

  /** Makes another conversation active. A reply still streaming in the one left goes on. */
  async switchTo(id: string): Promise<boolean> {
    if (!this.index.some((c) => c.id === id)) return false;
    if (id !== this.activeIdValue) await this.setActive(id);
    return true;
  }

  async rename(id: string, title: string): Promise<boolean> {
    const clean = titleFrom(title);
    const i = this.index.findIndex((c) => c.id === id);
    if (i < 0 || !clean) return false;
    this.index[i] = { ...this.index[i], title: clean };
    await this.saveIndex();
    this.emit({ type: 'list' });
    return true;
  }

  /** Deletes a conversation (aborting its request); deleting the active one opens the most recent other. */
  async delete(id: string): Promise<boolean> {
    if (!this.index.some((c) => c.id === id)) return false;
    await this.sessions.get(id)?.newChat();
    const scoped = scopedStore(this.store, `pathors.conversation.${id}/`);
    await Promise.all(SESSION_KEYS.map((k) => scoped.update(k, undefined)));
    this.unsubscribe.get(id)?.();
    this.sessions.delete(id);
    this.unsubscribe.delete(id);
    this.index = this.index.filter((c) => c.id !== id);
    if (this.index.length === 0) this.index.push({ id: this.newId(), title: '', updatedAt: this.now() });
    if (id === this.activeIdValue) await this.setActive(this.mostRecent().id);
    else await this.saveIndex();
    this.emit({ type: 'list' });
    return true;
  }

  /** Saves every session (shutdown). */
  async dispose(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => s.dispose()));
  }

  /** The session of a conversation, created (and restored from the store) on first use. */
  session(id: string): ChatSession {
    let s = this.sessions.get(id);
    if (!s) {
      s = this.makeSession(scopedStore(this.store, `pathors.conversation.${id}/`));
      this.sessions.set(id, s);
      const session = s;
      this.unsubscribe.set(id, s.onUpdate((u) => {
        if (u.type === 'append' && u.entry.role === 'user') void this.touch(id, u.entry);
        if (u.type === 'reset' && session.transcript.length === 0) void this.clearTitle(id);
      }));
    }
    return s;
  }

  private async touch(id: string, entry: TranscriptEntry): Promise<void> {
    const i = this.index.findIndex((c) => c.id === id);
    if (i < 0) return;
    const c = this.index[i];
    this.index[i] = { ...c, title: c.title || titleFrom(entry.text), updatedAt: this.now() };
    await this.saveIndex();
    this.emit({ type: 'list' });
  }

  private async clearTitle(id: string): Promise<void> {
    const i = this.index.findIndex((c) => c.id === id);
    if (i < 0 || this.index[i].title === '') return;
    this.index[i] = { ...this.index[i], title: '' };
    await this.saveIndex();
    this.emit({ type: 'list' });
  }

  private mostRecent(): ConversationInfo {
    return [...this.index].sort((a, b) => b.updatedAt - a.updatedAt)[0];
  }

  private async setActive(id: string): Promise<void> {
    this.activeIdValue = id;
    this.emit({ type: 'active' });
    await Promise.all([this.store.update(KEY_ACTIVE, id), this.saveIndex()]);
  }

  private async saveIndex(): Promise<void> {
    await this.store.update(KEY_INDEX, this.index.map((c) => ({ ...c })));
  }

  /** Moves a transcript and session stored before conversations existed into the first conversation. */
  private async adoptLegacy(id: string): Promise<void> {
    const scoped = scopedStore(this.store, `pathors.conversation.${id}/`);
    const legacy = SESSION_KEYS.map((k) => [k, this.store.get<unknown>(k)] as const);
    const transcript = this.store.get<TranscriptEntry[]>('pathors.transcript');
    const firstQuestion = Array.isArray(transcript) ? transcript.find((e) => e?.role === 'user')?.text : undefined;
    if (firstQuestion) this.index[0] = { ...this.index[0], title: titleFrom(firstQuestion) };
    // Every write starts before the first await, so a session made right after the constructor sees them.
    const writes: PromiseLike<void>[] = [];
    for (const [k, v] of legacy) {
      if (v === undefined) continue;
      writes.push(scoped.update(k, v), this.store.update(k, undefined));
    }
    writes.push(this.store.update(KEY_INDEX, this.index.map((c) => ({ ...c }))));
    await Promise.all(writes);
  }

  private emit(e: ConversationEvent): void {
    for (const l of this.listeners) l(e);
  }
}

function readIndex(raw: unknown): ConversationInfo[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (c): c is ConversationInfo =>
      typeof c === 'object' && c !== null && typeof c.id === 'string' && typeof c.title === 'string' && typeof c.updatedAt === 'number',
  );
}
