/** Attachments: the format sent for each kind, the chip labels, the budget and its notices, binary files and the deny list. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { attachmentContent, attachmentLabel, formatProblems, type Attachment } from '../../src/core/attachments';
import { applyBudget, buildPrompt, formatChars, runningTotalText, DEFAULT_BUDGET } from '../../src/core/attachmentBudget';
import { fenceFor } from '../../src/core/contextFormat';
import { decodeText } from '../../src/core/textContent';
import { DEFAULT_DENY_LIST, denyListMatcher } from '../../src/core/denyList';

const file: Attachment = { kind: 'file', path: 'src/app.ts', languageId: 'typescript', content: 'const a = 1;\nconst b = 2;\n' };
const selection: Attachment = { kind: 'selection', path: 'src/app.ts', languageId: 'typescript', startLine: 12, endLine: 30, content: 'const a = 1;\n' };
const problems: Attachment = {
  kind: 'problems',
  problems: [
    { severity: 'error', message: "Type 'string' is not\nassignable to 'number'.", path: 'src/a.ts', line: 3, column: 7, source: 'ts', code: '2322', lineText: "  const x: number = 'a';" },
    { severity: 'warning', message: 'Unused variable.', path: 'src/b.ts', line: 1, column: 1 },
  ],
};
const git: Attachment = { kind: 'gitChanges', diff: 'diff --git a/x b/x\n-old\n+new\n' };
const terminal: Attachment = { kind: 'terminal', terminalName: 'bash', command: 'npm test', output: '1 failing\n' };

describe('attachments: what is sent', () => {
  it('sends a file as a fenced block with path, language and its line range', () => {
    const { items } = applyBudget([file]);
    assert.equal(items[0].text, 'Context: `src/app.ts` (typescript), lines 1-2 (whole file):\n\n```typescript\nconst a = 1;\nconst b = 2;\n```');
  });

  it('sends a selection exactly as Ask about Selection does', () => {
    assert.equal(applyBudget([selection]).items[0].text, 'Context: `src/app.ts` (typescript), lines 12-30:\n\n```typescript\nconst a = 1;\n```');
  });

  it('sends problems, git changes and terminal output as labelled blocks', () => {
    const [p, g, t] = applyBudget([problems, git, terminal]).items.map((i) => i.text);
    assert.equal(
      p,
      "Problems (2):\n\n```text\nsrc/a.ts:3:7 error [ts 2322] Type 'string' is not assignable to 'number'.\n    const x: number = 'a';\nsrc/b.ts:1:1 warning Unused variable.\n```",
    );
    assert.equal(g, 'Git changes (staged and unstaged):\n\n```diff\ndiff --git a/x b/x\n-old\n+new\n```');
    assert.equal(t, 'Terminal output of `npm test` (bash):\n\n```text\n1 failing\n```');
    assert.equal(applyBudget([{ ...terminal, command: undefined }]).items[0].text.split('\n')[0], 'Terminal output (bash):');
  });

  it('puts the question first and one block per attachment after it', () => {
    const prompt = buildPrompt('  Why? ', applyBudget([selection, git]));
    assert.ok(prompt.startsWith('Why?\n\nContext: `src/app.ts`'));
    assert.match(prompt, /```\n\nGit changes \(staged and unstaged\):/);
  });

  it('chooses a fence longer than any backtick run in the content', () => {
    assert.equal(fenceFor('no ticks'), '```');
    assert.equal(fenceFor('a ```` b ` c'), '`````');
    const text = applyBudget([{ ...file, content: 'x = "````md"' }]).items[0].text;
    assert.match(text, /\n`````typescript\nx = "````md"\n`````$/);
  });

  it('labels chips by kind, with localized words from the host', () => {
    assert.deepEqual(
      [file, selection, problems, git, terminal].map((a) => attachmentLabel(a)),
      ['app.ts', 'app.ts:12-30', 'Problems (2)', 'Git changes', 'Terminal: npm test'],
    );
    assert.equal(attachmentLabel({ ...selection, endLine: 12 }), 'app.ts:12');
    assert.equal(attachmentLabel({ ...file, path: 'C:\\w\\main.py' }), 'main.py');
    assert.equal(attachmentLabel(problems, { problems: '問題', gitChanges: 'Git 變更', terminal: '終端機' }), '問題 (2)');
    assert.equal(attachmentLabel({ ...terminal, command: ' ' }), 'Terminal: bash');
  });

  it('writes one problem per entry, with the line text when known', () => {
    assert.equal(formatProblems([]), '');
    assert.equal(formatProblems([{ severity: 'hint', message: 'm', path: 'p', line: 2, column: 3, code: 'X1' }]), 'p:2:3 hint [X1] m');
  });
});

describe('attachments: the budget', () => {
  const big = (n: number): Attachment => ({ ...file, path: `f${n}.ts`, content: 'x'.repeat(n) });

  it('cuts an attachment over the per-attachment cap and says so in the text sent', () => {
    const { items, usedChars } = applyBudget([big(50)], { perAttachment: 20, total: 100 });
    assert.equal(items[0].status, 'cut');
    assert.equal(items[0].sentChars, 20);
    assert.equal(items[0].totalChars, 50);
    assert.equal(usedChars, 20);
    assert.equal(items[0].text, 'Context: `f50.ts` (typescript), line 1:\n\n```typescript\n' + 'x'.repeat(20) + '\n```\n\n(The file was cut to its first 20 of 50 characters.)');
  });

  it('cuts by what is left of the total, then leaves out the rest with a notice', () => {
    const { items, usedChars } = applyBudget([big(30), big(30), big(30), problems], { perAttachment: 40, total: 70 });
    assert.deepEqual(items.map((i) => [i.status, i.sentChars]), [['whole', 30], ['whole', 30], ['cut', 10], ['omitted', 0]]);
    assert.equal(usedChars, 70);
    assert.match(items[2].text, /\(The file was cut to its first 10 of 30 characters\.\)$/);
    assert.equal(items[3].text, '(The problem list was left out: the attached context reached its limit of 70 characters.)');
    const left = applyBudget([big(70), big(5)], { perAttachment: 70, total: 70 }).items[1];
    assert.equal(left.text, '(The file `f5.ts` was left out: the attached context reached its limit of 70 characters.)');
  });

  it('never cuts inside a surrogate pair', () => {
    const { items } = applyBudget([{ ...file, content: 'ab🎉cd' }], { perAttachment: 3, total: 10 });
    assert.equal(items[0].sentChars, 2);
    assert.match(items[0].text, /cut to its first 2 of 6 characters/);
  });

  it('keeps within both caps and sends a prefix of each attachment (property)', () => {
    const attachment = fc.record({ kind: fc.constant('file' as const), path: fc.constant('a.ts'), languageId: fc.constant('ts'), content: fc.string({ unit: 'grapheme', maxLength: 60 }) });
    fc.assert(
      fc.property(fc.array(attachment, { maxLength: 6 }), fc.nat(50), fc.nat(150), (list, per, total) => {
        const { items, usedChars } = applyBudget(list, { perAttachment: per, total });
        assert.ok(usedChars <= total);
        assert.equal(usedChars, items.reduce((s, i) => s + i.sentChars, 0));
        items.forEach((item, k) => {
          assert.ok(item.sentChars <= per);
          assert.equal(item.totalChars, list[k].content.length);
          assert.equal(item.status === 'whole', item.sentChars === item.totalChars);
          if (item.status !== 'omitted') assert.ok(item.text.includes(`\n${attachmentContent(list[k]).slice(0, item.sentChars).replace(/\n$/, '')}\n`));
          if (item.status !== 'whole') assert.match(item.text, /\((The file was cut|The file `a\.ts` was left out)/);
        });
      }),
    );
  });

  it('shows the running total in short numbers', () => {
    assert.deepEqual([0, 950, 1000, 12_400, 12_450, 12_300, 59_999, 60_000, 1_250_000].map(formatChars), ['0', '950', '1k', '12.4k', '12.4k', '12.3k', '59.9k', '60k', '1.2M']);
    assert.equal(runningTotalText(12_400), '12.4k of 60k characters');
    assert.equal(runningTotalText(500, { ...DEFAULT_BUDGET, total: 8000 }, '已用 {0}／{1} 字元'), '已用 500／8k 字元');
  });
});

describe('attachments: files that are refused or need confirmation', () => {
  it('refuses binary files and text that is not UTF-8, and decodes the rest', () => {
    assert.deepEqual(decodeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])), { ok: false, reason: 'binary' });
    assert.deepEqual(decodeText(new Uint8Array([0x61, 0xff, 0x62])), { ok: false, reason: 'notUtf8' });
    assert.deepEqual(decodeText(new TextEncoder().encode('\uFEFFhé 🎉\n')), { ok: true, text: 'hé 🎉\n' });
    assert.deepEqual(decodeText(new Uint8Array()), { ok: true, text: '' });
  });

  it('matches the default deny list against secrets, and nothing else', () => {
    const denied = denyListMatcher(DEFAULT_DENY_LIST);
    assert.equal(denied('.env'), '**/.env*');
    assert.equal(denied('app/.env.production'), '**/.env*');
    assert.equal(denied('certs/server.pem'), '**/*.pem');
    assert.equal(denied('C:\\Users\\me\\keys\\tls.key'), '**/*.key');
    assert.equal(denied('/home/me/.ssh/id_rsa.pub'), '**/id_rsa*');
    for (const ok of ['src/env.ts', 'src/app.ts', 'docs/keys.md', 'environment/.gitignore', 'README.md']) assert.equal(denied(ok), undefined, ok);
  });

  it('takes patterns from the setting, skips blank ones, and ignores case where the file system does', () => {
    assert.equal(denyListMatcher(['', '  ', 'secrets/**'])('secrets/a/b.txt'), 'secrets/**');
    assert.equal(denyListMatcher(['', '  '])('anything'), undefined);
    assert.equal(denyListMatcher(['**/*.key'])('TLS.KEY'), undefined);
    assert.equal(denyListMatcher(['**/*.key'], true)('TLS.KEY'), '**/*.key');
  });
});
