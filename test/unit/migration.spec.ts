/** Moving 0.1.0's conversations out of workspaceState into conversation files, on a real temporary folder. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChatSession } from '../../src/core/chatSession';
import { ConversationManager } from '../../src/core/conversations';
import { FileConversationStore } from '../../src/core/fileConversationStore';
import { migrateKeyValueStore } from '../../src/core/migration';
import type { TranscriptEntry } from '../../src/protocol';
import { MemoryStore, plainText, tempDir } from './replyHelpers';

const ONE: TranscriptEntry[] = [
  { id: 'u1', role: 'user', text: 'How do I deploy?', prompt: 'How do I deploy?\n\n```ts\ncode\n```', context: { label: 'a.ts:1-3', path: 'a.ts', languageId: 'typescript', startLine: 1, endLine: 3, truncated: false, totalChars: 4, sentChars: 4 } },
  { id: 'a1', role: 'assistant', text: 'Like **so**.' },
];
const TWO: TranscriptEntry[] = [
  { id: 'u2', role: 'user', text: 'Second' },
  { id: 'a2', role: 'assistant', text: 'half', incomplete: true, notice: 'stopped' },
  { id: 'e2', role: 'error', text: 'unauthorized', actions: ['setApiKey'], forEntry: 'u2' },
];

/** workspaceState as 0.1.0 left it: two conversations, titles (one renamed), session ids, the active one. */
function seeded(): MemoryStore {
  const kv = new MemoryStore();
  kv.data.set('pathors.conversations', [
    { id: 'c-one', title: 'Deploying', updatedAt: 100 },
    { id: 'c-two', title: 'Second', updatedAt: 200 },
    { id: 'c-empty', title: '', updatedAt: 300 },
  ]);
  kv.data.set('pathors.conversation.c-one/pathors.transcript', ONE);
  kv.data.set('pathors.conversation.c-one/pathors.sessionId', 'session-one');
  kv.data.set('pathors.conversation.c-two/pathors.transcript', TWO);
  kv.data.set('pathors.conversation.c-two/pathors.sessionId', 'session-two');
  kv.data.set('pathors.activeConversation', 'c-one');
  return kv;
}

/** Migrates and waits until the old keys are gone. */
async function migrate(kv: MemoryStore, store: FileConversationStore): Promise<{ found: number; done: boolean }> {
  const { found, done, cleared } = migrateKeyValueStore(kv, store);
  await cleared;
  return { found, done };
}

describe('Migration from workspaceState', () => {
  let tmp: ReturnType<typeof tempDir>;
  const manager = (store: FileConversationStore) => new ConversationManager(store, (t) => new ChatSession({ store: t, text: plainText }));

  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('keeps every conversation, its title, session id and the active one, then removes the old keys', async () => {
    const kv = seeded();
    const store = new FileConversationStore(tmp.dir, kv);
    assert.deepEqual(await migrate(kv, store), { found: 3, done: true });
    assert.deepEqual([...kv.data.keys()], ['pathors.activeConversation'], 'only the window\'s active conversation stays in workspaceState');

    // A new window after the upgrade: everything comes from the files.
    const m = manager(new FileConversationStore(tmp.dir, kv));
    assert.equal(m.activeId, 'c-one');
    assert.deepEqual(m.list().map((c) => [c.id, c.title, c.updatedAt]), [['c-two', 'Second', 200], ['c-one', 'Deploying', 100]]);
    assert.deepEqual(m.active.transcript, ONE);
    assert.equal(m.active.sessionId, 'session-one');
    assert.deepEqual(m.session('c-two').transcript, TWO);
    assert.equal(m.session('c-two').sessionId, 'session-two');
    assert.deepEqual(await migrate(kv, store), { found: 0, done: true }, 'a second start finds nothing to move');
  });

  it('keeps the old keys when the files cannot be written, and the next start moves them', async () => {
    const kv = seeded();
    const blocked = path.join(tmp.dir, 'blocked');
    fs.writeFileSync(blocked, 'a file where the folder should be');
    const result = await migrate(kv, new FileConversationStore(path.join(blocked, 'conversations'), kv, { onError: () => undefined }));
    assert.equal(result.done, false);
    assert.deepEqual(kv.data.get('pathors.conversation.c-one/pathors.transcript'), ONE, 'nothing is removed until it is safely written');
    assert.ok(kv.data.has('pathors.conversations'));

    const store = new FileConversationStore(path.join(tmp.dir, 'ok'), kv);
    assert.equal((await migrate(kv, store)).done, true);
    assert.deepEqual(manager(store).active.transcript, ONE);
  });

  it('a file written by a move that did not finish is kept: it may hold newer turns', async () => {
    const kv = seeded();
    const store = new FileConversationStore(tmp.dir, kv);
    const newer = [...ONE, { id: 'u9', role: 'user', text: 'asked after the first try' } as TranscriptEntry];
    await store.transcript('c-one').save(newer, 'session-one');
    assert.deepEqual(await migrate(kv, store), { found: 3, done: true });
    assert.deepEqual(manager(new FileConversationStore(tmp.dir, kv)).active.transcript, newer);
    assert.deepEqual(manager(new FileConversationStore(tmp.dir, kv)).session('c-two').transcript, TWO);
  });

  it('the files are there as soon as it returns: a window opened at once sees every conversation', async () => {
    const kv = seeded();
    const result = migrateKeyValueStore(kv, new FileConversationStore(tmp.dir, kv));
    const m = manager(new FileConversationStore(tmp.dir, kv));
    assert.deepEqual(m.active.transcript, ONE);
    assert.equal(m.session('c-two').sessionId, 'session-two');
    await result.cleared;
    assert.equal(kv.data.has('pathors.conversations'), false);
  });

  it('finds a conversation the list lost, and the transcript of the single-conversation version', async () => {
    const kv = new MemoryStore();
    kv.data.set('pathors.conversation.c-lost/pathors.transcript', TWO);
    kv.data.set('pathors.transcript', [{ id: 'u', role: 'user', text: 'Old question' }, { id: 'a', role: 'assistant', text: 'Old answer' }]);
    kv.data.set('pathors.sessionId', 'session-old');
    const store = new FileConversationStore(tmp.dir, kv);
    assert.deepEqual(await migrate(kv, store), { found: 2, done: true });
    assert.equal(kv.data.size, 1);
    const m = manager(new FileConversationStore(tmp.dir, kv));
    const old = m.list().find((c) => c.title === 'Old question');
    assert.ok(old);
    assert.equal(m.session(old.id).sessionId, 'session-old');
    assert.deepEqual(m.session('c-lost').transcript, TWO);
  });
});
