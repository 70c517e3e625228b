/**
 * The composer's pending attachments: chips and running total under the caps, the turn they make
 * (sent to the real local server in the one documented format), chips that survive a reload
 * and the export, and the panel's check of chips from the host.
 */
import assert from 'node:assert/strict';
import type { Attachment } from '../../src/core/attachments';
import { applyBudget, buildPrompt } from '../../src/core/attachmentBudget';
import { ChatSession } from '../../src/core/chatSession';
import { transcriptToMarkdown } from '../../src/core/exportMarkdown';
import { PendingAttachments } from '../../src/core/pendingAttachments';
import { parseAttachmentChip, parseHostMessage, parseTranscriptEntry } from '../../src/hostMessages';
import type { AttachmentChip } from '../../src/protocol';
import { PathorsServer } from '../server/pathorsServer';
import { MemoryTranscript, plainText } from './replyHelpers';

const file = (path: string, content: string): Attachment => ({ kind: 'file', path, languageId: 'typescript', content });
const selection: Attachment = { kind: 'selection', path: 'src/b.ts', languageId: 'typescript', startLine: 10, endLine: 42, content: 'const b = 2;\n' };
const problems: Attachment = { kind: 'problems', problems: [{ severity: 'error', message: 'bad', path: 'src/a.ts', line: 1, column: 1 }] };

describe('pending attachments', () => {
  it('lists chips in the order attached, with labels, sizes and no content', () => {
    const pending = new PendingAttachments();
    const ids = pending.add([file('src/a.ts', 'const a = 1;\n'), selection, problems, { kind: 'gitChanges', diff: 'diff --git\n' }, { kind: 'terminal', terminalName: 'bash', command: 'npm test', output: 'ok\n' }]);
    assert.deepEqual(ids, ['a1', 'a2', 'a3', 'a4', 'a5']);
    const view = pending.view();
    assert.deepEqual(view.chips.map((c) => c.label), ['a.ts', 'b.ts:10-42', 'Problems (1)', 'Git changes', 'Terminal: npm test']);
    assert.deepEqual(view.chips[0], { id: 'a1', kind: 'file', label: 'a.ts', path: 'src/a.ts', totalChars: 13, sentChars: 13, status: 'whole' });
    assert.deepEqual(view.chips[1], { id: 'a2', kind: 'selection', label: 'b.ts:10-42', path: 'src/b.ts', startLine: 10, endLine: 42, totalChars: 13, sentChars: 13, status: 'whole' });
    assert.equal(view.chips[2].path, undefined);
    assert.ok(!JSON.stringify(view).includes('const a = 1'), 'a chip carries content');
    assert.equal(view.maxChars, 60_000);
    assert.equal(view.usedChars, view.chips.reduce((n, c) => n + c.sentChars, 0));
  });

  it('uses localized chip words', () => {
    const pending = new PendingAttachments();
    pending.add([problems, { kind: 'gitChanges', diff: 'd' }, { kind: 'terminal', terminalName: 'bash', output: 'x' }]);
    const words = { problems: '問題', gitChanges: 'Git 變更', terminal: '終端機' };
    assert.deepEqual(pending.view(undefined, words).chips.map((c) => c.label), ['問題 (1)', 'Git 變更', '終端機: bash']);
  });

  it('keeps one copy of the same attachment, and removes by id', () => {
    const pending = new PendingAttachments();
    let changes = 0;
    pending.onDidChange(() => changes++);
    assert.deepEqual(pending.add([file('a.ts', 'x'), file('a.ts', 'x')]), ['a1']);
    assert.deepEqual(pending.add([file('a.ts', 'x')]), []);
    // The same file with other (unsaved) text is a new attachment.
    assert.deepEqual(pending.add([file('a.ts', 'y')]), ['a2']);
    assert.equal(changes, 2);
    assert.equal(pending.remove('a1'), true);
    assert.equal(pending.remove('a1'), false);
    assert.deepEqual(pending.view().chips.map((c) => c.id), ['a2']);
    assert.equal(changes, 3);
  });

  it('shows cut and left-out chips and the running total under the caps', () => {
    const pending = new PendingAttachments();
    pending.add([file('big.ts', 'x'.repeat(150)), file('mid.ts', 'y'.repeat(80)), file('late.ts', 'z'.repeat(10))]);
    const view = pending.view({ perAttachment: 100, total: 160 });
    assert.deepEqual(view.chips.map((c) => [c.label, c.status, c.sentChars, c.totalChars]), [
      ['big.ts', 'cut', 100, 150],
      ['mid.ts', 'cut', 60, 80],
      ['late.ts', 'omitted', 0, 10],
    ]);
    assert.equal(view.usedChars, 160);
    assert.equal(view.maxChars, 160);
  });

  it('makes a turn whose prompt is the question and the attachments in the documented format', () => {
    const pending = new PendingAttachments();
    assert.deepEqual(pending.turn('Why?'), { text: 'Why?', ids: [] });
    const attached = [file('src/a.ts', 'const a = 1;\n'), selection];
    pending.add(attached);
    const turn = pending.turn(' Why? ', { perAttachment: 5, total: 100 });
    assert.equal(turn.text, ' Why? ');
    assert.equal(turn.prompt, buildPrompt(' Why? ', applyBudget(attached, { perAttachment: 5, total: 100 })));
    assert.match(turn.prompt ?? '', /^Why\?\n\nContext: `src\/a\.ts` \(typescript\), line 1:\n\n```typescript\nconst\n```\n\n\(The file was cut to its first 5 of 13 characters\.\)/);
    assert.deepEqual(turn.attachments?.map((c) => c.status), ['cut', 'cut']);
    assert.deepEqual(turn.ids, ['a1', 'a2']);
    // Nothing leaves the list until the caller says the question went out.
    assert.equal(pending.size, 2);
    pending.add([problems]);
    pending.clear(turn.ids);
    assert.deepEqual(pending.view().chips.map((c) => c.label), ['Problems (1)']);
  });
});

describe('a question with attachments in the conversation', () => {
  let server: PathorsServer;
  before(async () => (server = await PathorsServer.start()));
  after(() => server.close());

  it('sends the prompt, keeps the chips under the question after a reload, and exports them as references', async () => {
    const store = new MemoryTranscript();
    const pending = new PendingAttachments();
    pending.add([file('src/secretive.ts', 'export const body = "CONTENT-MARKER";\n'), problems]);
    const turn = pending.turn('What does this do?');
    const session = new ChatSession({ store, text: plainText });
    assert.equal(session.send({ text: turn.text, prompt: turn.prompt, attachments: turn.attachments }, { url: server.endpointUrl(), apiKey: server.apiKey }), true);
    await session.whenIdle();
    const body = server.requests[0].body as { messages: Array<{ content: string }> };
    assert.equal(body.messages.at(-1)?.content, turn.prompt);
    assert.match(turn.prompt ?? '', /CONTENT-MARKER/);

    const reloaded = new ChatSession({ store, text: plainText });
    const user = reloaded.transcript[0];
    assert.equal(user.text, 'What does this do?');
    assert.equal(user.prompt, turn.prompt);
    assert.deepEqual(user.attachments, turn.attachments);

    const md = transcriptToMarkdown('t', reloaded.transcript, { you: 'You', assistant: 'Pathors', error: 'Error', incomplete: 'Incomplete', attached: 'Attached' });
    assert.match(md, /> Attached: `secretive\.ts` \(src\/secretive\.ts\), `Problems \(1\)`/);
    assert.ok(!md.includes('CONTENT-MARKER'), 'the export holds attached content');
  });

  it('exports a label holding backticks as one code span', () => {
    const chip: AttachmentChip = { id: 'a1', kind: 'terminal', label: 'Terminal: echo `x`', totalChars: 1, sentChars: 1, status: 'whole' };
    const md = transcriptToMarkdown('t', [{ id: 'u1', role: 'user', text: 'q', attachments: [chip] }], { you: 'You', assistant: 'A', error: 'E', incomplete: 'I' });
    assert.match(md, /> Attached: `` Terminal: echo `x` ``\n/);
  });
});

describe('the panel\'s check of attachment chips', () => {
  const chip: AttachmentChip = { id: 'a1', kind: 'selection', label: 'b.ts:1-2', path: 'src/b.ts', startLine: 1, endLine: 2, totalChars: 9, sentChars: 5, status: 'cut' };

  it('accepts chips in entries and in the attachments message', () => {
    assert.deepEqual(parseTranscriptEntry({ id: 'u1', role: 'user', text: 'q', attachments: [chip] }), { id: 'u1', role: 'user', text: 'q', attachments: [chip] });
    const message = { type: 'attachments', chips: [chip], usedChars: 5, maxChars: 60_000 };
    assert.deepEqual(parseHostMessage(message), message);
    assert.deepEqual(parseHostMessage({ type: 'attachments', chips: [], usedChars: 0, maxChars: 0 }), { type: 'attachments', chips: [], usedChars: 0, maxChars: 0 });
  });

  it('refuses malformed chips, and an entry or message holding one', () => {
    const bad: unknown[] = [
      null, [], 'a.ts', { ...chip, id: '' }, { ...chip, kind: 'folder' }, { ...chip, label: 1 }, { ...chip, status: 'partial' },
      { ...chip, sentChars: -1 }, { ...chip, totalChars: 1.5 }, { ...chip, startLine: '1' }, { ...chip, path: null },
    ];
    for (const b of bad) {
      assert.equal(parseAttachmentChip(b), undefined, JSON.stringify(b));
      assert.equal(parseTranscriptEntry({ id: 'u1', role: 'user', text: 'q', attachments: [chip, b] }), undefined);
      assert.equal(parseHostMessage({ type: 'attachments', chips: [b], usedChars: 0, maxChars: 1 }), undefined);
    }
    assert.equal(parseTranscriptEntry({ id: 'u1', role: 'user', text: 'q', attachments: chip }), undefined);
    assert.equal(parseHostMessage({ type: 'attachments', chips: [chip], usedChars: -1, maxChars: 1 }), undefined);
    assert.equal(parseHostMessage({ type: 'attachments', chips: [chip], usedChars: 1 }), undefined);
    // Fields the protocol does not define are dropped, not passed on.
    assert.deepEqual(parseAttachmentChip({ ...chip, content: 'secret' }), chip);
  });
});
