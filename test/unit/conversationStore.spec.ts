/** The conversation files on a real temporary folder: appends, atomic rewrites, damage, two windows, usage. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConversationFile } from '../../src/core/conversationFile';
import { parseLog, serializeLog } from '../../src/core/conversationLog';
import { FileConversationStore } from '../../src/core/fileConversationStore';
import type { TranscriptEntry } from '../../src/protocol';
import { MemoryStore, rngOps, tempDir } from './replyHelpers';

const user = (id: string, text: string): TranscriptEntry => ({ id, role: 'user', text });
const reply = (id: string, text: string, streaming = false): TranscriptEntry => ({ id, role: 'assistant', text, ...(streaming ? { streaming } : {}) });
const size = (file: string) => fs.statSync(file).size;

describe('Conversation files', () => {
  let tmp: ReturnType<typeof tempDir>;
  let damaged: string[];
  const open = (dir = tmp.dir, state = new MemoryStore()) =>
    new FileConversationStore(dir, state, { onDamaged: (f) => damaged.push(f), onError: (e) => assert.fail(String(e)) });

  beforeEach(() => {
    tmp = tempDir();
    damaged = [];
  });
  afterEach(() => tmp.remove());

  it('reads back what was saved, session id included, from a fresh reader', async () => {
    const f = open().transcript('c1');
    const entries = [user('u1', 'Hello'), reply('a1', 'Hi there')];
    await f.save(entries, 'session-1');
    const back = new ConversationFile(f.file).load();
    assert.deepEqual(back.entries, entries);
    assert.equal(back.sessionId, 'session-1');
  });

  it('a save while a reply streams appends only the new text, not the transcript before it', async () => {
    const f = open().transcript('c1');
    const history: TranscriptEntry[] = [];
    for (let i = 0; i < 50; i++) history.push(user(`u${i}`, 'q'.repeat(500)), reply(`a${i}`, 'a'.repeat(2000)));
    const streaming = reply('live', '', true);
    const entries = [...history, user('last', 'Last question'), streaming];
    await f.save(entries, 's');
    const before = size(f.file);
    streaming.text += 'x'.repeat(100);
    await f.save(entries, 's');
    const grew = size(f.file) - before;
    assert.ok(grew > 100 && grew < 200, `one save appended ${grew} bytes for 100 characters of reply`);
    streaming.text += 'y'.repeat(100);
    streaming.streaming = false;
    await f.save(entries, 's');
    assert.deepEqual(new ConversationFile(f.file).load().entries.at(-1), { id: 'live', role: 'assistant', text: 'x'.repeat(100) + 'y'.repeat(100), streaming: false });
  });

  it('after any sequence of changes, a fresh reader sees exactly the last saved state', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const f = open().transcript(`c${seed}`);
      const { entries, sessionId } = await rngOps(seed, (e, s) => f.save(e, s));
      await f.flushed();
      const back = new ConversationFile(f.file).load();
      assert.deepEqual(back.entries, JSON.parse(JSON.stringify(entries)), `seed ${seed}`);
      assert.equal(back.sessionId, sessionId, `seed ${seed}`);
    }
  });

  it('rewrites whole files through a temporary file and compacts a file of many appends when it is opened', async () => {
    const f = open().transcript('c1');
    const r = reply('a', '', true);
    const entries = [user('u', 'q'), r];
    for (let i = 0; i < 40; i++) {
      r.text += `${i} `;
      await f.save(entries, undefined);
    }
    assert.ok(parseLog(fs.readFileSync(f.file, 'utf8')).lines > 40);
    const reopened = new ConversationFile(f.file);
    assert.equal((reopened.load().entries[1] as TranscriptEntry).text, r.text);
    assert.equal(fs.readFileSync(f.file, 'utf8'), serializeLog(entries, undefined), 'compacted to one line per entry');
    await reopened.save([], undefined);
    assert.deepEqual(fs.readdirSync(path.dirname(f.file)), ['c1.jsonl'], 'no temporary file is left behind');
    assert.deepEqual(new ConversationFile(f.file).load().entries, []);
  });

  it('sets a damaged file aside (renamed, not deleted), keeps what could be read, reports it once, and loads the others', async () => {
    const store = open();
    await store.transcript('good').save([user('g', 'fine'), reply('h', 'still fine')], 'sg');
    await store.transcript('bad').save([user('b1', 'first'), reply('b2', 'kept')], 'sb');
    await store.saveList([{ id: 'good', title: 'Good', updatedAt: 1 }, { id: 'bad', title: 'Bad', updatedAt: 2 }], []);
    const badFile = store.transcript('bad').file;
    const original = fs.readFileSync(badFile, 'utf8') + '{"e":{"id":"b3","role":"user","te';
    fs.writeFileSync(badFile, original);

    const again = open();
    assert.deepEqual(again.list().map((c) => c.id).sort(), ['bad', 'good']);
    assert.deepEqual(again.transcript('good').load().entries.length, 2);
    const bad = again.transcript('bad').load();
    assert.deepEqual(bad.entries.map((e) => (e as TranscriptEntry).id), ['b1', 'b2']);
    assert.equal(bad.sessionId, 'sb');
    assert.deepEqual(damaged, [badFile]);
    const aside = fs.readdirSync(path.dirname(badFile)).filter((n) => n.startsWith('bad.jsonl.damaged-'));
    assert.equal(aside.length, 1);
    assert.equal(fs.readFileSync(path.join(path.dirname(badFile), aside[0]), 'utf8'), original, 'the damaged file is kept as it was');

    open().transcript('bad').load();
    assert.equal(damaged.length, 1, 'reported once');
  });

  it('a damaged index is set aside and the list is rebuilt from the conversation files', async () => {
    const store = open();
    await store.transcript('c1').save([user('u', 'How do I deploy?'), reply('a', 'Like so')], undefined);
    await store.saveList([{ id: 'c1', title: 'Renamed by me', updatedAt: 5 }], []);
    fs.writeFileSync(path.join(tmp.dir, 'index.json'), '{"conversations": [');
    const list = open().list();
    assert.deepEqual(list.map((c) => [c.id, c.title]), [['c1', 'How do I deploy?']]);
    assert.equal(damaged.length, 1);
    assert.ok(fs.readdirSync(tmp.dir).some((n) => n.startsWith('index.json.damaged-')));
  });

  it('never uses an id from the index that is not a plain id as a file name', async () => {
    fs.mkdirSync(tmp.dir, { recursive: true });
    fs.writeFileSync(path.join(tmp.dir, 'index.json'), JSON.stringify({ conversations: [{ id: '../../escape', title: 'x', updatedAt: 1 }, { id: 'ok', title: 'y', updatedAt: 2 }], removed: [] }));
    const store = open();
    assert.deepEqual(store.list().map((c) => c.id), ['ok']);
    assert.throws(() => store.transcript('../../escape'));
  });

  it('two windows on one folder: each keeps its conversations and turns, and a deletion stays deleted', async () => {
    const a = open();
    const b = open();
    a.list();
    b.list();
    await a.transcript('from-a').save([user('u', 'asked in A')], 'sa');
    await b.transcript('from-b').save([user('u', 'asked in B')], 'sb');
    await a.saveList([{ id: 'from-a', title: 'A', updatedAt: 1 }, { id: 'doomed', title: 'D', updatedAt: 1 }], []);
    // B has not seen A's list: its write must not drop A's conversations.
    const merged = await b.saveList([{ id: 'from-b', title: 'B', updatedAt: 2 }], []);
    assert.deepEqual(merged.map((c) => c.id).sort(), ['doomed', 'from-a', 'from-b']);
    await a.saveList([{ id: 'from-a', title: 'A', updatedAt: 1 }], ['doomed']);
    // B still lists "doomed" in memory; its next write must not bring it back.
    await b.saveList([{ id: 'from-b', title: 'B2', updatedAt: 2 }, { id: 'doomed', title: 'D', updatedAt: 1 }], []);
    const fresh = open();
    assert.deepEqual(fresh.list().map((c) => [c.id, c.title]).sort(), [['from-a', 'A'], ['from-b', 'B2']]);
    assert.deepEqual(fresh.transcript('from-a').load().entries, [user('u', 'asked in A')]);
    assert.deepEqual(fresh.transcript('from-b').load().entries, [user('u', 'asked in B')]);
  });

  it('a rename in one window wins over the other window\'s older copy of the entry', async () => {
    const a = open();
    const b = open();
    await a.saveList([{ id: 'c', title: 'Old', updatedAt: 1 }], []);
    b.list();
    await a.saveList([{ id: 'c', title: 'New name', updatedAt: 1 }], []);
    await b.saveList([{ id: 'c', title: 'Old', updatedAt: 1 }, { id: 'other', title: 'O', updatedAt: 3 }], []);
    assert.equal(open().list().find((c) => c.id === 'c')?.title, 'New name');
  });

  it('a conversation file the index lost (a write between two windows) is listed from its first question', async () => {
    const store = open();
    await store.transcript('lost').save([user('u', 'Where did I go?\nsecond line')], undefined);
    assert.deepEqual(open().list().map((c) => [c.id, c.title]), [['lost', 'Where did I go?']]);
  });

  it('reports how much is stored, and Delete All removes every file, damaged copies too', async () => {
    const store = open();
    await store.transcript('c1').save([user('u', 'x'.repeat(1000))], undefined);
    await store.transcript('c2').save([user('u', 'y')], undefined);
    await store.saveList([{ id: 'c1', title: 'one', updatedAt: 1 }, { id: 'c2', title: 'two', updatedAt: 2 }], []);
    fs.writeFileSync(path.join(tmp.dir, 'c3.jsonl.damaged-1'), 'junk');
    const usage = await store.usage();
    assert.equal(usage.conversations, 2);
    const onDisk = fs.readdirSync(tmp.dir).reduce((n, f) => n + size(path.join(tmp.dir, f)), 0);
    assert.equal(usage.bytes, onDisk);
    assert.ok(usage.bytes > 1000);
    await store.removeAll();
    assert.deepEqual(fs.readdirSync(tmp.dir), ['index.json']);
    assert.deepEqual(open().list(), []);
    assert.equal((await store.usage()).conversations, 0);
  });
});
