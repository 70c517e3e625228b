// The diff review in a real extension host: a proposed change opens a diff of the file (unsaved
// edits included) against the proposal; Accept applies one undoable edit, Reject and closing the
// diff change nothing, a file edited meanwhile is re-diffed, and a missing file is created.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PathorsApi } from '../../src/extension';
import type { ReviewOutcome } from '../../src/apply/diffReview';
import { proposalErrorText } from '../../src/apply/proposalErrors';
import { proposeChange } from '../../src/core/proposeChange';

const EXTENSION_ID = 'pathors.pathors-chat';
const SCHEME = 'pathors-proposal';

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
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

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration run has no workspace folder');
  return vscode.Uri.joinPath(folder.uri, 'apply', name);
}

async function writeFile(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

async function readDisk(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** The active tab's diff input, when it is a change review. */
function activeReview(): vscode.TabInputTextDiff | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputTextDiff && input.modified.scheme === SCHEME ? input : undefined;
}

function reviewTabs(): number {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === SCHEME).length;
}

/** Proposes a change and waits until its diff is the active editor; returns the outcome promise and the diff. */
async function propose(
  uri: vscode.Uri,
  proposal: string,
  recompute?: (current: string | undefined) => { text: string } | { error: string },
): Promise<{ outcome: Promise<ReviewOutcome>; diff: vscode.TabInputTextDiff; settled: () => boolean }> {
  let settled = false;
  const outcome = (await api()).reviewChange({ uri, proposal, label: vscode.workspace.asRelativePath(uri), recompute });
  void outcome.then(() => (settled = true));
  await waitFor('the diff of the proposed change is shown', () => activeReview() !== undefined);
  return { outcome, diff: activeReview()!, settled: () => settled };
}

async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('Diff review of a proposed change', () => {
  before(async () => {
    await api();
  });

  afterEach(closeAllEditors);

  it('contributes Accept Change and Reject Change, in the palette while reviewing and on the diff’s title bar', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributes = ext.packageJSON.contributes as {
      commands: Array<{ command: string; title: string; category?: string }>;
      menus: Record<string, Array<{ command: string; when?: string; group?: string }>>;
    };
    for (const id of ['pathors.acceptChange', 'pathors.rejectChange']) {
      assert.equal(contributes.commands.find((c) => c.command === id)?.category, 'Pathors');
      assert.equal(contributes.menus.commandPalette.find((m) => m.command === id)?.when, 'pathors.reviewingChange');
      const title = contributes.menus['editor/title'].find((m) => m.command === id);
      // The workbench may quote the scheme when it reads the manifest.
      assert.equal(title?.when?.replace(/'/g, ''), `resourceScheme == ${SCHEME}`);
      assert.match(title?.group ?? '', /^navigation/);
    }
  });

  it('diffs the unsaved text against the proposal; Accept applies one edit that Undo takes back', async () => {
    // VS Code for the Web saves after a delay by default; off, a save by Accept would show on disk.
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    try {
      await acceptAndUndo();
    } finally {
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  async function acceptAndUndo(): Promise<void> {
    const uri = workspaceFile('accept.ts');
    await writeFile(uri, 'export const a = 1;\n');
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), 'export const unsaved = true;\n'));
    const before = editor.document.getText();

    const proposal = 'export const a = 2;\nexport const unsaved = true;\n';
    const { outcome, diff } = await propose(uri, proposal);
    assert.equal(diff.original.toString(), uri.toString());
    const right = await vscode.workspace.openTextDocument(diff.modified);
    assert.equal(right.getText(), proposal);

    assert.equal(await vscode.commands.executeCommand('pathors.acceptChange'), 'accepted');
    assert.equal(await outcome, 'accepted');
    assert.equal(editor.document.getText(), proposal);
    assert.equal(await readDisk(uri), 'export const a = 1;\n', 'Accept must not save behind the user’s back');
    await waitFor('the diff is closed', () => reviewTabs() === 0);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());

    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
  }

  it('Reject leaves the file as it was and closes the diff', async () => {
    const uri = workspaceFile('reject.ts');
    await writeFile(uri, 'let kept = 1;\n');
    const document = await vscode.workspace.openTextDocument(uri);
    const version = document.version;
    const { outcome } = await propose(uri, 'let replaced = 2;\n');
    assert.equal(await vscode.commands.executeCommand('pathors.rejectChange'), true);
    assert.equal(await outcome, 'rejected');
    assert.equal(document.getText(), 'let kept = 1;\n');
    assert.equal(document.version, version);
    await waitFor('the diff is closed', () => reviewTabs() === 0);
    assert.equal(await vscode.commands.executeCommand('pathors.rejectChange'), false, 'a second Reject has nothing to reject');
  });

  it('closing the diff rejects the change', async () => {
    const uri = workspaceFile('close.ts');
    await writeFile(uri, 'one\n');
    const { outcome } = await propose(uri, 'two\n');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.equal(await outcome, 'rejected');
    assert.equal(await readDisk(uri), 'one\n');
  });

  it('re-diffs a file edited after the diff opened instead of overwriting the edit', async () => {
    const uri = workspaceFile('stale.ts');
    await writeFile(uri, 'function add(a, b) {\n  return a + b;\n}\n');
    const code = '<<<<<<< SEARCH\n  return a + b;\n=======\n  return b + a;\n>>>>>>> REPLACE';
    const recompute = (current: string | undefined) => {
      const result = proposeChange({ code, current });
      return result.ok ? { text: result.text } : { error: proposalErrorText(result.error) };
    };
    const { outcome, diff, settled } = await propose(uri, 'function add(a, b) {\n  return b + a;\n}\n', recompute);

    const document = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '// edited meanwhile\n');
    assert.ok(await vscode.workspace.applyEdit(edit));

    assert.equal(await vscode.commands.executeCommand('pathors.acceptChange', diff.modified), 'rediffed');
    assert.equal(document.getText(), '// edited meanwhile\nfunction add(a, b) {\n  return a + b;\n}\n', 'the edit made meanwhile was overwritten');
    assert.equal(settled(), false, 'the review ended instead of showing the new diff');
    const right = await vscode.workspace.openTextDocument(diff.modified);
    await waitFor('the diff shows the proposal made again', () => right.getText().startsWith('// edited meanwhile\n'));
    assert.equal(right.getText(), '// edited meanwhile\nfunction add(a, b) {\n  return b + a;\n}\n');

    assert.equal(await vscode.commands.executeCommand('pathors.acceptChange', diff.modified), 'accepted');
    assert.equal(await outcome, 'accepted');
    assert.equal(document.getText(), '// edited meanwhile\nfunction add(a, b) {\n  return b + a;\n}\n');
  });

  it('ends the review with the reason when the change no longer applies to the edited file', async () => {
    const uri = workspaceFile('gone.ts');
    await writeFile(uri, 'alpha\nbeta\n');
    const code = '<<<<<<< SEARCH\nbeta\n=======\ngamma\n>>>>>>> REPLACE';
    const recompute = (current: string | undefined) => {
      const result = proposeChange({ code, current });
      return result.ok ? { text: result.text } : { error: proposalErrorText(result.error) };
    };
    const { outcome } = await propose(uri, 'alpha\ngamma\n', recompute);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(1, 0, 1, 4), 'BETA');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(await vscode.commands.executeCommand('pathors.acceptChange'), 'rediffed');
    assert.equal(await outcome, 'rejected');
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), 'alpha\nBETA\n');
  });

  it('diffs a file that does not exist yet against nothing, and creates it on Accept', async () => {
    const uri = workspaceFile(`new-${Date.now()}.py`);
    const { outcome, diff } = await propose(uri, 'print("hello")\n');
    assert.equal(diff.original.scheme, SCHEME);
    assert.equal((await vscode.workspace.openTextDocument(diff.original)).getText(), '');
    assert.equal(await vscode.commands.executeCommand('pathors.acceptChange'), 'accepted');
    assert.equal(await outcome, 'accepted');
    await vscode.workspace.fs.stat(uri);
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), 'print("hello")\n');
  });

  it('a second proposal for the same file replaces the first, which counts as rejected', async () => {
    const uri = workspaceFile('twice.ts');
    await writeFile(uri, 'x\n');
    const first = await propose(uri, 'first\n');
    const second = await propose(uri, 'second\n');
    assert.equal(await first.outcome, 'rejected');
    await waitFor('only one review is open', () => reviewTabs() === 1);
    assert.equal(await vscode.commands.executeCommand('pathors.acceptChange'), 'accepted');
    assert.equal(await second.outcome, 'accepted');
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), 'second\n');
  });

  it('names the failing hunk when a block cannot be applied', () => {
    const result = proposeChange({ code: '<<<<<<< SEARCH\nnot there\n=======\nx\n>>>>>>> REPLACE', current: 'a\n' });
    assert.ok(!result.ok);
    const text = proposalErrorText(result.error);
    assert.match(text, /block 1/);
    assert.match(text, /not there/);
  });

  it('handles a 5,000-line file: time to show the diff and to accept', async () => {
    const uri = workspaceFile('large.ts');
    const lines = Array.from({ length: 5000 }, (_, i) => `export const value${i} = ${i}; // line ${i + 1}`);
    await writeFile(uri, `${lines.join('\n')}\n`);
    await vscode.workspace.openTextDocument(uri);
    const changed = lines.map((l, i) => (i % 100 === 0 ? l.replace('= ', '= 1 + ') : l));
    const proposal = `${changed.join('\n')}\n`;

    const started = performance.now();
    const { outcome } = await propose(uri, proposal);
    const shownMs = performance.now() - started;
    const document = await vscode.workspace.openTextDocument(uri);
    const acceptStarted = performance.now();
    const accepted = vscode.commands.executeCommand('pathors.acceptChange');
    await waitFor('the edit is applied', () => document.getText() === proposal);
    const appliedMs = performance.now() - acceptStarted;
    assert.equal(await accepted, 'accepted');
    const acceptMs = performance.now() - acceptStarted;
    assert.equal(await outcome, 'accepted');
    console.log(`      5,000-line file: diff shown in ${shownMs.toFixed(0)} ms; Accept: edit applied in ${appliedMs.toFixed(0)} ms, file in front in ${acceptMs.toFixed(0)} ms`);
  });
});
