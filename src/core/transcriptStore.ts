/** The ports through which conversations are kept: one for a transcript, one for the workspace's list of them. */
import type { TranscriptEntry } from '../protocol';

/** What a stored conversation holds; entries are raw until `restoreEntries` has checked them. */
export interface StoredTranscript {
  readonly entries: readonly unknown[];
  readonly sessionId?: string;
}

/** Where one conversation's transcript and session id live. */
export interface TranscriptStore {
  /** Reads the conversation back; empty when nothing was stored. */
  load(): StoredTranscript;
  /**
   * Stores the conversation as it is now. Implementations write only what changed since the
   * last save, so a save while a reply streams costs the same however long the history is.
   */
  save(entries: readonly TranscriptEntry[], sessionId: string | undefined): Promise<void>;
}

/** What the history list shows of a conversation. */
export interface ConversationInfo {
  readonly id: string;
  /** From the first question, or set by the user. */
  readonly title: string;
  /** Milliseconds since the epoch of the last turn. */
  readonly updatedAt: number;
}

/** How much the workspace's conversations take on disk. */
export interface StorageUsage {
  readonly conversations: number;
  readonly bytes: number;
}

/** The workspace's conversations: their list, the window's active one, and a transcript store for each. */
export interface ConversationStore {
  /** The list as stored, in no particular order. */
  list(): ConversationInfo[];
  /** Stores the list; another window's additions are kept, and removed ids stay removed. */
  saveList(list: readonly ConversationInfo[], removed: readonly string[]): Promise<ConversationInfo[]>;
  /** The conversation this window showed last. */
  activeId(): string | undefined;
  setActiveId(id: string): Promise<void>;
  /** The store of one conversation's transcript. */
  transcript(id: string): TranscriptStore;
  /** Removes one conversation's transcript. */
  remove(id: string): Promise<void>;
  /** Removes every conversation's transcript and the list. */
  removeAll(): Promise<void>;
  usage(): Promise<StorageUsage>;
}
