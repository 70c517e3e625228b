// The context collectors in a real extension host: the file picker's candidates, files read with
// their unsaved text and refused when binary, the selection, diagnostics from a
// DiagnosticCollection, and Git changes in a temporary repository through the Git extension.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { Attachment } from '../../src/core/attachments';
import { fileCandidates, readFileAttachment } from '../../src/context/files';
import { collectGitChanges } from '../../src/context/gitChanges';

const EXTENSION_ID = 'pathors.pathors-chat';

function folder(): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root, 'the integration run has no workspace folder');
  return root;
}

const file = (...parts: string[]) => vscode.Uri.joinPath(folder(), 'context', ...parts);

async function write(uri: vscode.Uri, content: string | Uint8Array): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? new TextEncoder().encode(content) : content);
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Context collectors', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('offers open editors first, then the workspace files, honouring files.exclude and search.exclude', async () => {
    await write(file('picker', 'alpha.ts'), 'a');
    await write(file('picker', 'open.md'), '# open');
    await write(file('picker', 'hidden.log'), 'h');
    await write(file('picker', 'generated', 'out.ts'), 'g');
    const files = vscode.workspace.getConfiguration('files');
    const search = vscode.workspace.getConfiguration('search');
    await files.update('exclude', { '**/hidden.log': true }, vscode.ConfigurationTarget.Global);
    await search.update('exclude', { '**/generated/**': true, '**/alpha.ts': false }, vscode.ConfigurationTarget.Global);
    try {
      await vscode.window.showTextDocument(file('picker', 'open.md'));
      const candidates = await fileCandidates();
      assert.deepEqual({ ...candidates[0], uri: candidates[0].uri.toString() }, { uri: file('picker', 'open.md').toString(), path: 'context/picker/open.md', open: true });
      const paths = candidates.map((c) => c.path);
      assert.ok(paths.includes('context/picker/alpha.ts'), `alpha.ts missing from ${paths.join(', ')}`);
      assert.equal(paths.filter((p) => p === 'context/picker/open.md').length, 1, 'an open file is listed twice');
      assert.ok(!paths.includes('context/picker/hidden.log'), 'files.exclude was not honoured');
      assert.ok(!paths.includes('context/picker/generated/out.ts'), 'search.exclude was not honoured');
    } finally {
      await files.update('exclude', undefined, vscode.ConfigurationTarget.Global);
      await search.update('exclude', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('adds files by URI, with the unsaved text of an open one, and refuses a binary file', async () => {
    await write(file('add', 'saved.py'), 'print(1)\n');
    await write(file('add', 'edited.ts'), 'const a = 1;\n');
    await write(file('add', 'image.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    const editor = await vscode.window.showTextDocument(file('add', 'edited.ts'));
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), 'const unsaved = 2;\n'));

    const added = await vscode.commands.executeCommand<Attachment[]>('pathors.addFile', file('add', 'saved.py'), [
      file('add', 'saved.py'),
      file('add', 'edited.ts'),
      file('add', 'image.png'),
    ]);
    assert.deepEqual(added, [
      { kind: 'file', path: 'context/add/saved.py', languageId: 'python', content: 'print(1)\n' },
      { kind: 'file', path: 'context/add/edited.ts', languageId: 'typescript', content: 'const a = 1;\nconst unsaved = 2;\n' },
    ]);
    assert.deepEqual(await readFileAttachment(file('add', 'image.png')), { ok: false, reason: 'binary' });
  });

  it('reads a 1 MB file whole (the budget cuts it later): time to attach', async () => {
    const line = 'const value = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz";\n';
    const content = line.repeat(Math.ceil(1_048_576 / line.length));
    await write(file('large', 'one-megabyte.ts'), content);
    const started = performance.now();
    const added = await vscode.commands.executeCommand<Attachment[]>('pathors.addFile', file('large', 'one-megabyte.ts'));
    const ms = performance.now() - started;
    assert.equal(added?.length, 1);
    assert.ok(added[0].kind === 'file');
    assert.equal(added[0].content.length, content.length);
    console.log(`      1 MB file (${content.length} characters): attached in ${ms.toFixed(0)} ms`);
  });

  it('flags a file on the deny list so it is attached only after a confirmation', async () => {
    await write(file('secrets', '.env.local'), 'TOKEN=abc\n');
    const read = await readFileAttachment(file('secrets', '.env.local'));
    assert.ok(read.ok);
    assert.equal(read.denied, '**/.env*');
    const allowed = await readFileAttachment(file('secrets', '.env.local'), ['**/*.pem']);
    assert.ok(allowed.ok);
    assert.equal(allowed.denied, undefined);
  });

  it('adds the selection with its lines, and nothing without one', async () => {
    await write(file('selection.ts'), 'one\ntwo\nthree\nfour\n');
    const editor = await vscode.window.showTextDocument(file('selection.ts'));
    editor.selection = new vscode.Selection(1, 0, 3, 0);
    assert.deepEqual(await vscode.commands.executeCommand('pathors.addSelection'), [
      { kind: 'selection', path: 'context/selection.ts', languageId: 'typescript', startLine: 2, endLine: 3, content: 'two\nthree\n' },
    ]);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.equal(await vscode.commands.executeCommand('pathors.addSelection'), undefined);
  });

  it('adds the diagnostics of the active file or of every file, with each line’s text', async () => {
    const collection = vscode.languages.createDiagnosticCollection('pathors-test');
    try {
      await write(file('problems', 'a.ts'), 'let x: number = "a";\nok();\n');
      await write(file('problems', 'b.ts'), 'unused();\n');
      const error = new vscode.Diagnostic(new vscode.Range(0, 4, 0, 5), "Type 'string' is not assignable to type 'number'.", vscode.DiagnosticSeverity.Error);
      error.source = 'ts';
      error.code = { value: 2322, target: vscode.Uri.parse('https://typescript.tv/errors/#ts2322') };
      const warning = new vscode.Diagnostic(new vscode.Range(1, 0, 1, 2), 'Unexpected call.', vscode.DiagnosticSeverity.Warning);
      collection.set(file('problems', 'a.ts'), [warning, error]);
      collection.set(file('problems', 'b.ts'), [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 6), 'Unused.', vscode.DiagnosticSeverity.Hint)]);

      await vscode.window.showTextDocument(file('problems', 'a.ts'));
      const [active] = (await vscode.commands.executeCommand<Attachment[]>('pathors.addProblems', { scope: 'active' })) ?? [];
      assert.deepEqual(active, {
        kind: 'problems',
        problems: [
          { severity: 'error', message: "Type 'string' is not assignable to type 'number'.", path: 'context/problems/a.ts', line: 1, column: 5, source: 'ts', code: '2322', lineText: 'let x: number = "a";' },
          { severity: 'warning', message: 'Unexpected call.', path: 'context/problems/a.ts', line: 2, column: 1, source: undefined, code: undefined, lineText: 'ok();' },
        ],
      });
      const [all] = (await vscode.commands.executeCommand<Attachment[]>('pathors.addProblems', { scope: 'all' })) ?? [];
      assert.ok(all?.kind === 'problems');
      const ours = all.problems.filter((p) => p.path.startsWith('context/problems/'));
      assert.deepEqual(ours.map((p) => `${p.path}:${p.line} ${p.severity}`), ['context/problems/a.ts:1 error', 'context/problems/a.ts:2 warning', 'context/problems/b.ts:1 hint']);
    } finally {
      collection.dispose();
    }
  });

  it('says why there are no Git changes while Git is disabled, then adds staged and unstaged diffs of a repository', async function () {
    this.timeout(60_000);
    // The test profile starts with git.enabled off, like a machine without Git.
    assert.deepEqual(await collectGitChanges(), { ok: false, problem: 'gitDisabled' });

    const repo = file('repo');
    await write(vscode.Uri.joinPath(repo, 'staged.txt'), 'one\n');
    await write(vscode.Uri.joinPath(repo, 'unstaged.txt'), 'alpha\n');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: repo.fsPath });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'start');
    await write(vscode.Uri.joinPath(repo, 'staged.txt'), 'one\ntwo\n');
    git('add', 'staged.txt');
    await write(vscode.Uri.joinPath(repo, 'unstaged.txt'), 'beta\n');

    const config = vscode.workspace.getConfiguration('git');
    await config.update('enabled', true, vscode.ConfigurationTarget.Global);
    try {
      const extension = vscode.extensions.getExtension<{ enabled: boolean; getAPI(v: 1): { openRepository(uri: vscode.Uri): Promise<unknown> } }>('vscode.git');
      assert.ok(extension, 'the built-in Git extension is missing');
      const exports = extension.isActive ? extension.exports : await extension.activate();
      await waitFor('the Git extension is enabled', () => exports.enabled);
      await exports.getAPI(1).openRepository(repo);

      const added = await vscode.commands.executeCommand<Attachment[]>('pathors.addGitChanges', vscode.Uri.joinPath(repo, 'staged.txt'));
      assert.equal(added?.length, 1);
      const [changes] = added;
      assert.ok(changes.kind === 'gitChanges');
      const staged = changes.diff.indexOf('# Staged changes\ndiff --git a/staged.txt b/staged.txt');
      const unstaged = changes.diff.indexOf('# Unstaged changes\ndiff --git a/unstaged.txt b/unstaged.txt');
      assert.ok(staged >= 0 && unstaged > staged, changes.diff);
      assert.match(changes.diff, /\n\+two\n/);
      assert.match(changes.diff, /\n-alpha\n\+beta\n/);
    } finally {
      await config.update('enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

/** The parts of VS Code 1.93's shell-integration API the test drives (the typings here are 1.90's). */
interface ShellIntegration {
  executeCommand(commandLine: string): unknown;
}
type ShellTerminal = vscode.Terminal & { readonly shellIntegration?: ShellIntegration };
interface ShellWindow {
  readonly onDidChangeTerminalShellIntegration: vscode.Event<{ terminal: vscode.Terminal }>;
  readonly onDidEndTerminalShellExecution: vscode.Event<{ terminal: vscode.Terminal }>;
}

describe('Terminal output collector', () => {
  afterEach(() => {
    for (const terminal of vscode.window.terminals) terminal.dispose();
  });

  it('says so when there is no terminal, then adds the last command and its output without escape sequences', async function () {
    this.timeout(60_000);
    for (const terminal of vscode.window.terminals) terminal.dispose();
    await waitFor('no terminal is open', () => vscode.window.terminals.length === 0);
    assert.equal(await vscode.commands.executeCommand('pathors.addTerminalOutput'), undefined);

    const shell = vscode.window as unknown as ShellWindow;
    const terminal = vscode.window.createTerminal({ name: 'pathors-test', shellPath: '/bin/bash' }) as ShellTerminal;
    terminal.show();
    await waitFor('the terminal is active', () => vscode.window.activeTerminal === terminal);
    if (!terminal.shellIntegration) {
      await new Promise<void>((resolve) => {
        const sub = shell.onDidChangeTerminalShellIntegration((e) => {
          if (e.terminal === terminal) {
            sub.dispose();
            resolve();
          }
        });
      });
    }
    const ended = new Promise<void>((resolve) => {
      const sub = shell.onDidEndTerminalShellExecution((e) => {
        if (e.terminal === terminal) {
          sub.dispose();
          resolve();
        }
      });
    });
    terminal.shellIntegration!.executeCommand('sleep 1; printf "\\033[31mred\\033[0m pathors-%s\\n" $((6*7))');
    await ended;

    const [attachment] = (await vscode.commands.executeCommand<Attachment[]>('pathors.addTerminalOutput')) ?? [];
    assert.ok(attachment?.kind === 'terminal', JSON.stringify(attachment));
    assert.equal(attachment.terminalName, 'pathors-test');
    assert.equal(attachment.command, 'sleep 1; printf "\\033[31mred\\033[0m pathors-%s\\n" $((6*7))');
    assert.match(attachment.output, /^red pathors-42$/m);
    assert.ok(!attachment.output.includes('\u001b'), JSON.stringify(attachment.output));
  });
});
