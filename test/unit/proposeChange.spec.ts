/** Apply targets from fence info and path comments, and what a block means: hunks, the selection's range, or the whole file. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findApplyTarget, targetFromFirstLine, targetFromInfo } from '../../src/core/applyTarget';
import { proposeChange } from '../../src/core/proposeChange';

describe('apply target', () => {
  it('reads a path from the fence info', () => {
    assert.equal(targetFromInfo('ts src/a.ts'), 'src/a.ts');
    assert.equal(targetFromInfo('ts title="src/a b.ts"'), undefined);
    assert.equal(targetFromInfo('ts title="src/a.ts"'), 'src/a.ts');
    assert.equal(targetFromInfo("python file='app/main.py'"), 'app/main.py');
    assert.equal(targetFromInfo('ts:src/a.ts'), 'src/a.ts');
    assert.equal(targetFromInfo('src/a.ts'), 'src/a.ts');
    assert.equal(targetFromInfo('js {1,3} lib/x.js'), 'lib/x.js');
    assert.equal(targetFromInfo('yaml .github/workflows/ci.yml'), '.github/workflows/ci.yml');
    assert.equal(targetFromInfo('sh .env'), '.env');
  });

  it('takes no language, word or URL for a path', () => {
    for (const info of ['', 'ts', 'typescript', 'c++', 'objective-c', 'js 1.2', 'ts https://x.dev/a.ts', 'text copy this']) {
      assert.equal(targetFromInfo(info), undefined, info);
    }
  });

  it('reads a path from a first-line comment in the usual comment styles', () => {
    const cases: Array<[string, string]> = [
      ['// src/a.ts\nconst a = 1;', 'src/a.ts'],
      ['# src/a.py\nprint(1)', 'src/a.py'],
      ['<!-- index.html -->\n<p>hi</p>', 'index.html'],
      ['/* styles/site.css */\nbody {}', 'styles/site.css'],
      ['-- db/schema.sql\nselect 1;', 'db/schema.sql'],
      ['// filepath: src/b.ts\nx', 'src/b.ts'],
      ['# File: scripts/run.sh\nls', 'scripts/run.sh'],
    ];
    for (const [code, path] of cases) assert.equal(targetFromFirstLine(code)?.path, path, code);
  });

  it('takes no ordinary first-line comment or shebang for a path', () => {
    for (const code of ['// Add the two numbers\nx', '#!/usr/bin/env node\nx', '# TODO: fix\nx', '// version 1.2\nx', 'const a = 1; // a.ts', '// done.\nx']) {
      assert.equal(targetFromFirstLine(code), undefined, code);
    }
  });

  it('prefers the fence info over the comment', () => {
    assert.deepEqual(findApplyTarget('ts src/a.ts', '// src/b.ts\nx'), { path: 'src/a.ts', from: 'info' });
    assert.deepEqual(findApplyTarget('ts', '// src/b.ts\nx'), { path: 'src/b.ts', from: 'comment', commentLine: '// src/b.ts' });
    assert.equal(findApplyTarget('ts', 'x'), undefined);
  });
});

describe('proposeChange', () => {
  const current = 'import x from "x";\n\nfunction add(a, b) {\n  return a + b;\n}\n';

  it('applies SEARCH/REPLACE hunks when the block has them', () => {
    const code = '<<<<<<< SEARCH\nfunction add(a, b) {\n=======\nfunction sum(a, b) {\n>>>>>>> REPLACE';
    assert.deepEqual(proposeChange({ code, current }), { ok: true, kind: 'hunks', text: current.replace('add', 'sum') });
  });

  it('returns the failing hunk and no text', () => {
    const code = '<<<<<<< SEARCH\nnope\n=======\nx\n>>>>>>> REPLACE';
    assert.deepEqual(proposeChange({ code, current }), { ok: false, error: { kind: 'notFound', hunk: 1, excerpt: 'nope', matches: 0 } });
    assert.deepEqual(proposeChange({ code: '<<<<<<< SEARCH\nx\n', current }), { ok: false, error: { kind: 'unterminated', hunk: 1 } });
  });

  it('replaces the attached selection, keeping its line break and the file’s CRLF', () => {
    const crlf = current.replace(/\n/g, '\r\n');
    const selection = { startLine: 3, text: 'function add(a, b) {\r\n  return a + b;\r\n}\r\n' };
    assert.deepEqual(proposeChange({ code: 'const add = (a, b) =>\n  a + b;', current: crlf, selection }), {
      ok: true,
      kind: 'selection',
      text: 'import x from "x";\r\n\r\nconst add = (a, b) =>\r\n  a + b;\r\n',
    });
  });

  it('finds a selection that moved when lines above it changed, and refuses one that was edited', () => {
    const selection = { startLine: 3, text: '  return a + b;' };
    const moved = `// header\n${current}`;
    assert.deepEqual(proposeChange({ code: '  return b + a;', current: moved, selection }), { ok: true, kind: 'selection', text: moved.replace('a + b', 'b + a') });
    assert.deepEqual(proposeChange({ code: 'x', current: current.replace('a + b', 'a - b'), selection }), { ok: false, error: { kind: 'staleSelection' } });
    const twice = `${current}${current}`;
    assert.deepEqual(proposeChange({ code: 'x', current: twice, selection: { ...selection, startLine: 1 } }), { ok: false, error: { kind: 'staleSelection' } });
    assert.equal(proposeChange({ code: 'x', current: twice, selection: { ...selection, startLine: 4 } }).ok, true);
  });

  it('refuses to replace a selection that was cut when sent', () => {
    assert.deepEqual(proposeChange({ code: 'x', current, selection: { startLine: 1, text: 'import', truncated: true } }), { ok: false, error: { kind: 'selectionCut' } });
  });

  it('takes any other block as the whole new file, with the final line break the file has', () => {
    assert.deepEqual(proposeChange({ code: 'a\nb', current }), { ok: true, kind: 'file', text: 'a\nb\n' });
    assert.deepEqual(proposeChange({ code: 'a\nb', current: 'old' }), { ok: true, kind: 'file', text: 'a\nb' });
    assert.deepEqual(proposeChange({ code: 'a\nb', current: undefined }), { ok: true, kind: 'file', text: 'a\nb\n' });
  });

  it('drops a first-line path comment from a new file unless the file starts with it', () => {
    const target = { path: 'src/a.ts', from: 'comment' as const, commentLine: '// src/a.ts' };
    assert.deepEqual(proposeChange({ code: '// src/a.ts\nconst a = 1;', current: undefined, target }), { ok: true, kind: 'file', text: 'const a = 1;\n' });
    assert.deepEqual(proposeChange({ code: '// src/a.ts\nconst a = 2;', current: '// src/a.ts\nconst a = 1;\n', target }), {
      ok: true,
      kind: 'file',
      text: '// src/a.ts\nconst a = 2;\n',
    });
  });

  it('SEARCH/REPLACE hunks win over an attached selection; a missing file starts empty', () => {
    const code = '<<<<<<< SEARCH\n=======\nhello\n>>>>>>> REPLACE';
    assert.deepEqual(proposeChange({ code, current: undefined, selection: { startLine: 1, text: 'x' } }), { ok: true, kind: 'hunks', text: 'hello' });
  });

  it('a whole-file block is the file, whatever it holds (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '`', '#', '/'), maxLength: 30 });
    fc.assert(
      fc.property(text, text, (code, before) => {
        fc.pre(!code.includes('<<<<<'));
        const result = proposeChange({ code, current: before });
        assert.ok(result.ok);
        assert.equal(result.text.replace(/\n$/, ''), code.replace(/\n$/, ''));
      }),
    );
  });
});
