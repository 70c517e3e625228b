// The run_command tool in a real extension host: a terminal with shell integration runs the
// command in a confined folder, and the agent gets the exit code and the output; Stop interrupts it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { runCommandTool } from '../../src/tools/runCommand';

function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration run has no workspace folder');
  return folder.uri;
}

const run = (args: Record<string, unknown>, signal = new AbortController().signal) => runCommandTool.invoke(args, signal);

describe('run_command', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root(), 'cmd', 'sub', 'marker.txt'), new TextEncoder().encode('here'));
  });

  after(async () => {
    for (const t of vscode.window.terminals) if (t.name === 'Pathors') t.dispose();
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root(), 'cmd'), { recursive: true });
  });

  it('runs in a terminal and returns the exit code and the output', async () => {
    const result = await run({ command: 'echo "sum=$((40 + 2))"' });
    assert.match(result, /^Ran `echo "sum=\$\(\(40 \+ 2\)\)"` in the workspace folder "[^"]+"\. Exit code: 0\.\nOutput:\n/);
    assert.match(result, /sum=42/);
    assert.equal(result.includes('\u001b'), false, 'escape sequences are removed');
    assert.ok(vscode.window.terminals.some((t) => t.name === 'Pathors'), 'the user sees the terminal it ran in');
  });

  it('runs the next command of a folder in the same terminal', async () => {
    const count = () => vscode.window.terminals.filter((t) => t.name === 'Pathors').length;
    const before = count();
    assert.match(await run({ command: 'echo again' }), /Exit code: 0\.\nOutput:\nagain/);
    assert.equal(count(), before);
  });

  it('reports a failing exit code', async () => {
    const result = await run({ command: "sh -c 'echo failing; exit 3'" });
    assert.match(result, /Exit code: 3\./);
  });

  it('runs in the workspace-relative cwd, and refuses one outside the workspace', async () => {
    const result = await run({ command: 'ls', cwd: 'cmd/sub' });
    assert.match(result, / in cmd\/sub\. Exit code: 0\./);
    assert.match(result, /marker\.txt/);
    await assert.rejects(run({ command: 'ls', cwd: '../..' }), /outside the workspace/);
    await assert.rejects(run({ command: 'ls', cwd: '/etc' }), /outside the workspace/);
    await assert.rejects(run({ command: 'ls', cwd: 'cmd/sub/marker.txt' }), /not a folder/);
    await assert.rejects(run({ command: '   ' }), /non-empty/);
  });

  it('keeps the end of a long output and says it was cut', async () => {
    const result = await run({ command: 'seq 1 20000' });
    assert.match(result, /\n20000\n\[Cut: the output was longer; only its last \d+ characters are shown\.\]$/);
    assert.doesNotMatch(result, /\n1\n2\n3\n/);
  });

  it('Stop interrupts a running command with Ctrl+C', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const pending = run({ command: 'sleep 30; echo finished' }, stop.signal);
    await new Promise((r) => setTimeout(r, 2000));
    stop.abort();
    const result = await pending;
    assert.ok(Date.now() - started < 20_000, 'it did not run to the end');
    const output = result.slice(result.indexOf('Output:'));
    assert.doesNotMatch(output, /finished/);
    assert.match(result, /Exit code: 130\./, 'interrupted (128 + SIGINT)');
  });
});
