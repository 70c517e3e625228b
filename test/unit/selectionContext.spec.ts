/** The turn sent for "Ask Pathors about Selection". */
import assert from 'node:assert/strict';
import { buildSelectionTurn } from '../../src/core/selectionContext';

describe('buildSelectionTurn', () => {
  const base = { question: '  Explain this code ', path: 'src/app.ts', languageId: 'typescript', startLine: 12, endLine: 30, code: 'const a = 1;\n' };

  it('puts the question, path, language, line range and fenced code in the prompt', () => {
    const t = buildSelectionTurn(base);
    assert.equal(t.text, 'Explain this code');
    assert.equal(t.prompt, 'Explain this code\n\nContext: `src/app.ts` (typescript), lines 12-30:\n\n```typescript\nconst a = 1;\n```');
    assert.equal(t.context.label, 'src/app.ts:12-30');
    assert.equal(t.context.truncated, false);
  });

  it('uses a fence longer than any backtick run in the code', () => {
    const t = buildSelectionTurn({ ...base, code: 'md = "````js\\n```"' });
    assert.match(t.prompt, /\n`````typescript\n/);
    assert.ok(t.prompt.endsWith('\n`````'));
  });

  it('labels a one-line selection with one line number', () => {
    assert.equal(buildSelectionTurn({ ...base, endLine: 12 }).context.label, 'src/app.ts:12');
  });

  it('cuts a selection over the limit with a visible notice, never inside a surrogate pair', () => {
    const t = buildSelectionTurn({ ...base, code: 'ab🎉cd', maxChars: 3 });
    assert.equal(t.context.truncated, true);
    assert.equal(t.context.sentChars, 2);
    assert.equal(t.context.totalChars, 6);
    assert.match(t.prompt, /```typescript\nab\n```/);
    assert.match(t.prompt, /cut to its first 2 of 6 characters/);
  });
});
