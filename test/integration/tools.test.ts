// The agent's workspace tools in a real extension host, against a real temporary workspace:
// reading, listing, searching, problems and proposed edits, and the confinement attacks (`..`,
// absolute paths, a link out, a 50 MB file, a binary file, the deny list and the user's one-file allow);
// then one turn of the tool loop against the local server that reads a file and answers with it.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PathorsApi } from '../../src/extension';
import { runToolLoop, type Tool } from '../../src/core/toolLoop';
import { workspaceTools } from '../../src/tools/workspaceTools';
import { PathorsServer } from '../server/pathorsServer';

const EXTENSION_ID = 'pathors.pathors-chat';
const SCHEME = 'pathors-proposal';

function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration run has no workspace folder');
  return folder.uri;
}

const file = (...parts: string[]) => vscode.Uri.joinPath(root(), 'tools', ...parts);

async function write(uri: vscode.Uri, content: string | Uint8Array): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? new TextEncoder().encode(content) : content);
}

async function readDisk(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const reviewShown = () => {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputTextDiff && input.modified.scheme === SCHEME;
};

describe('Workspace tools', function () {
  this.timeout(60_000);
  let tools: Tool[];
  let outside: string;
  const run = (name: string, args: Record<string, unknown>) => {
    const tool = tools.find((t) => t.definition.function.name === name);
    assert.ok(tool, `no tool ${name}`);
    return tool.invoke(args, new AbortController().signal);
  };
  const refused = (name: string, args: Record<string, unknown>, message: RegExp) =>
    assert.rejects(run(name, args), (err: Error) => (assert.match(err.message, message), true));

  before(async () => {
    const ext = vscode.extensions.getExtension<PathorsApi>(EXTENSION_ID);
    assert.ok(ext);
    const api = ext.isActive ? ext.exports : await ext.activate();
    tools = workspaceTools((request) => api.reviewChange(request));
    outside = mkdtempSync(path.join(tmpdir(), 'pathors-outside-'));
    writeFileSync(path.join(outside, 'secret.txt'), 'outside secret');
    await write(file('hello.txt'), 'hello\nworld\n');
    await write(file('scratch.txt'), 'saved');
    await write(file('src', 'app.ts'), 'export const answer = 42;\nconst unused = 1;\n');
    await write(file('src', 'util.ts'), 'export function twice(n: number) {\n  return n * 2; // answer helper\n}\n');
    await write(file('long.txt'), Array.from({ length: 3000 }, (_, i) => `line ${i + 1}`).join('\n'));
    await write(file('.env'), 'API_TOKEN=answer-do-not-leak\n');
    await write(file('image.bin'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x61, 0x6e, 0x73, 0x77, 0x65, 0x72]));
    await write(file('ignored', 'hidden.ts'), 'export const answer = "hidden";\n');
    writeFileSync(file('big.log').fsPath, Buffer.alloc(50 * 1024 * 1024, 0x61));
    symlinkSync(path.join(outside, 'secret.txt'), file('link-out.txt').fsPath);
    symlinkSync(outside, file('dir-out').fsPath);
    await vscode.workspace.getConfiguration('files').update('exclude', { '**/ignored/**': true }, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('files').update('exclude', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root(), 'tools'), { recursive: true, useTrash: false });
    rmSync(outside, { recursive: true, force: true });
  });

  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('offers the five tools with the parameters the contract names', () => {
    const params = Object.fromEntries(
      tools.map((t) => [t.definition.function.name, Object.keys((t.definition.function.parameters as { properties: object }).properties)]),
    );
    assert.deepEqual(params, {
      read_file: ['path', 'start_line', 'end_line'],
      list_files: ['glob', 'max_results'],
      search_text: ['query', 'is_regex', 'glob', 'max_results'],
      get_diagnostics: ['path'],
      propose_edit: ['path', 'old_text', 'new_text'],
    });
    assert.deepEqual(tools.filter((t) => !t.readOnly).map((t) => t.definition.function.name), ['propose_edit']);
  });

  it('read_file returns a file, a range, unsaved text, and states a cut', async () => {
    assert.equal(await run('read_file', { path: 'tools/hello.txt' }), 'tools/hello.txt, lines 1-3 of 3:\nhello\nworld\n');
    assert.equal(await run('read_file', { path: 'tools/long.txt', start_line: 10, end_line: 11 }), 'tools/long.txt, lines 10-11 of 3000:\nline 10\nline 11');
    const long = await run('read_file', { path: 'tools/long.txt' });
    assert.ok(long.startsWith('tools/long.txt, lines 1-2000 of 3000:\nline 1\n'));
    assert.ok(long.endsWith('line 2000\n[Cut: lines 2001-3000 not shown; ask with start_line 2001.]'));
    const editor = await vscode.window.showTextDocument(file('scratch.txt'));
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'unsaved\n'));
    assert.equal(await run('read_file', { path: 'tools/scratch.txt' }), 'tools/scratch.txt, lines 1-2 of 2:\nunsaved\nsaved');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await refused('read_file', { path: 'tools/hello.txt', start_line: 9 }, /has 3 lines; start_line 9 is past its end/);
    await refused('read_file', { path: 'tools/hello.txt', start_line: 0 }, /"start_line" must be between 1/);
    await refused('read_file', { path: 'tools/nope.txt' }, /tools\/nope\.txt does not exist/);
    await refused('read_file', { path: 'tools/src' }, /is a folder/);
  });

  it('refuses ../../etc/passwd, absolute paths outside, links out, a 50 MB file, a binary file and deny-listed files', async () => {
    await refused('read_file', { path: '../../etc/passwd' }, /leads outside the workspace folder/);
    await refused('read_file', { path: '/etc/passwd' }, /outside the workspace folders/);
    await refused('read_file', { path: path.join(outside, 'secret.txt') }, /outside the workspace folders/);
    await refused('read_file', { path: 'tools/link-out.txt' }, /link .* leads outside/);
    await refused('read_file', { path: 'tools/dir-out/secret.txt' }, /link .* leads outside/);
    await refused('read_file', { path: 'tools/big.log' }, /has 52428800 bytes, more than the 10485760 bytes read_file reads/);
    await refused('read_file', { path: 'tools/image.bin' }, /a binary file; read_file reads text only/);
    await refused('read_file', { path: 'tools/.env' }, /matches the deny list \(\*\*\/\.env\*\)/);
    await refused('get_diagnostics', { path: '../../etc/passwd' }, /leads outside/);
    await refused('propose_edit', { path: '../outside.txt', new_text: 'x' }, /leads outside/);
    await refused('propose_edit', { path: 'tools/dir-out/new.txt', new_text: 'x' }, /link .* leads outside/);
    await refused('propose_edit', { path: 'tools/.env', new_text: 'x' }, /deny list/);
  });

  it('read_file of a deny-listed file asks why, and reads that one file only when the user allowed the call', async () => {
    const read = tools.find((t) => t.definition.function.name === 'read_file');
    assert.ok(read?.askWhy);
    assert.equal(
      await read.askWhy({ path: 'tools/.env' }),
      'tools/.env matches the deny list (**/.env*), which keeps secrets from the agent. Allow gives the agent this one file, this once; Deny keeps it from the agent.',
    );
    assert.equal(await read.askWhy({ path: 'tools/hello.txt' }), undefined);
    assert.equal(await read.askWhy({ path: '../../etc/passwd' }), undefined, 'a path refused anyway does not ask');
    const signal = new AbortController().signal;
    assert.equal(await read.invoke({ path: 'tools/.env' }, signal, { allowedByUser: true }), 'tools/.env, lines 1-2 of 2:\nAPI_TOKEN=answer-do-not-leak\n');
    await assert.rejects(read.invoke({ path: 'tools/.env' }, signal), /matches the deny list/);
    await assert.rejects(read.invoke({ path: '../../etc/passwd' }, signal, { allowedByUser: true }), /leads outside the workspace folder/);
  });

  it('list_files honours files.exclude, hides deny-listed files, and states a cut', async () => {
    const listed = (await run('list_files', { glob: 'tools/**' })).split('\n');
    assert.ok(listed.includes('tools/hello.txt') && listed.includes('tools/src/app.ts'), listed.join(', '));
    assert.ok(!listed.includes('tools/ignored/hidden.ts'), 'files.exclude was not honoured');
    assert.ok(!listed.includes('tools/.env'), 'a deny-listed file was listed');
    assert.ok(!listed.some((p) => p.includes('-out')), `links out were listed: ${listed.join(', ')}`);
    assert.deepEqual(listed, [...listed].sort((a, b) => a.localeCompare(b)));
    assert.equal(await run('list_files', { glob: 'tools/src/*.ts' }), 'tools/src/app.ts\ntools/src/util.ts');
    assert.equal(await run('list_files', { glob: 'tools/src/*.ts', max_results: 1 }), 'tools/src/app.ts\n[Cut: more than 1 files match; narrow the glob or raise max_results.]');
    assert.equal(await run('list_files', { glob: 'tools/**/*.none' }), 'No files match tools/**/*.none.');
  });

  it('search_text finds lines by text or regex, skips secrets, binaries and excluded files, and states a cut', async () => {
    assert.equal(
      await run('search_text', { query: 'answer', glob: 'tools/**' }),
      'tools/src/app.ts:1: export const answer = 42;\ntools/src/util.ts:2:   return n * 2; // answer helper\n[Cut: 2 binary or large (over 1048576 bytes) files were not searched.]',
    );
    assert.equal(await run('search_text', { query: 'n \\* \\d', is_regex: true, glob: 'tools/src/*.ts' }), 'tools/src/util.ts:2:   return n * 2; // answer helper');
    assert.equal(await run('search_text', { query: 'n * 2', glob: 'tools/src/*.ts' }), 'tools/src/util.ts:2:   return n * 2; // answer helper');
    assert.equal(
      await run('search_text', { query: 'line 1', glob: 'tools/long.txt', max_results: 2 }),
      'tools/long.txt:1: line 1\ntools/long.txt:10: line 10\n[Cut: more than 2 lines match.]',
    );
    assert.equal(await run('search_text', { query: 'API_TOKEN', glob: 'tools/**' }).then((r) => r.split('\n')[0]), 'No lines match "API_TOKEN".');
    assert.equal(await run('search_text', { query: 'outside secret', glob: 'tools/**' }).then((r) => r.split('\n')[0]), 'No lines match "outside secret".');
    await refused('search_text', { query: '(', is_regex: true }, /not a valid regular expression/);
  });

  it('get_diagnostics lists the problems of a file and of the workspace', async () => {
    const collection = vscode.languages.createDiagnosticCollection('tools-test');
    try {
      const warning = new vscode.Diagnostic(new vscode.Range(1, 6, 1, 12), "'unused' is declared but never read.", vscode.DiagnosticSeverity.Warning);
      warning.source = 'ts';
      collection.set(file('src', 'app.ts'), [warning, new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), 'Broken.', vscode.DiagnosticSeverity.Error)]);
      const expected = "tools/src/app.ts:1:1: error: Broken.\ntools/src/app.ts:2:7: warning: 'unused' is declared but never read. (ts)";
      assert.equal(await run('get_diagnostics', { path: 'tools/src/app.ts' }), expected);
      assert.ok((await run('get_diagnostics', {})).includes(expected));
      assert.equal(await run('get_diagnostics', { path: 'tools/hello.txt' }), 'No problems in tools/hello.txt.');
    } finally {
      collection.dispose();
    }
  });

  it('propose_edit goes through the diff review: Accept changes the file, Reject leaves it, a new file is created', async () => {
    const accepted = run('propose_edit', { path: 'tools/src/app.ts', old_text: '= 42', new_text: '= 43' });
    await waitFor('the diff is shown', reviewShown);
    await vscode.commands.executeCommand('pathors.acceptChange');
    assert.equal(await accepted, 'accepted: tools/src/app.ts was changed.');
    // An existing file is changed in its document, as an unsaved edit the user saves (or undoes).
    const changed = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file('src', 'app.ts').toString());
    assert.ok(changed?.isDirty, 'the accepted change is in the open document');
    assert.match(changed.getText(), /answer = 43;/);
    assert.ok(await changed.save(), 'the changed document was saved');
    assert.match(await readDisk(file('src', 'app.ts')), /answer = 43;/);

    const rejected = run('propose_edit', { path: 'tools/hello.txt', new_text: 'bye\n' });
    await waitFor('the diff is shown', reviewShown);
    await vscode.commands.executeCommand('pathors.rejectChange');
    assert.equal(await rejected, 'rejected: the user rejected the change; tools/hello.txt is unchanged.');
    assert.equal(await readDisk(file('hello.txt')), 'hello\nworld\n');

    const created = run('propose_edit', { path: 'tools/new/notes.md', new_text: '# Notes\n' });
    await waitFor('the diff is shown', reviewShown);
    await vscode.commands.executeCommand('pathors.acceptChange');
    assert.match(await created, /^accepted/);
    // A new file is written with its text at once: no unsaved document over an empty file.
    assert.equal(await readDisk(file('new', 'notes.md')), '# Notes\n');
    const opened = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file('new', 'notes.md').toString());
    assert.ok(opened, 'the new file is open');
    assert.deepEqual([opened.getText(), opened.isDirty], ['# Notes\n', false]);

    await refused('propose_edit', { path: 'tools/hello.txt', old_text: 'nowhere', new_text: 'x' }, /old_text was not found/);
    await refused('propose_edit', { path: 'tools/long.txt', old_text: 'line 1', new_text: 'x' }, /occurs more than once/);
    await refused('propose_edit', { path: 'tools/missing.txt', old_text: 'a', new_text: 'b' }, /does not exist; leave out old_text/);
  });

  it('propose_edit: Stop while the diff waits closes it as rejected, and the file is unchanged', async () => {
    const tool = tools.find((t) => t.definition.function.name === 'propose_edit')!;
    const controller = new AbortController();
    const pending = tool.invoke({ path: 'tools/hello.txt', new_text: 'stopped\n' }, controller.signal);
    await waitFor('the diff is shown', reviewShown);
    controller.abort();
    assert.match(await pending, /^rejected/);
    await waitFor('the diff is closed', () => !vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === SCHEME));
    assert.equal(await vscode.commands.executeCommand('pathors.acceptChange'), undefined, 'nothing is left to accept');
    assert.equal(await readDisk(file('hello.txt')), 'hello\nworld\n');
  });

  it('one turn of the loop: the agent reads a file through read_file and answers with its content', async () => {
    const server = await PathorsServer.start({ apiKey: 'sk_tools_it' });
    try {
      const result = await runToolLoop({
        request: { url: server.endpointUrl(), apiKey: 'sk_tools_it', messages: [{ role: 'user', content: 'call tool read_file with {"path":"tools/hello.txt"}' }] },
        wholeTranscript: false,
        tools,
        approve: async () => ({ allowed: false, reason: 'read-only tools do not ask' }),
        signal: new AbortController().signal,
      });
      assert.equal(result.end, 'answered');
      assert.match(result.text, /^Tool result call_\w+: tools\/hello\.txt, lines 1-3 of 3:\nhello\nworld\n/);
      const refusedTurn = await runToolLoop({
        request: { url: server.endpointUrl(), apiKey: 'sk_tools_it', messages: [{ role: 'user', content: 'call tool read_file with {"path":"../../etc/passwd"}' }] },
        wholeTranscript: false,
        tools,
        approve: async () => ({ allowed: true }),
        signal: new AbortController().signal,
      });
      assert.equal(refusedTurn.end, 'answered');
      assert.match(refusedTurn.text, /Error: read_file failed: \.\.\/\.\.\/etc\/passwd leads outside the workspace folder/);
    } finally {
      await server.close();
    }
  });
});
