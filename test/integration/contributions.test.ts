// Checks of the contributions against the real workbench: the default keybinding collides with
// none of VS Code's, and a missing project id blocks sending before any request is made.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const OUR_KEY = 'ctrl+k a';

/** Pulls `{ "key": …, "command": … }` pairs out of the (commented) default keybindings document. */
function keybindings(text: string): Array<{ key: string; command: string }> {
  const out: Array<{ key: string; command: string }> = [];
  for (const m of text.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)) out.push({ key: m[1], command: m[2] });
  return out;
}

describe('Contributions in the workbench', () => {
  it(`binds ${OUR_KEY} to Ask about Selection and to nothing else in VS Code's defaults`, async () => {
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const deadline = Date.now() + 10_000;
    while (!vscode.window.activeTextEditor?.document.uri.toString().includes('keybindings') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc, 'the default keybindings did not open');
    const all = keybindings(doc.getText());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.ok(all.length > 300, `only ${all.length} default keybindings read: the check is not looking at the real list`);
    const ours = all.filter((k) => k.command === 'pathors.askAboutSelection');
    assert.deepEqual(ours.map((k) => k.key), [OUR_KEY]);
        const clashes = all.filter((k) => k.command !== 'pathors.askAboutSelection' && k.key === OUR_KEY);
    assert.deepEqual(clashes, []);
    // Ctrl+K is the prefix of VS Code's own chords (Ctrl+K Ctrl+C, Ctrl+K M, …), so it reaches the chord.
    const prefixUsers = all.filter((k) => k.key.startsWith(`${OUR_KEY.split(' ')[0]} `) && k.command !== 'pathors.askAboutSelection');
    assert.ok(prefixUsers.length > 20, `only ${prefixUsers.length} default chords start with ctrl+k`);
  });

  it('refuses to send without a project id, and makes no request', async () => {
    const config = vscode.workspace.getConfiguration('pathors');
    const previous = config.inspect<string>('projectId')?.globalValue;
    await config.update('projectId', '', vscode.ConfigurationTarget.Global);
    try {
      const started = await vscode.commands.executeCommand<boolean>('pathors.send', 'Is anyone there?');
      assert.equal(started, false);
    } finally {
      await config.update('projectId', previous, vscode.ConfigurationTarget.Global);
    }
  });
});
