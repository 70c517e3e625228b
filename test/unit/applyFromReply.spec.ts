/** Applying a reply's code: the question it answers, what that question had attached, fence info, and shell blocks for the terminal. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AttachmentChip, TranscriptEntry } from '../../src/protocol';
import { answeredTurn, sentCodeContexts, turnTargets } from '../../src/core/answeredTurn';
import { renderAttachment } from '../../src/core/attachments';
import { fencedBlocks } from '../../src/core/markdown';
import { proposeChange } from '../../src/core/proposeChange';
import { buildSelectionTurn } from '../../src/core/selectionContext';
import { blockCommands, isShellLanguage, SHELL_LANGUAGES, terminalInput } from '../../src/core/shellBlocks';

const FILE = ['import x from "x";', '', 'export function greet(name) {', '  return "Hi " + name;', '}', '', 'greet("a");', ''].join('\n');

/** The user entry "Ask about Selection" records for lines `start`-`end` (1-based) of FILE. */
function askedAbout(start: number, end: number, code: string, maxChars?: number): TranscriptEntry {
  const turn = buildSelectionTurn({ question: 'Fix this', path: 'src/greet.js', languageId: 'javascript', startLine: start, endLine: end, code, maxChars });
  return { id: 'u1', role: 'user', text: turn.text, prompt: turn.prompt, context: turn.context };
}

describe('apply: the question a reply answers', () => {
  it('is the nearest user turn before the reply, errors and earlier replies skipped', () => {
    const entries: TranscriptEntry[] = [
      { id: 'u1', role: 'user', text: 'one' },
      { id: 'a1', role: 'assistant', text: 'x' },
      { id: 'u2', role: 'user', text: 'two' },
      { id: 'e1', role: 'error', text: 'failed' },
      { id: 'a2', role: 'assistant', text: 'y' },
    ];
    assert.equal(answeredTurn(entries, 'a1')?.id, 'u1');
    assert.equal(answeredTurn(entries, 'a2')?.id, 'u2');
    assert.equal(answeredTurn(entries, 'u1'), undefined);
    assert.equal(answeredTurn(entries, 'missing'), undefined);
  });

  it('reads back the selection "Ask about Selection" sent, with or without its last line break', () => {
    for (const code of ['export function greet(name) {\n  return "Hi " + name;\n}\n', 'export function greet(name) {\n  return "Hi " + name;\n}']) {
      const [target] = turnTargets(askedAbout(3, 5, code));
      assert.equal(target.path, 'src/greet.js');
      assert.equal(target.label, 'src/greet.js:3-5');
      assert.deepEqual(target.selection, { startLine: 3, text: code, truncated: false });
    }
  });

  it('replaces exactly the attached selection when the block names no file', () => {
    const selected = 'export function greet(name) {\n  return "Hi " + name;\n}\n';
    const [target] = turnTargets(askedAbout(3, 5, selected));
    const code = 'export function greet(name) {\n  return `Hello, ${name}!`;\n}';
    const proposal = proposeChange({ code, current: FILE, selection: target.selection });
    assert.deepEqual(proposal, { ok: true, kind: 'selection', text: FILE.replace('  return "Hi " + name;', '  return `Hello, ${name}!`;') });
    // The lines above the selection moved: it is found again; edited: it is refused as stale.
    const moved = `// header\n${FILE}`;
    assert.equal((proposeChange({ code, current: moved, selection: target.selection }) as { text: string }).text, `// header\n${(proposal as { text: string }).text}`);
    const edited = FILE.replace('"Hi "', '"Hey "');
    assert.deepEqual(proposeChange({ code, current: edited, selection: target.selection }), { ok: false, error: { kind: 'staleSelection' } });
  });

  it('marks a selection that was cut when sent, so Apply refuses to replace it', () => {
    const [target] = turnTargets(askedAbout(1, 7, FILE, 10));
    assert.equal(target.selection?.truncated, true);
    assert.deepEqual(proposeChange({ code: 'x', current: FILE, selection: target.selection }), { ok: false, error: { kind: 'selectionCut' } });
  });

  it('finds the selection even when the code holds fences and Context: lines of its own', () => {
    const tricky = 'Context: `src/greet.js` (javascript), lines 3-5:\n\n```js\ninner\n```\n````\nend';
    const [target] = turnTargets(askedAbout(3, 9, tricky));
    assert.equal(target.selection?.text, tricky);
  });

  it('reads selections from any prompt in the documented format (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '`', '\n', ' ', 'C', ':', '~') }), fc.integer({ min: 1, max: 500 }), (code, start) => {
        const [target] = turnTargets(askedAbout(start, start + 3, code));
        assert.equal(target.selection?.text, code);
      }),
      { numRuns: 300 },
    );
  });

  it('takes attachments in order: files whole, selections by range; omitted ones are not targets', () => {
    const file = { kind: 'file', path: 'src/a.ts', languageId: 'typescript', content: 'const a = 1;\n' } as const;
    const sel = { kind: 'selection', path: 'src/b.ts', languageId: 'typescript', startLine: 2, endLine: 3, content: 'b();\nc();\n' } as const;
    const prompt = ['Rename a', renderAttachment(file, file.content), renderAttachment(sel, sel.content)].join('\n\n');
    const chip = (over: Partial<AttachmentChip> & Pick<AttachmentChip, 'id' | 'kind' | 'label'>): AttachmentChip => ({ totalChars: 10, sentChars: 10, status: 'whole', ...over });
    const attachments: AttachmentChip[] = [
      chip({ id: '1', kind: 'file', label: 'a.ts', path: 'src/a.ts' }),
      chip({ id: '2', kind: 'selection', label: 'b.ts:2-3', path: 'src/b.ts', startLine: 2, endLine: 3, sentChars: sel.content.length }),
      chip({ id: '3', kind: 'file', label: 'c.ts', path: 'src/c.ts', status: 'omitted' }),
      chip({ id: '4', kind: 'problems', label: 'Problems (3)' }),
    ];
    const targets = turnTargets({ id: 'u', role: 'user', text: 'Rename a', prompt, attachments });
    assert.deepEqual(targets, [
      { path: 'src/a.ts', label: 'src/a.ts' },
      { path: 'src/b.ts', label: 'src/b.ts:2-3', selection: { startLine: 2, text: 'b();\nc();\n', truncated: false } },
    ]);
    assert.deepEqual(sentCodeContexts(prompt).map((c) => [c.path, c.startLine, c.endLine, c.wholeFile]), [['src/a.ts', 1, 1, true], ['src/b.ts', 2, 3, false]]);
  });

  it('has no targets for a question without attachments, or for no question', () => {
    assert.deepEqual(turnTargets({ id: 'u', role: 'user', text: 'Hi' }), []);
    assert.deepEqual(turnTargets(undefined), []);
  });
});

describe('apply: fenced blocks keep their info string', () => {
  it('gives the info that may name the target, and the same code and language as codeBlocks', () => {
    const reply = '```ts src/a.ts\nconst a = 1;\n```\n\n```ts title="src/b.ts"\nb\n```\n\n    indented\n';
    assert.deepEqual(fencedBlocks(reply), [
      { code: 'const a = 1;', language: 'ts', info: 'ts src/a.ts' },
      { code: 'b', language: 'ts', info: 'ts title="src/b.ts"' },
      { code: 'indented', language: '', info: '' },
    ]);
  });
});

describe('Run in Terminal: shell blocks', () => {
  it('knows the shell languages, in any case, and nothing else', () => {
    for (const l of SHELL_LANGUAGES) assert.ok(isShellLanguage(l) && isShellLanguage(l.toUpperCase()), l);
    for (const l of ['', 'ts', 'python', 'fish', 'text', 'diff', 'shellscript']) assert.equal(isShellLanguage(l), false, l);
  });

  it('types one line as it is, with no line break (no Enter)', () => {
    assert.deepEqual(terminalInput('npm test\n\n', undefined), { ok: true, text: 'npm test' });
    assert.deepEqual(terminalInput('\n  touch ran.txt  ', 'bash'), { ok: true, text: '  touch ran.txt' });
  });

  it('keeps only the prompted lines of a session pasted with its output', () => {
    assert.equal(blockCommands('$ npm test\n> pathors@0.1.0 test\nok\n  $ git status'), 'npm test\ngit status');
    assert.equal(blockCommands('echo $HOME'), 'echo $HOME');
  });

  it('sends several lines as one bracketed paste to shells that honour it, and refuses them elsewhere', () => {
    for (const shell of ['bash', 'zsh', 'fish', 'gitbash']) {
      assert.deepEqual(terminalInput('cd app\nnpm ci\n', shell), { ok: true, text: '\u001b[200~cd app\nnpm ci\u001b[201~' });
    }
    for (const shell of [undefined, 'sh', 'pwsh', 'cmd', 'python']) {
      assert.deepEqual(terminalInput('cd app\nnpm ci', shell), { ok: false, reason: 'multiLine' });
    }
  });

  it('refuses control characters that could run a line or end the paste, and empty blocks', () => {
    for (const code of ['ls\u001b[201~\rrm x', 'echo a\u000fb', 'a\u0003', 'x\u009b1m', 'a\u007f']) {
      assert.deepEqual(terminalInput(code, 'bash'), { ok: false, reason: 'control' }, JSON.stringify(code));
    }
    assert.deepEqual(terminalInput('  \n\n', 'bash'), { ok: false, reason: 'empty' });
    assert.deepEqual(terminalInput('printf "a\\tb"\twc', undefined), { ok: true, text: 'printf "a\\tb"\twc' });
  });

  it('never lets a line break through outside a bracketed paste (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\r', '\t', '$', '\u001b', '[', '~') }), fc.constantFrom(undefined, 'bash', 'sh'), (code, shell) => {
        const input = terminalInput(code, shell);
        if (!input.ok) return;
        const inner = input.text.startsWith('\u001b[200~') ? input.text.slice(6, -6) : input.text;
        assert.ok(!inner.includes('\r') && !inner.includes('\u001b'), JSON.stringify(input.text));
        if (inner === input.text) assert.ok(!inner.includes('\n'), JSON.stringify(input.text));
      }),
      { numRuns: 500 },
    );
  });
});
