/**
 * Moves the conversations 0.1.0 kept in the key/value store (`workspaceState`) into conversation
 * files. The old keys are removed only once every file has been written and read back the same.
 */
import * as fs from 'node:fs';
import { writeAtomicSync } from './conversationFile';
import { parseLog, serializeLog, type ParsedLog } from './conversationLog';
import { isConversationId, KEY_ACTIVE, type FileConversationStore } from './fileConversationStore';
import { titleFrom } from './titles';
import type { KeyValueStore } from './ports';
import type { ConversationInfo } from './transcriptStore';
import type { TranscriptEntry } from '../protocol';

const KEY_INDEX = 'pathors.conversations';
const KEY_TRANSCRIPT = 'pathors.transcript';
const KEY_SESSION = 'pathors.sessionId';
const PREFIX = 'pathors.conversation.';
/** The id the unscoped transcript gets: fixed, so a migration that runs twice does not make two copies. */
const BARE_ID = 'legacy';
const SCOPED = /^pathors\.conversation\.([^/]+)\/pathors\.(transcript|sessionId)$/;

/** What a migration did. */
export interface MigrationResult {
  /** Conversations found under the old keys. */
  readonly found: number;
  /** True when every one was written and read back, so the old keys are being removed. */
  readonly done: boolean;
  /** Settles when the old keys are gone. */
  readonly cleared: Promise<void>;
}

interface Legacy {
  readonly info: ConversationInfo;
  readonly entries: readonly object[];
  readonly sessionId: string | undefined;
  readonly keys: readonly string[];
}

/**
 * Migrates once: a second call finds no old keys and does nothing. A conversation that already has
 * a file (an earlier migration that did not finish) keeps its file, which may hold newer turns.
 * The files are written before this returns, so a store opened right after sees them; only the
 * removal of the old keys, which VS Code does asynchronously, is left in `cleared`.
 */
export function migrateKeyValueStore(kv: KeyValueStore, store: FileConversationStore): MigrationResult {
  const found = readLegacy(kv);
  if (found.length === 0) return { found: 0, done: true, cleared: Promise.resolve() };
  const notDone = { found: found.length, done: false, cleared: Promise.resolve() };
  const written = new Set<string>();
  try {
    fs.mkdirSync(store.dir, { recursive: true });
    for (const c of found) {
      const file = store.transcript(c.info.id).file;
      if (fs.existsSync(file)) continue;
      if (c.entries.length > 0 || c.sessionId !== undefined) writeAtomicSync(file, serializeLog(c.entries as TranscriptEntry[], c.sessionId));
      written.add(c.info.id);
    }
    store.saveListSync(found.map((c) => c.info), []);
    if (store.activeId() === undefined) void store.setActiveId(found[0].info.id);
  } catch {
    return notDone;
  }

  // Read back from disk, not from the writers' memory of what they wrote.
  const listed = new Set(store.list().map((c) => c.id));
  for (const c of found) {
    if (!listed.has(c.info.id)) return notDone;
    if (!written.has(c.info.id)) continue;
    const back = readBack(store.transcript(c.info.id).file);
    if (!back || back.sessionId !== c.sessionId || JSON.stringify(back.entries) !== JSON.stringify(c.entries)) return notDone;
  }
  const old = new Set([KEY_INDEX, ...found.flatMap((c) => c.keys)]);
  const cleared = Promise.all([...old].map((k) => kv.update(k, undefined))).then(() => undefined);
  return { found: found.length, done: true, cleared };
}

/** A conversation file as it is on disk, or undefined when there is none or it cannot be read whole. */
function readBack(file: string): ParsedLog | undefined {
  try {
    const parsed = parseLog(fs.readFileSync(file, 'utf8'));
    return parsed.damaged ? undefined : parsed;
  } catch (err) {
    // Nothing was written for an empty conversation.
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? { entries: [], lines: 0, damaged: false } : undefined;
  }
}

function readLegacy(kv: KeyValueStore): Legacy[] {
  const index = kv.get<unknown>(KEY_INDEX);
  const infos = new Map<string, ConversationInfo>();
  if (Array.isArray(index)) {
    for (const c of index) {
      if (typeof c === 'object' && c !== null && isConversationId(c.id) && typeof c.title === 'string' && typeof c.updatedAt === 'number') {
        infos.set(c.id, { id: c.id, title: c.title, updatedAt: c.updatedAt });
      }
    }
  }
  // A conversation whose keys exist but which the list lost is still the user's.
  for (const key of kv.keys?.() ?? []) {
    const m = SCOPED.exec(key);
    if (m && isConversationId(m[1]) && !infos.has(m[1])) infos.set(m[1], { id: m[1], title: '', updatedAt: 0 });
  }
  const out: Legacy[] = [];
  for (const info of infos.values()) {
    const keys = [`${PREFIX}${info.id}/${KEY_TRANSCRIPT}`, `${PREFIX}${info.id}/${KEY_SESSION}`];
    out.push(legacy(info, kv.get<unknown>(keys[0]), kv.get<unknown>(keys[1]), keys));
  }
  // Before 0.1.0 had several conversations, its one transcript sat under unscoped keys.
  const bare = kv.get<unknown>(KEY_TRANSCRIPT);
  const bareSession = kv.get<unknown>(KEY_SESSION);
  if (bare !== undefined || bareSession !== undefined) {
    const c = legacy({ id: BARE_ID, title: '', updatedAt: Date.now() }, bare, bareSession, [KEY_TRANSCRIPT, KEY_SESSION]);
    const first = c.entries.find((e): e is TranscriptEntry => (e as TranscriptEntry).role === 'user' && typeof (e as TranscriptEntry).text === 'string');
    out.push({ ...c, info: { ...c.info, title: first ? titleFrom(first.text) : '' } });
  }
  // The active one first: it becomes active if the key/value store names none.
  const active = kv.get<string>(KEY_ACTIVE);
  return out.sort((a, b) => Number(b.info.id === active) - Number(a.info.id === active));
}

function legacy(info: ConversationInfo, transcript: unknown, session: unknown, keys: string[]): Legacy {
  const entries = Array.isArray(transcript) ? transcript.filter((e): e is object => typeof e === 'object' && e !== null && !Array.isArray(e)) : [];
  const sessionId = typeof session === 'string' && session !== '' ? session : undefined;
  return { info, entries, sessionId, keys };
}
