/** The demo server's answers to questions with an attached file: a SEARCH/REPLACE block the extension applies. */
import assert from 'node:assert/strict';
import { attachmentReply, sentContexts, typedQuestion } from '../../test/server/demoAgent';
import { PathorsServer } from '../../test/server/pathorsServer';
import { renderAttachment } from '../../src/core/attachments';
import { buildSelectionTurn } from '../../src/core/selectionContext';
import { findApplyTarget } from '../../src/core/applyTarget';
import { fencedBlocks } from '../../src/core/markdown';
import { proposeChange } from '../../src/core/proposeChange';

const GREET = ['export function greet(name: string): string {', "  if (name == '') return 'Hello!';", '  return `Hello, ${name}!`;', '}', '', "console.log(greet('Pathors'));", ''].join('\n');

/** A question with `src/greet.ts` attached whole, in the format the extension sends. */
function withFile(question: string, content = GREET): string {
  return `${question}\n\n${renderAttachment({ kind: 'file', path: 'src/greet.ts', languageId: 'typescript', content }, content)}`;
}

/** The reply's one block, where the extension would apply it, and the file after applying it. */
function applied(reply: string | undefined, current = GREET): { path: string; text: string } {
  assert.ok(reply, 'no change was proposed');
  const blocks = fencedBlocks(reply);
  assert.equal(blocks.length, 1);
  const target = findApplyTarget(blocks[0].info, blocks[0].code);
  assert.equal(target?.from, 'info');
  const proposal = proposeChange({ code: blocks[0].code, current, target });
  assert.ok(proposal.ok, JSON.stringify(proposal));
  assert.equal(proposal.kind, 'hunks');
  return { path: target.path, text: proposal.text };
}

describe('demo agent: questions with an attached file', () => {
  it('reads the typed question and the attached files and selections', () => {
    const message = withFile('Please fix this');
    assert.equal(typedQuestion(message), 'Please fix this');
    assert.deepEqual(sentContexts(message), [{ path: 'src/greet.ts', language: 'typescript', content: GREET.replace(/\n$/, '') }]);
    const selection = buildSelectionTurn({ question: 'fix', path: 'a.js', languageId: 'javascript', startLine: 2, endLine: 2, code: 'var x = 1;' });
    assert.deepEqual(sentContexts(selection.prompt), [{ path: 'a.js', language: 'javascript', content: 'var x = 1;' }]);
  });

  it('"fix" makes loose comparisons strict, as a block for the attached file that applies', () => {
    const reply = attachmentReply(withFile('Can you fix the empty-name check?'));
    assert.match(reply ?? '', /^```typescript src\/greet\.ts$/m);
    assert.deepEqual(applied(reply), { path: 'src/greet.ts', text: GREET.replace("name == ''", "name === ''") });
  });

  it('"fix" with nothing to fix adds a note on the first line, in the language\'s comment', () => {
    const clean = 'def f():\n    return 1\n';
    const message = `fix it\n\n${renderAttachment({ kind: 'file', path: 'f.py', languageId: 'python', content: clean }, clean)}`;
    const reply = attachmentReply(message);
    const result = applied(reply, clean);
    assert.equal(result.path, 'f.py');
    assert.equal(result.text, `# Checked by the Pathors demo agent: no loose comparison or var found.\n${clean}`);
  });

  it('"rename a to b" renames every whole-word use, and only those', () => {
    const reply = attachmentReply(withFile('rename `greet` to `welcome`'));
    assert.deepEqual(applied(reply), { path: 'src/greet.ts', text: GREET.replace('function greet', 'function welcome').replace('(greet(', '(welcome(') });
    // Without names, the first declared name gets a new one.
    const plain = applied(attachmentReply(withFile('Rename please')));
    assert.ok(plain.text.includes('function greetRenamed(') && plain.text.includes('console.log(greetRenamed('), plain.text);
  });

  it('answers in Chinese questions too', () => {
    assert.ok(attachmentReply(withFile('請修正這個檔案')));
    assert.ok(attachmentReply(withFile('把 greet 重新命名')));
  });

  it('leaves other questions, and questions without an attachment, to the default reply', () => {
    assert.equal(attachmentReply(withFile('What does this do?')), undefined);
    assert.equal(attachmentReply('Please fix my code'), undefined);
    // A "fix" inside the attached code is not the question asking for one.
    assert.equal(attachmentReply(withFile('Explain', '// fix later\nvar a = 1;\n')), undefined);
  });

  it('is what the local server streams for such a question', async () => {
    const server = await PathorsServer.start({ apiKey: 'sk_demo' });
    try {
      const res = await fetch(server.endpointUrl(), {
        method: 'POST',
        headers: { Authorization: 'Bearer sk_demo', 'Content-Type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: withFile('fix') }], stream: false }),
      });
      const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
      assert.equal(body.choices[0].message.content, attachmentReply(withFile('fix')));
    } finally {
      await server.close();
    }
  });
});
