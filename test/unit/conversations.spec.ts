/** Several conversations per workspace, each with its own Pathors session, against the real local server. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChatSession } from '../../src/core/chatSession';
import { ConversationManager, titleFrom } from '../../src/core/conversations';
import { transcriptToMarkdown } from '../../src/core/exportMarkdown';
import type { SessionText } from '../../src/core/ports';
import { MemoryStore, fileStore, tempDir } from './replyHelpers';
import { PathorsServer } from '../server/pathorsServer';


const text: SessionText = {
  error: (e) => ({ message: e.kind, actions: ['retry'] }),
  finishNotice: () => undefined,
  malformedNotice: () => 'malformed',
  stoppedNotice: () => 'stopped',
  interruptedNotice: () => 'interrupted',
  replyCapNotice: (chars) => `cap:${chars}`,
};

describe('ConversationManager', () => {
  let server: PathorsServer;
  let store: MemoryStore;
  let tmp: ReturnType<typeof tempDir>;
  let clock: number;
  const endpoint = () => ({ url: server.endpointUrl(), apiKey: server.apiKey });
  const make = () => new ConversationManager(fileStore(tmp.dir, store), (s) => new ChatSession({ store: s, text }), undefined, () => ++clock);
  const ask = async (m: ConversationManager, q: string) => {
    assert.equal(m.active.send({ text: q }, endpoint()), true);
    await m.active.whenIdle();
  };

  before(async () => (server = await PathorsServer.start()));
  beforeEach(() => {
    server.reset();
    store = new MemoryStore();
    tmp = tempDir();
    clock = 0;
  });
  afterEach(() => tmp.remove());
  after(() => server.close());

  it('keeps a separate session and transcript per conversation, and the server sees each session', async () => {
    const m = make();
    await ask(m, 'First conversation, question one');
    const first = m.activeId;
    const firstSession = m.active.sessionId;
    await m.startNew();
    assert.notEqual(m.activeId, first);
    assert.equal(m.active.sessionId, undefined);
    await ask(m, 'Second conversation');
    const secondSession = m.active.sessionId;
    assert.notEqual(secondSession, firstSession);

    assert.equal(await m.switchTo(first), true);
    await ask(m, 'First conversation, question two');
    assert.equal(server.requests.at(-1)?.headers['x-session-id'], firstSession);
    assert.match(m.active.transcript.at(-1)?.text ?? '', /message 2/);
    assert.deepEqual(m.list().map((c) => c.title), ['First conversation, question one', 'Second conversation']);
  });

  it('reopens the most recent conversation after a restart, with its session and transcript', async () => {
    const m = make();
    await ask(m, 'one');
    await m.startNew();
    await ask(m, 'two');
    const id = m.activeId;
    const session = m.active.sessionId;
    const again = make();
    assert.equal(again.activeId, id);
    assert.equal(again.active.sessionId, session);
    assert.equal(again.active.transcript[0].text, 'two');
    assert.equal(again.list().length, 2);
  });

  it('New Chat stops a reply still streaming in the conversation it leaves, keeping what arrived', async () => {
    const m = make();
    server.enqueue({ text: 'q'.repeat(400), chunkSize: 1, delayMs: 3 });
    const left = m.active;
    assert.equal(left.send({ text: 'long one' }, endpoint()), true);
    while (!(left.transcript[1]?.text ?? '').length) await new Promise((r) => setTimeout(r, 5));
    await m.startNew();
    assert.equal(left.busyRequestId, null);
    assert.equal(left.transcript[1].incomplete, true);
    assert.ok(left.transcript[1].text.length > 0 && left.transcript[1].text.length < 400);
    assert.notEqual(m.active, left);
    await server.waitForNoOpenResponses();
  });

  it('reuses an empty active conversation for New Chat, and lists only conversations with turns', async () => {
    const m = make();
    const id = m.activeId;
    await m.startNew();
    assert.equal(m.activeId, id);
    assert.equal(m.list().length, 1);
  });

  it('renames and deletes; deleting the active one opens the most recent other', async () => {
    const m = make();
    await ask(m, 'keep me');
    const keep = m.activeId;
    await m.startNew();
    await ask(m, 'delete me');
    const gone = m.activeId;
    assert.equal(await m.rename(keep, '  Renamed\nsecond line '), true);
    assert.equal(m.list().find((c) => c.id === keep)?.title, 'Renamed');
    assert.equal(await m.delete(gone), true);
    assert.equal(m.activeId, keep);
    assert.deepEqual(m.list().map((c) => c.id), [keep]);
    assert.equal(fs.existsSync(path.join(tmp.dir, 'conversations', `${gone}.jsonl`)), false, 'the deleted conversation\'s file is gone');
    assert.equal(fs.existsSync(path.join(tmp.dir, 'conversations', `${keep}.jsonl`)), true);
    assert.equal(await m.delete('no-such-id'), false);
  });

  it('two windows on one folder: each one\'s conversations and turns survive the other\'s writes', async () => {
    const windowA = make();
    const windowB = new ConversationManager(fileStore(tmp.dir, new MemoryStore()), (s) => new ChatSession({ store: s, text }), undefined, () => ++clock);
    await ask(windowA, 'Asked in window A');
    await ask(windowB, 'Asked in window B');
    await windowA.startNew();
    await ask(windowA, 'A again');
    await ask(windowB, 'B follow-up');
    await windowA.dispose();
    await windowB.dispose();
    const later = new ConversationManager(fileStore(tmp.dir, new MemoryStore()), (s) => new ChatSession({ store: s, text }), undefined, () => ++clock);
    const byTitle = new Map(later.list().map((c) => [c.title, c.id]));
    assert.deepEqual([...byTitle.keys()].sort(), ['A again', 'Asked in window A', 'Asked in window B']);
    const questions = (title: string) => later.session(byTitle.get(title) as string).transcript.filter((e) => e.role === 'user').map((e) => e.text);
    assert.deepEqual(questions('Asked in window B'), ['Asked in window B', 'B follow-up']);
    assert.deepEqual(questions('Asked in window A'), ['Asked in window A']);
    assert.equal(later.session(byTitle.get('A again') as string).transcript.length, 2);
  });

  it('Delete All removes every conversation, stops a streaming reply, and leaves one empty conversation', async () => {
    const m = make();
    await ask(m, 'one');
    await m.startNew();
    await ask(m, 'two');
    server.enqueue({ text: 'z'.repeat(5000), chunkSize: 1, delayMs: 2 });
    m.active.send({ text: 'streaming' }, endpoint());
    assert.equal((await m.usage()).conversations, 2);
    await m.deleteAll();
    await server.waitForNoOpenResponses();
    assert.equal(m.active.busyRequestId, null);
    assert.deepEqual(m.active.transcript, []);
    assert.deepEqual(m.list().map((c) => c.title), ['']);
    assert.deepEqual(await m.usage(), { conversations: 0, bytes: fs.statSync(path.join(tmp.dir, 'conversations', 'index.json')).size });
    assert.deepEqual(make().list().map((c) => c.title).filter(Boolean), [], 'nothing comes back in a new window');
  });

  it('titles come from the first line of the first question, shortened', () => {
    assert.equal(titleFrom('  How do I   start?\nmore'), 'How do I start?');
    assert.equal(titleFrom('x'.repeat(100)).length, 60);
  });
});

describe('transcriptToMarkdown', () => {
  it('writes each turn under a heading, keeps context and notes, and closes a fence a cut reply left open', () => {
    const md = transcriptToMarkdown(
      'Why?',
      [
        { id: '1', role: 'user', text: 'Explain', context: { label: 'a.ts:1-2', path: 'a.ts', languageId: 'typescript', startLine: 1, endLine: 2, truncated: false, totalChars: 1, sentChars: 1 } },
        { id: '2', role: 'assistant', text: 'Here:\n```ts\nconst x = 1;', incomplete: true, notice: 'Stopped.' },
        { id: '3', role: 'error', text: 'The connection closed.' },
      ],
      { you: 'You', assistant: 'Pathors', error: 'Error', incomplete: 'Incomplete', session: 'Pathors session s-1' },
    );
    assert.equal(
      md,
      '# Why?\n\n_Pathors session s-1_\n\n## You\n\nExplain\n\n> `a.ts:1-2` (typescript)\n\n## Pathors\n\nHere:\n```ts\nconst x = 1;\n```\n\n_Incomplete_ _Stopped._\n\n> **Error:** The connection closed.\n',
    );
  });
});
