/** The host's checks on the code block and reply actions the panel posts, and the fence → language id mapping. */
import assert from 'node:assert/strict';
import { MAX_CODE_CHARS, parseWebviewMessage } from '../../src/protocol';
import { languageIdForFence } from '../../src/commands/languageIds';

describe('parseWebviewMessage: code actions', () => {
  it('accepts each code action with its code and fence language', () => {
    for (const action of ['copy', 'insert', 'newFile'] as const) {
      for (const language of ['ts', '', 'c++', 'c#', 'objective-c', 'python3', 'x.y_z']) {
        const msg = { type: 'codeAction', action, code: 'let x = 1;\n<b>&amp;</b>', language };
        assert.deepEqual(parseWebviewMessage(msg), msg);
      }
    }
    const empty = { type: 'codeAction', action: 'copy', code: '', language: '' };
    assert.deepEqual(parseWebviewMessage(empty), empty);
    const largest = { type: 'codeAction', action: 'insert', code: 'x'.repeat(MAX_CODE_CHARS), language: 'txt' };
    assert.deepEqual(parseWebviewMessage(largest), largest);
  });

  it('rejects unknown actions, oversized code, odd languages and extra or missing fields', () => {
    const ok = { type: 'codeAction', action: 'copy', code: 'x', language: 'ts' };
    const bad: unknown[] = [
      { ...ok, action: 'run' },
      { ...ok, action: 'Copy' },
      { ...ok, action: undefined },
      { ...ok, code: 'x'.repeat(MAX_CODE_CHARS + 1) },
      { ...ok, code: 42 },
      { ...ok, code: ['x'] },
      { ...ok, language: 'type script' },
      { ...ok, language: 'ts"><img>' },
      { ...ok, language: '../../etc' + '/passwd' },
      { ...ok, language: 'a'.repeat(65) },
      { ...ok, language: null },
      { ...ok, extra: true },
      { type: 'codeAction', action: 'copy', code: 'x' },
      { type: 'codeAction', action: 'copy', language: 'ts' },
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
