/** The panel's check of host messages and transcript entries (src/hostMessages.ts), in plain Node. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { restoreEntries } from '../../src/core/transcript';
import { parseHostMessage, parseTranscriptEntry } from '../../src/hostMessages';
import type { HostToWebview, TranscriptEntry } from '../../src/protocol';
import { strings } from '../webview/fixtures';

const FULL: TranscriptEntry = {
  id: 'u1', role: 'user', text: 'q', prompt: 'q + code', repeatOf: 'u0', replayed: 2,
  context: { label: 'a.ts:1-2', path: 'a.ts', languageId: 'typescript', startLine: 1, endLine: 2, truncated: false, totalChars: 5, sentChars: 5 },
};

describe('parseHostMessage and parseTranscriptEntry', () => {
  it('accepts every message the host sends, unchanged', () => {
    const valid: HostToWebview[] = [
      { type: 'init', state: { entries: [FULL, { id: 'e1', role: 'error', text: 'x', actions: ['retry', 'openSettings'], forEntry: 'u1' }], busyRequestId: 'r1', configProblem: 'noProject', strings } },
      { type: 'append', entry: { id: 'a1', role: 'assistant', text: '', streaming: true, notice: 'n', incomplete: false } },
      { type: 'update', entry: FULL },
      { type: 'remove', entryId: 'a1' },
      { type: 'delta', requestId: 'r1', entryId: 'a1', text: 'more' },
      { type: 'busy', requestId: null },
      { type: 'config', problem: 'badEndpoint' },
      { type: 'restoreDraft', text: 'draft' },
      { type: 'focusInput' },
    ];
    for (const m of valid) assert.deepEqual(parseHostMessage(m), m);
  });

  it('drops a malformed entry of an init on its own, and says so', () => {
    const dropped: string[] = [];
    const parsed = parseHostMessage(
      { type: 'init', state: { entries: [FULL, { id: 'x', role: 'user' }, { id: 'a1', role: 'assistant', text: 'ok' }, FULL], busyRequestId: null, configProblem: null, strings } },
      (what) => dropped.push(what),
    );
    assert.ok(parsed?.type === 'init');
    assert.deepEqual(parsed.state.entries.map((e) => e.id), ['u1', 'a1']);
    assert.deepEqual(dropped, ['transcript entry 1', 'transcript entry 3']);
  });

  it('restores a stored transcript through the same check: a malformed entry drops only itself', () => {
    const stored = [FULL, { id: 'x', role: 'user', text: 5 }, null, { id: 'a1', role: 'assistant', text: 'ok', streaming: true }, { id: 'e1', role: 'error', text: 'e', actions: ['format disk'] }];
    const restored = restoreEntries(stored, 'cut');
    assert.deepEqual(restored.map((e) => e.id), ['u1', 'a1']);
    assert.deepEqual(restored[0], FULL);
    assert.equal(restored[1].incomplete, true);
    assert.equal(restored[1].notice, 'cut');
  });

  it('keeps only the fields the protocol defines', () => {
    const entry = parseTranscriptEntry({ ...FULL, html: '<img onerror=x>', __proto__: { polluted: true } });
    assert.deepEqual(entry, FULL);
    assert.equal(Object.getPrototypeOf(entry), Object.prototype);
  });

  it('keeps a tool card\'s reason for asking, and rejects one that is not text', () => {
    const tool = { id: 't1', role: 'tool', text: '', tool: { callId: 'c1', name: 'read_file', arguments: '{"path":".env"}', status: 'waiting', readOnly: true, why: '.env is on the deny list' } };
    assert.deepEqual(parseTranscriptEntry(tool), tool);
    assert.equal(parseTranscriptEntry({ ...tool, tool: { ...tool.tool, why: 1 } }), undefined);
  });

  it('rejects entries with a field of the wrong kind', () => {
    for (const bad of [
      { ...FULL, id: '' }, { ...FULL, id: 1 }, { ...FULL, role: 'system' }, { ...FULL, text: null }, { ...FULL, prompt: 1 },
      { ...FULL, context: {} }, { ...FULL, context: { ...FULL.context, startLine: -1 } }, { ...FULL, streaming: 1 },
      { ...FULL, actions: 'retry' }, { ...FULL, actions: ['retry', 'rm'] }, { ...FULL, replayed: 1.5 }, { ...FULL, forEntry: {} },
    ]) {
      assert.equal(parseTranscriptEntry(bad), undefined, JSON.stringify(bad));
    }
  });

  it('rejects messages of unknown types or with missing or malformed fields', () => {
    for (const bad of [
      null, 'init', [], { type: 'nope' }, { type: 'delta', requestId: 'r', entryId: 'a', text: 1 }, { type: 'busy' }, { type: 'config', problem: 'other' },
      { type: 'init', state: { entries: [], busyRequestId: null, configProblem: null, strings: { ...strings, copy: undefined } } },
      { type: 'init', state: { entries: {}, busyRequestId: null, configProblem: null, strings } },
      { type: 'append', entry: { id: 'a', role: 'assistant' } }, { type: 'remove' }, { type: 'restoreDraft' },
    ]) {
      assert.equal(parseHostMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true }), fc.constantFrom('init', 'append', 'update', 'delta', 'busy'), (v, type) => {
        parseHostMessage(v);
        parseHostMessage({ type, entry: v, state: v });
        parseHostMessage({ type: 'init', state: { entries: [v, FULL], busyRequestId: null, configProblem: null, strings } });
      }),
    );
  });
});
