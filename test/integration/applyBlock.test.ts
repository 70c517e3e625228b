// The panel's Apply and Run in Terminal in a real extension host: a reply's block goes to the file
// it names, or to what its question had attached (a selection's range), through the diff review;
// paths out of the workspace and hunks that do not match open nothing; a shell block is typed into
// a terminal and not run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PathorsApi } from '../../src/extension';
import type { TranscriptEntry } from '../../src/protocol';
import { CodeBlockApplier } from '../../src/apply/applyCodeBlock';
import { fencedBlocks } from '../../src/core/markdown';
import { buildSelectionTurn } from '../../src/core/selectionContext';
import { runInTerminal } from '../../src/commands/runInTerminal';

const EXTENSION_ID = 'pathors.pathors-chat';
const SCHEME = 'pathors-proposal';

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function api(): Promise<PathorsApi> {
  const ext = vscode.extensions.getExtension<PathorsApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  if (!ext.isActive) await ext.activate();
  return ext.exports;
}

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the integration run has no workspace folder');
  return f.uri;
}

async function writeFile(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}

function openReviews(): vscode.TabInputTextDiff[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .map((t) => t.input)
    .filter((i): i is vscode.TabInputTextDiff => i instanceof vscode.TabInputTextDiff && i.modified.scheme === SCHEME);
}

/** Applies block `index` of the last reply in `entries`, and returns the review's diff (or undefined when none opened). */
async function applyBlock(entries: TranscriptEntry[], index = 0): Promise<vscode.TabInputTextDiff | undefined> {
  const exports = await api();
  const applier = new CodeBlockApplier((request) => exports.reviewChange(request), () => undefined);
  const reply = entries[entries.length - 1];
  await applier.apply(entries, reply.id, fencedBlocks(reply.text)[index]);
  // The diff opens asynchronously after apply returns; wait a little for one that should appear.
  const deadline = Date.now() + 3_000;
  while (openReviews().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return openReviews()[0];
}

describe('Apply from a reply, and Run in Terminal', () => {
  const dir = () => vscode.Uri.joinPath(folder(), 'applyBlock');

  before(async () => {
    await api();
    await vscode.workspace.fs.createDirectory(dir());
  });

  afterEach(async () => {
    // Saved first: closing an editor with unsaved changes would leave a "Save changes?" dialog for the suites after this one.
    for (const d of vscode.workspace.textDocuments) if (d.isDirty && d.uri.path.startsWith(dir().path)) await d.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('applies SEARCH/REPLACE hunks to the file the fence names; Accept changes it', async () => {
    const uri = vscode.Uri.joinPath(dir(), 'named.ts');
    await writeFile(uri, 'export const a = 1;\nexport const b = 2;\n');
    const reply = '```ts applyBlock/named.ts\n<<<<<<< SEARCH\nexport const b = 2;\n=======\nexport const b = 3;\n>>>>>>> REPLACE\n```';
    const diff = await applyBlock([{ id: 'u1', role: 'user', text: 'fix' }, { id: 'a1', role: 'assistant', text: reply }]);
    assert.ok(diff, 'no diff opened');
    assert.equal(diff.original.toString(), uri.toString());
    assert.equal((await vscode.workspace.openTextDocument(diff.modified)).getText(), 'export const a = 1;\nexport const b = 3;\n');
    assert.equal(await vscode.commands.executeCommand('pathors.acceptChange', diff.modified), 'accepted');
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), 'export const a = 1;\nexport const b = 3;\n');
  });

  it('replaces the selection the question was asked about when the block names no file', async () => {
    const uri = vscode.Uri.joinPath(dir(), 'selected.js');
    const text = 'function a() {}\nfunction greet() {\n  return "hi";\n}\nfunction z() {}\n';
    await writeFile(uri, text);
    const turn = buildSelectionTurn({ question: 'Shout', path: 'applyBlock/selected.js', languageId: 'javascript', startLine: 2, endLine: 4, code: 'function greet() {\n  return "hi";\n}\n' });
    const entries: TranscriptEntry[] = [
      { id: 'u1', role: 'user', text: turn.text, prompt: turn.prompt, context: turn.context },
      { id: 'a1', role: 'assistant', text: 'Here:\n\n```js\nfunction greet() {\n  return "HI";\n}\n```' },
    ];
    // Lines added above the selection since it was sent: the range is found where it moved to.
    const document = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '// added later\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diff = await applyBlock(entries);
    assert.ok(diff, 'no diff opened');
    assert.equal(diff.original.toString(), uri.toString());
    assert.equal((await vscode.workspace.openTextDocument(diff.modified)).getText(), `// added later\n${text.replace('"hi"', '"HI"')}`);
    assert.equal(await vscode.commands.executeCommand('pathors.rejectChange', diff.modified), true);
    assert.equal(document.getText(), `// added later\n${text}`);
  });

  it('opens nothing for a path outside the workspace, a hunk that does not match, or a stale selection', async () => {
    const uri = vscode.Uri.joinPath(dir(), 'kept.ts');
    await writeFile(uri, 'const kept = 1;\n');
    const outside = vscode.Uri.joinPath(folder(), '..', 'pathors-outside.ts');
    const turn = buildSelectionTurn({ question: 'q', path: 'applyBlock/kept.ts', languageId: 'typescript', startLine: 1, endLine: 1, code: 'const gone = 0;' });
    for (const [why, entries] of [
      ['outside', [{ id: 'a1', role: 'assistant', text: '```ts ../pathors-outside.ts\nconst evil = 1;\n```' }]],
      ['no match', [{ id: 'a1', role: 'assistant', text: '```ts applyBlock/kept.ts\n<<<<<<< SEARCH\nconst other = 1;\n=======\nx\n>>>>>>> REPLACE\n```' }]],
      ['stale', [{ id: 'u1', role: 'user', text: 'q', prompt: turn.prompt, context: turn.context }, { id: 'a1', role: 'assistant', text: '```ts\nconst new = 2;\n```' }]],
    ] as Array<[string, TranscriptEntry[]]>) {
      assert.equal(await applyBlock(entries), undefined, `a diff opened (${why})`);
    }
    assert.equal(await exists(outside), false);
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), 'const kept = 1;\n');
  });

  it('types a shell command into the terminal without running it', async function () {
    this.timeout(30_000);
    const marker = vscode.Uri.joinPath(dir(), `ran-${Date.now()}.txt`);
    for (const t of vscode.window.terminals) t.dispose();
    await runInTerminal(`touch '${marker.fsPath}'`);
    await waitFor('the terminal opens', () => vscode.window.terminals.length === 1);
    const terminal = vscode.window.terminals[0];
    assert.equal(terminal.name, 'Pathors');
    await waitFor('the terminal is active', () => vscode.window.activeTerminal === terminal);
    // Long enough for a shell to have run a command it was given with Enter.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    assert.equal(await exists(marker), false, 'the command ran');
    // Pressing Enter is the user's part: then it runs, so the command was typed in full.
    terminal.sendText('', true);
    await waitFor('the command runs once the user presses Enter', () => exists(marker), 15_000);
    terminal.dispose();
  });

  it('refuses blocks with control characters, and opens no terminal for them', async () => {
    for (const t of vscode.window.terminals) t.dispose();
    await waitFor('no terminal is left', () => vscode.window.terminals.length === 0);
    await runInTerminal('ls\u001b[201~\rrm -rf x');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(vscode.window.terminals.length, 0);
  });
});
