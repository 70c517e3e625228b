/**
 * P6: the cost of one save while a reply streams, with 1 stored conversation and with 200 stored
 * conversations of 200 messages each, on real files in a temporary folder. The active conversation
 * is the same in both (200 messages and a streaming reply), so the ratio shows what the rest of the
 * history adds. Target: ratio ≤ 1.5. For scale, the same run times what 0.1.0 did on each save:
 * serialize one value holding every conversation, as VS Code's workspaceState does on `update`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChatSession } from '../src/core/chatSession';
import { ConversationManager } from '../src/core/conversations';
import { FileConversationStore } from '../src/core/fileConversationStore';
import type { TranscriptEntry } from '../src/protocol';
import { MemoryStore, plainText } from '../test/unit/replyHelpers';
import type { Benchmark, BenchResult } from './types';
import { summarize } from './types';

const CONVERSATIONS = 200;
const MESSAGES = 200;
/** Saves timed per run: each adds one streamed piece to the reply, as the session's save does once a second. */
const SAVES = 200;
const RUNS = 7;
const PIECE = 'Streaming text of a long reply, with `code` and **markdown**. '.repeat(8);
const TARGET = 1.5;

function conversation(n: number): TranscriptEntry[] {
  const out: TranscriptEntry[] = [];
  for (let i = 0; i < MESSAGES / 2; i++) {
    out.push({ id: `u${n}-${i}`, role: 'user', text: `Question ${i} of conversation ${n}: how does this part work?` });
    out.push({ id: `a${n}-${i}`, role: 'assistant', text: `Answer ${i}. ${'Explained at some length, with an example. '.repeat(20)}` });
  }
  return out;
}

/** A folder holding `count` conversations; the first is the active one. */
async function seed(dir: string, count: number): Promise<void> {
  const store = new FileConversationStore(dir, new MemoryStore());
  for (let n = 0; n < count; n++) await store.transcript(`c${n}`).save(conversation(n), `session-${n}`);
  await store.saveList(Array.from({ length: count }, (_, n) => ({ id: `c${n}`, title: `Conversation ${n}`, updatedAt: count - n })), []);
}

/** Median milliseconds of one save, opening the folder as a window does. */
async function saves(dir: string): Promise<number> {
  const state = new MemoryStore();
  state.data.set('pathors.activeConversation', 'c0');
  const store = new FileConversationStore(dir, state);
  const manager = new ConversationManager(store, (t) => new ChatSession({ store: t, text: plainText }));
  const entries = [...manager.active.transcript];
  const reply: TranscriptEntry = { id: `live-${Math.random()}`, role: 'assistant', text: '', streaming: true };
  entries.push({ id: `q-${Math.random()}`, role: 'user', text: 'One more question' }, reply);
  const file = store.transcript('c0');
  await file.save(entries, 'session-0');
  const times: number[] = [];
  for (let i = 0; i < SAVES; i++) {
    reply.text += PIECE;
    const t0 = performance.now();
    await file.save(entries, 'session-0');
    times.push(performance.now() - t0);
  }
  // Leave the active conversation as it was, so every run starts from the same file.
  await file.save(entries.slice(0, -2), 'session-0');
  return summarize(times).median;
}

/** What one save cost before: the whole history serialized as one value. */
function wholeValue(): number {
  const all: Record<string, unknown> = {};
  for (let n = 0; n < CONVERSATIONS; n++) all[`pathors.conversation.c${n}/pathors.transcript`] = conversation(n);
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    JSON.stringify(all);
    times.push(performance.now() - t0);
  }
  return summarize(times).median;
}

/** Time for a window to open the folder and restore its active conversation. */
function restore(dir: string): number {
  const state = new MemoryStore();
  state.data.set('pathors.activeConversation', 'c0');
  const t0 = performance.now();
  const manager = new ConversationManager(new FileConversationStore(dir, state), (t) => new ChatSession({ store: t, text: plainText }));
  if (manager.active.transcript.length !== MESSAGES) throw new Error('restore lost messages');
  return performance.now() - t0;
}

export const p6Storage: Benchmark = {
  id: 'P6',
  title: 'One save while a reply streams: 200 stored conversations of 200 messages vs 1',
  async run(): Promise<BenchResult> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pathors-p6-'));
    try {
      const one = path.join(root, 'one');
      const many = path.join(root, 'many');
      await seed(one, 1);
      await seed(many, CONVERSATIONS);
      const small: number[] = [];
      const large: number[] = [];
      const ratios: number[] = [];
      // Alternating, so a busy moment on a shared machine hits both sides alike.
      for (let r = 0; r < RUNS; r++) {
        const a = await saves(one);
        const b = await saves(many);
        small.push(a);
        large.push(b);
        ratios.push(b / a);
      }
      const restoreRuns = Array.from({ length: RUNS }, () => restore(many));
      const before = Array.from({ length: 3 }, () => wholeValue());
      const ratio = summarize(ratios);
      const bytes = fs.readdirSync(many).reduce((n, f) => n + fs.statSync(path.join(many, f)).size, 0);
      return {
        id: 'P6',
        title: p6Storage.title,
        metrics: [
          { name: 'save, 1 conversation', unit: 'ms', ...summarize(small) },
          { name: `save, ${CONVERSATIONS} × ${MESSAGES} messages`, unit: 'ms', ...summarize(large) },
          { name: `0.1.0: serialize all ${CONVERSATIONS}`, unit: 'ms', ...summarize(before) },
          { name: `open + restore, ${CONVERSATIONS} stored`, unit: 'ms', ...summarize(restoreRuns) },
          { name: 'ratio many ÷ one', unit: '×', ...ratio },
        ],
        target: `ratio median ≤ ${TARGET}`,
        met: ratio.median <= TARGET,
        notes: `${(bytes / 1024 / 1024).toFixed(1)} MB in ${CONVERSATIONS} files; each save appends ${PIECE.length} characters of reply; median of ${SAVES} saves per run, ${RUNS} runs.`,
      };
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  },
};
