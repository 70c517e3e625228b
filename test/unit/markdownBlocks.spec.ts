/** The code blocks the host reads from a reply's markdown, which code actions take their code from. */
import assert from 'node:assert/strict';
import { codeBlocks } from '../../src/core/markdown';

describe('codeBlocks', () => {
  it('finds fenced and indented blocks in order, nested ones included, without the closing newline', () => {
    const text = [
      'Intro', '', '```ts', 'let a = 1;', '', '```', '', '    indented()', '', '- item', '', '  ~~~py', '  nested()', '  ~~~', '',
      '> ```', '> quoted', '> ```',
    ].join('\n');
    assert.deepEqual(codeBlocks(text), [
      { code: 'let a = 1;\n', language: 'ts' },
      { code: 'indented()', language: '' },
      { code: 'nested()', language: 'py' },
      { code: 'quoted', language: '' },
    ]);
  });

  it('takes the language from the first word of the info string, unescaped, and drops names that are not plain', () => {
    assert.deepEqual(codeBlocks('```js title="x"\n1\n```'), [{ code: '1', language: 'js' }]);
    assert.deepEqual(codeBlocks('```c&#43;&#43;\n1\n```'), [{ code: '1', language: 'c++' }]);
    assert.deepEqual(codeBlocks('```js"onclick=x\n1\n```'), [{ code: '1', language: '' }]);
    assert.deepEqual(codeBlocks(`\`\`\`${'a'.repeat(65)}\n1\n\`\`\``), [{ code: '1', language: '' }]);
  });

  it('reads CRLF replies and an unclosed fence as the panel shows them', () => {
    assert.deepEqual(codeBlocks('```\r\na\r\nb\r\n```\r\n'), [{ code: 'a\nb', language: '' }]);
    assert.deepEqual(codeBlocks('text\n\n```sh\nrm -i x'), [{ code: 'rm -i x', language: 'sh' }]);
  });

  it('uses the panel\'s link rule, so a refused reference definition does not start an indented block', () => {
    assert.deepEqual(codeBlocks('[r]: ftp://files.example/x\n    not code'), []);
    assert.deepEqual(codeBlocks('[r]: https://ok.example\n    code'), [{ code: 'code', language: '' }]);
  });

  it('finds none in raw HTML or inline code', () => {
    assert.deepEqual(codeBlocks('<pre><code>x</code></pre> and `y`'), []);
  });
});
