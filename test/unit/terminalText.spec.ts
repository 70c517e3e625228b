/** Terminal output as sent: escape sequences removed, line breaks normalized, the tail of a long log kept. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { keepTail, plainTerminalText } from '../../src/core/terminalText';

describe('terminal text', () => {
  it('drops colours, shell-integration marks, titles and control characters', () => {
    const raw = '\u001b]633;C\u0007\u001b[1;31mFAIL\u001b[0m src/a.test.ts\r\n\u001b]0;npm test\u001b\\\u001b[2K\u001b[1Gdone\u0007\ttab\r\n';
    assert.equal(plainTerminalText(raw), 'FAIL src/a.test.ts\ndone\ttab\n');
  });

  it('turns CRLF and lone carriage returns into line breaks', () => {
    assert.equal(plainTerminalText('a\r\nb\r\r\nc\rd'), 'a\nb\nc\nd');
  });

  it('leaves plain text alone (property)', () => {
    const plain = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\t', 'é', '🎉', '[', ']', ';') });
    fc.assert(fc.property(plain, (text) => assert.equal(plainTerminalText(text), text)));
  });

  it('keeps the end of a long output, from a line start when there is one', () => {
    assert.equal(keepTail('short', 10), 'short');
    assert.equal(keepTail('first line\nsecond\nlast', 12), 'second\nlast');
    assert.equal(keepTail('first line\nsecond\nlast', 8), 'last');
    assert.equal(keepTail('abcdefghij', 4), 'ghij');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('x', '\n') }), fc.nat(20), (text, max) => {
        const kept = keepTail(text, max);
        assert.ok(kept.length <= Math.max(max, 0) || text.length <= max);
        assert.ok(text.endsWith(kept));
      }),
    );
  });
});
