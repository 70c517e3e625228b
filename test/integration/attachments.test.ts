// The panel's pending attachments in a real extension host: the commands add chips (once each),
// dropped URIs are mapped to files the host can read (remote ones included), and a chip opens
// its source at the attached lines.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PathorsApi } from '../../src/extension';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { droppedUris, isDroppable, openChipSource } from '../../src/context/composerContext';

const EXTENSION_ID = 'pathors.pathors-chat';

function folder(): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root, 'the integration run has no workspace folder');
  return root;
}

const file = (...parts: string[]) => vscode.Uri.joinPath(folder(), 'attachments', ...parts);

async function write(uri: vscode.Uri, content: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
}

describe('Pending attachments', () => {
  let api: PathorsApi;
  before(async () => {
    const extension = vscode.extensions.getExtension<PathorsApi>(EXTENSION_ID);
    assert.ok(extension);
    api = extension.isActive ? extension.exports : await extension.activate();
  });

  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('adds what the commands collect to the panel, once each, with the running total', async () => {
    await write(file('one.py'), 'print("one")\n');
    await write(file('two.md'), '# two\n');
    const before = api.pendingAttachments().chips.length;
    await vscode.commands.executeCommand('pathors.addFile', file('one.py'), [file('one.py'), file('two.md')]);
    await vscode.commands.executeCommand('pathors.addFile', file('one.py'));
    const editor = await vscode.window.showTextDocument(file('two.md'));
    editor.selection = new vscode.Selection(0, 0, 0, 5);
    await vscode.commands.executeCommand('pathors.addSelection');
    const view = api.pendingAttachments();
    const added = view.chips.slice(before);
    assert.deepEqual(added.map((c) => [c.kind, c.label, c.path, c.totalChars, c.status]), [
      ['file', 'one.py', 'attachments/one.py', 13, 'whole'],
      ['file', 'two.md', 'attachments/two.md', 6, 'whole'],
      ['selection', 'two.md:1', 'attachments/two.md', 5, 'whole'],
    ]);
    assert.equal(view.maxChars, 60_000);
    assert.equal(view.usedChars, view.chips.reduce((n, c) => n + c.sentChars, 0));
  });

  it('follows the budget settings', async () => {
    const config = vscode.workspace.getConfiguration('pathors.attachments');
    await write(file('long.txt'), 'x'.repeat(500));
    await vscode.commands.executeCommand('pathors.addFile', file('long.txt'));
    await config.update('maxCharsPerAttachment', 100, vscode.ConfigurationTarget.Global);
    try {
      const chip = api.pendingAttachments().chips.find((c) => c.label === 'long.txt');
      assert.deepEqual(chip && [chip.status, chip.sentChars, chip.totalChars], ['cut', 100, 500]);
    } finally {
      await config.update('maxCharsPerAttachment', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('reads dropped URIs as files of this host: file and remote URIs kept as files, other schemes dropped', () => {
    const local = file('one.py');
    const remote = `vscode-remote://ssh-remote%2Bbox${local.path}`;
    const mapped = droppedUris([local.toString(), remote, 'https://example.com/a.ts', 'untitled:Untitled-1', 'command:workbench.action.reloadWindow']);
    assert.deepEqual(mapped.map((u) => u.toString()), [local.toString(), vscode.Uri.file(local.path).toString()]);
  });

  it('takes dropped files only from the workspace or an open editor tab', async () => {
    await write(file('inside.ts'), 'const inside = 1;\n');
    assert.equal(isDroppable(file('inside.ts')), true);
    const outsideDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathors-drop-'));
    const outside = vscode.Uri.file(path.join(outsideDir, 'outside.ts'));
    fs.writeFileSync(outside.fsPath, 'const outside = 1;\n');
    try {
      assert.equal(isDroppable(outside), false, 'a file the window does not show was droppable');
      await vscode.window.showTextDocument(outside);
      assert.equal(isDroppable(outside), true, 'a file open in a tab was not droppable');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(outsideDir, { recursive: true, force: true });
    }
    assert.equal(isDroppable(vscode.Uri.file('/etc/passwd')), false);
  });

  it('opens a chip’s file at the attached lines, named by path or by URI', async () => {
    await write(file('lines.ts'), 'const a = 1;\nconst b = 2;\nconst c = 3;\n');
    await openChipSource({ id: 'c1', kind: 'selection', label: 'lines.ts:2-3', path: 'attachments/lines.ts', startLine: 2, endLine: 3, totalChars: 1, sentChars: 1, status: 'whole' });
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), file('lines.ts').toString());
    assert.deepEqual([editor.selection.start.line, editor.selection.start.character, editor.selection.end.line, editor.selection.end.character], [1, 0, 2, 12]);
    await openChipSource({ id: 'c2', kind: 'file', label: 'lines.ts', path: file('lines.ts').toString(), totalChars: 1, sentChars: 1, status: 'whole' });
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), file('lines.ts').toString());
  });
});
