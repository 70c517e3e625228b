/** The workspace's conversations: each has its own Pathors session and transcript; one is active. */
import type { TranscriptEntry } from '../protocol';
import type { ChatSession } from './chatSession';
import { titleFrom } from './titles';
import type { ConversationInfo, ConversationStore, StorageUsage, TranscriptStore } from './transcriptStore';

export type { ConversationInfo } from './transcriptStore';
export { titleFrom } from './titles';

export type ConversationEvent = { readonly type: 'active' } | { readonly type: 'list' };

/**
 * Keeps the list of conversations and the session of each (created on first use), persists
 * both per workspace, and reopens the most recent one.
 */
export class ConversationManager {
  private index: ConversationInfo[];
  /** Ids deleted in this window, so a merge with another window's list does not bring them back. */
  private removed: string[] = [];
  private activeIdValue: string;
  private readonly sessions = new Map<string, ChatSession>();
  private readonly unsubscribe = new Map<string, () => void>();
  private readonly listeners = new Set<(e: ConversationEvent) => void>();

  constructor(
    private readonly store: ConversationStore,
    private readonly makeSession: (store: TranscriptStore) => ChatSession,
    private readonly newId: () => string = () => globalThis.crypto.randomUUID(),
    private readonly now: () => number = Date.now,
  ) {
    this.index = store.list();
    if (this.index.length === 0) this.index = [{ id: this.newId(), title: '', updatedAt: this.now() }];
    const stored = store.activeId();
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
    await this.store.transcript(id).save(copy, undefined);
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
    this.forget(id);
    await this.store.remove(id);
    this.removed.push(id);
    this.index = this.index.filter((c) => c.id !== id);
    if (this.index.length === 0) this.index.push({ id: this.newId(), title: '', updatedAt: this.now() });
    if (id === this.activeIdValue) await this.setActive(this.mostRecent().id);
    else await this.saveIndex();
    this.emit({ type: 'list' });
    return true;
  }

  /**
   * Deletes every conversation of the workspace (aborting any request), including those only another
   * window has listed so far, and opens a new empty one.
   */
  async deleteAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => s.newChat()));
    for (const id of [...this.sessions.keys()]) this.forget(id);
    this.removed.push(...this.index.map((c) => c.id));
    await this.store.removeAll();
    this.index = [{ id: this.newId(), title: '', updatedAt: this.now() }];
    await this.setActive(this.index[0].id);
    this.emit({ type: 'list' });
  }

  /** How many conversations are stored and how many bytes they take. */
  usage(): Promise<StorageUsage> {
    return this.store.usage();
  }

  /** Picks up conversations another window on the same folder has added since. */
  refresh(): void {
    if (this.adopt(this.store.list())) this.emit({ type: 'list' });
  }

  /** Saves every session (shutdown). */
  async dispose(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => s.dispose()));
  }

  /** The session of a conversation, created (and restored from the store) on first use. */
  session(id: string): ChatSession {
    let s = this.sessions.get(id);
    if (!s) {
      s = this.makeSession(this.store.transcript(id));
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

  private forget(id: string): void {
    this.unsubscribe.get(id)?.();
    this.sessions.delete(id);
    this.unsubscribe.delete(id);
  }

  /** Adds entries of another window's list that this one does not have; true when there were any. */
  private adopt(list: readonly ConversationInfo[]): boolean {
    const known = new Set([...this.index.map((c) => c.id), ...this.removed]);
    const added = list.filter((c) => !known.has(c.id));
    this.index.push(...added);
    return added.length > 0;
  }

  private mostRecent(): ConversationInfo {
    return [...this.index].sort((a, b) => b.updatedAt - a.updatedAt)[0];
  }

  private async setActive(id: string): Promise<void> {
    this.activeIdValue = id;
    this.emit({ type: 'active' });
    await Promise.all([this.store.setActiveId(id), this.saveIndex()]);
  }

  private async saveIndex(): Promise<void> {
    // A failed write was reported by the store; the list in memory is still right, and the next write retries.
    const merged = await this.store.saveList(this.index, this.removed).catch(() => []);
    if (this.adopt(merged)) this.emit({ type: 'list' });
  }

  private emit(e: ConversationEvent): void {
    for (const l of this.listeners) l(e);
  }
}
