/** SEARCH/REPLACE blocks: parsing, applying all or nothing, and properties over random texts. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applySearchReplace, formatSearchReplace, hasSearchReplace, parseSearchReplace, type SearchReplaceBlock } from '../../src/core/searchReplace';

const reply = [
  'Rename the function and fix the call:',
  '',
  '```ts',
  '<<<<<<< SEARCH',
  'function add(a, b) {',
  '=======',
  'function sum(a, b) {',
  '>>>>>>> REPLACE',
  '```',
  '',
  '```ts',
  '<<<<<<< SEARCH',
  'console.log(add(1, 2));',
  '=======',
  'console.log(sum(1, 2));',
  '>>>>>>> REPLACE',
  '```',
].join('\n');

const file = 'function add(a, b) {\n  return a + b;\n}\n\nconsole.log(add(1, 2));\n';

describe('SEARCH/REPLACE', () => {
  it('reads every block of a reply and ignores the prose and fences around them', () => {
    assert.equal(hasSearchReplace(reply), true);
    assert.equal(hasSearchReplace('const a = "<<<<<<< SEARCH";'), false);
    assert.deepEqual(parseSearchReplace(reply), {
      ok: true,
      blocks: [
        { search: ['function add(a, b) {'], replace: ['function sum(a, b) {'] },
        { search: ['console.log(add(1, 2));'], replace: ['console.log(sum(1, 2));'] },
      ],
    });
  });

  it('accepts CRLF replies, empty parts and 5 to 9 marker characters', () => {
    const parsed = parseSearchReplace('<<<<< SEARCH\r\n=========\r\nnew\r\n>>>>>>>>> REPLACE\r\n');
    assert.deepEqual(parsed, { ok: true, blocks: [{ search: [], replace: ['new'] }] });
  });

  it('names the unterminated hunk', () => {
    assert.deepEqual(parseSearchReplace('<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n<<<<<<< SEARCH\nc\n=======\nd\n'), { ok: false, kind: 'unterminated', hunk: 2 });
    assert.deepEqual(parseSearchReplace('<<<<<<< SEARCH\na\n<<<<<<< SEARCH\nc\n=======\nd\n>>>>>>> REPLACE'), { ok: false, kind: 'unterminated', hunk: 1 });
  });

  it('applies the hunks in order and keeps the file intact elsewhere', () => {
    const parsed = parseSearchReplace(reply);
    assert.ok(parsed.ok);
    assert.deepEqual(applySearchReplace(file, parsed.blocks), { ok: true, text: file.replaceAll('add', 'sum') });
  });

  it('deletes lines with an empty REPLACE and keeps CRLF line breaks', () => {
    const crlf = 'a\r\nb\r\nc\r\n';
    assert.deepEqual(applySearchReplace(crlf, [{ search: ['b'], replace: [] }]), { ok: true, text: 'a\r\nc\r\n' });
    assert.deepEqual(applySearchReplace(crlf, [{ search: ['b'], replace: ['x', 'y'] }]), { ok: true, text: 'a\r\nx\r\ny\r\nc\r\n' });
  });

  it('matches whole lines only, not part of a line', () => {
    assert.deepEqual(applySearchReplace('xab\n', [{ search: ['ab'], replace: ['z'] }]), { ok: false, kind: 'notFound', hunk: 1, excerpt: 'ab', matches: 0 });
  });

  it('fills an empty file from an empty SEARCH, and refuses an empty SEARCH anywhere else', () => {
    assert.deepEqual(applySearchReplace('', [{ search: [], replace: ['first', ''] }]), { ok: true, text: 'first\n' });
    const refused = applySearchReplace('text\n', [{ search: [], replace: ['x'] }]);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.kind, 'ambiguous');
  });

  it('names the failing hunk with its number and an excerpt, and applies nothing', () => {
    const blocks: SearchReplaceBlock[] = [
      { search: ['function add(a, b) {'], replace: ['function sum(a, b) {'] },
      { search: ['', '   console.log(missing(1, 2)); // a very long line that is cut to keep the message short'], replace: ['x'] },
    ];
    assert.deepEqual(applySearchReplace(file, blocks), {
      ok: false,
      kind: 'notFound',
      hunk: 2,
      excerpt: 'console.log(missing(1, 2)); // a very long line that is cut…',
      matches: 0,
    });
    assert.deepEqual(applySearchReplace('x\ny\nx\n', [{ search: ['x'], replace: ['z'] }]), { ok: false, kind: 'ambiguous', hunk: 1, excerpt: 'x', matches: 2 });
  });
});

// Lines from a small alphabet, so repeated lines (and ambiguous SEARCH parts) are common.
const line = fc.constantFrom('a', 'b', 'c', '', '  d', 'x = 1;', '}');
const lines = fc.array(line, { maxLength: 12 });

/** Counts where `search` occurs as whole lines in `text`. */
function occurrences(text: string[], search: string[]): number {
  let n = 0;
  for (let i = 0; i + search.length <= text.length; i++) if (search.every((l, k) => text[i + k] === l)) n++;
  return n;
}

/**
 * Blocks that turn `segments`' old lines into their new ones: each changed segment becomes a
 * hunk, widened by one line of context at a time until its SEARCH part is found exactly once
 * in the text the earlier hunks left.
 */
function blocksFor(segments: Array<{ old: string[]; now: string[] | null }>): SearchReplaceBlock[] {
  let text = segments.flatMap((s) => s.old).join('\n').split('\n');
  const blocks: SearchReplaceBlock[] = [];
  let offset = 0;
  for (const seg of segments) {
    if (seg.now === null) {
      offset += seg.old.length;
      continue;
    }
    let from = offset;
    let to = offset + seg.old.length;
    while (to - from === 0 || occurrences(text, text.slice(from, to)) !== 1) {
      if (from > 0) from--;
      if (to < text.length) to++;
    }
    const replace = [...text.slice(from, offset), ...seg.now, ...text.slice(offset + seg.old.length, to)];
    blocks.push({ search: text.slice(from, to), replace });
    text = [...text.slice(0, from), ...replace, ...text.slice(to)];
    offset += seg.now.length;
  }
  return blocks;
}

describe('SEARCH/REPLACE properties', () => {
  it('applying the blocks computed from two texts turns the first into the second', () => {
    const segment = fc.record({ old: fc.array(line, { minLength: 1, maxLength: 4 }), now: fc.option(lines, { nil: null }) });
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segments) => {
        const first = segments.flatMap((s) => s.old).join('\n');
        const second = segments.flatMap((s) => s.now ?? s.old).join('\n');
        const sent = formatSearchReplace(blocksFor(segments));
        const parsed = parseSearchReplace(sent);
        assert.ok(parsed.ok);
        assert.deepEqual(applySearchReplace(first, parsed.blocks), { ok: true, text: second });
      }),
      { numRuns: 300 },
    );
  });

  it('turns any text into any other through one block of the lines that differ', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\n', ' ', 'é', '🎉'), maxLength: 40 });
    fc.assert(
      fc.property(text, text, (first, second) => {
        const a = first.split('\n');
        const b = second.split('\n');
        let pre = 0;
        while (pre < a.length - 1 && pre < b.length - 1 && a[pre] === b[pre]) pre++;
        // The whole first text is the widest SEARCH part, and it is found exactly once.
        const block = { search: a, replace: b };
        const narrowed = { search: a.slice(pre), replace: b.slice(pre) };
        const parsedBlock = parseSearchReplace(formatSearchReplace([occurrences(a, narrowed.search) === 1 && narrowed.search.length ? narrowed : block]));
        assert.ok(parsedBlock.ok);
        assert.deepEqual(applySearchReplace(first, parsedBlock.blocks), { ok: true, text: second });
      }),
    );
  });

  it('a missing or ambiguous SEARCH part applies nothing and names its hunk', () => {
    fc.assert(
      fc.property(lines, fc.array(line, { minLength: 1, maxLength: 3 }), fc.nat(3), lines, (text, search, position, replace) => {
        // The text as the applier sees it: an empty text is one empty line.
        const found = occurrences(text.join('\n').split('\n'), search);
        fc.pre(found !== 1);
        const good: SearchReplaceBlock[] = text.length ? [{ search: text, replace: text }] : [];
        const blocks = [...good.slice(0, position % 2), { search, replace }, ...good.slice(position % 2)];
        const result = applySearchReplace(text.join('\n'), blocks);
        assert.equal(result.ok, false);
        assert.ok(!result.ok);
        assert.equal(result.kind, found === 0 ? 'notFound' : 'ambiguous');
        assert.equal(result.hunk, blocks.indexOf(blocks.find((b) => b.search === search)!) + 1);
      }),
    );
  });
});
