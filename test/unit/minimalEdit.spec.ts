/** The one replacement Accept makes: it turns the file into the proposal and touches only what changed. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { minimalEdit } from '../../src/core/minimalEdit';

const apply = (before: string, e: { start: number; end: number; text: string }) => before.slice(0, e.start) + e.text + before.slice(e.end);

describe('minimalEdit', () => {
  it('replaces only the changed middle of a long file', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `export const value${i} = ${i};`);
    const before = `${lines.join('\n')}\n`;
    const after = before.replace('value2499 = 2499;', 'value2499 = 2499 * 2;');
    const edit = minimalEdit(before, after);
    assert.equal(apply(before, edit), after);
    assert.ok(edit.end - edit.start <= 2 && edit.text.length <= 6, JSON.stringify(edit));
  });

  it('gives an empty edit for equal texts, and the whole text for an empty one', () => {
    assert.deepEqual(minimalEdit('same', 'same'), { start: 4, end: 4, text: '' });
    assert.deepEqual(minimalEdit('', 'new'), { start: 0, end: 0, text: 'new' });
    assert.deepEqual(minimalEdit('old', ''), { start: 0, end: 3, text: '' });
  });

  it('never ends inside a surrogate pair or a CRLF', () => {
    assert.deepEqual(minimalEdit('a😀b', 'a😁b'), { start: 1, end: 3, text: '😁' });
    assert.deepEqual(minimalEdit('a\r\nb', 'a\nb'), { start: 1, end: 3, text: '\n' });
    assert.deepEqual(minimalEdit('a\nb', 'a\r\nb'), { start: 1, end: 2, text: '\r\n' });
  });

  it('turns any text into any other, with ends on whole characters and line breaks (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\r', '\n', '😀', '😁', '\uD83D') });
    fc.assert(
      fc.property(text, text, (before, after) => {
        const edit = minimalEdit(before, after);
        assert.equal(apply(before, edit), after);
        assert.ok(edit.start >= 0 && edit.start <= edit.end && edit.end <= before.length);
        for (const at of [edit.start, edit.end]) {
          assert.ok(!(before[at - 1] === '\r' && before[at] === '\n'), `splits a CRLF at ${at}`);
          const [hi, lo] = [before.charCodeAt(at - 1), before.charCodeAt(at)];
          assert.ok(!(hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff), `splits a surrogate pair at ${at}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
