/** Path confinement on a real temporary file system: `..`, absolute paths, links out, multi-root folder names, files not yet created. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ToolError, deniedBy, resolveWorkspacePath, type WorkspaceFolderPath } from '../../src/tools/workspacePath';

describe('workspace path confinement', () => {
  let base: string;
  let app: WorkspaceFolderPath;
  let lib: WorkspaceFolderPath;

  before(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'pathors-confine-'));
    app = { name: 'app', root: path.join(base, 'app') };
    lib = { name: 'lib', root: path.join(base, 'lib') };
    await mkdir(path.join(app.root, 'src'), { recursive: true });
    await mkdir(lib.root, { recursive: true });
    await mkdir(path.join(base, 'outside'));
    await writeFile(path.join(app.root, 'src', 'a.ts'), 'a');
    await writeFile(path.join(base, 'outside', 'secret.txt'), 's');
    await symlink(path.join(base, 'outside', 'secret.txt'), path.join(app.root, 'link-out.txt'));
    await symlink(path.join(base, 'outside'), path.join(app.root, 'dir-out'));
    await symlink(path.join(app.root, 'src', 'a.ts'), path.join(app.root, 'link-in.ts'));
  });
  after(() => rm(base, { recursive: true, force: true }));

  const refused = async (input: unknown, folders: WorkspaceFolderPath[], message: RegExp) => {
    await assert.rejects(resolveWorkspacePath(input, folders), (err: unknown) => err instanceof ToolError && message.test(err.message));
  };

  it('resolves a relative path in the only folder', async () => {
    const r = await resolveWorkspacePath('src/a.ts', [app]);
    assert.equal(r.absolute, path.join(app.root, 'src', 'a.ts'));
    assert.equal(r.relative, 'src/a.ts');
    assert.equal(r.display, 'src/a.ts');
    assert.equal((await resolveWorkspacePath('src\\..\\src\\a.ts', [app])).relative, 'src/a.ts');
  });

  it('refuses .. that leaves the folder, and absolute paths elsewhere', async () => {
    await refused('../../etc/passwd', [app], /leads outside the workspace folder "app"/);
    await refused('src/../../lib/x', [app, lib], /leads outside/);
    await refused('/etc/passwd', [app], /outside the workspace folders/);
    const abs = await resolveWorkspacePath(path.join(app.root, 'src', 'a.ts'), [app]);
    assert.equal(abs.relative, 'src/a.ts');
  });

  it('refuses links that lead out, also to a file not yet created under a linked folder; links inside are fine', async () => {
    await refused('link-out.txt', [app], /link .* leads outside/);
    await refused('dir-out/secret.txt', [app], /link .* leads outside/);
    await refused('dir-out/new-file.txt', [app], /link .* leads outside/);
    assert.equal((await resolveWorkspacePath('link-in.ts', [app])).relative, 'link-in.ts');
    assert.equal((await resolveWorkspacePath('src/new/deeper.ts', [app])).relative, 'src/new/deeper.ts');
  });

  it('multi-root: a path may start with a folder name; otherwise it is in the first folder', async () => {
    const inLib = await resolveWorkspacePath('lib/index.ts', [app, lib]);
    assert.equal(inLib.folder, lib);
    assert.equal(inLib.relative, 'index.ts');
    assert.equal(inLib.display, 'lib/index.ts');
    const inApp = await resolveWorkspacePath('src/a.ts', [app, lib]);
    assert.equal(inApp.folder, app);
    assert.equal(inApp.display, 'app/src/a.ts');
    // With one folder, a first segment named like it is an ordinary sub-folder.
    assert.equal((await resolveWorkspacePath('app/x', [app])).relative, 'app/x');
  });

  it('refuses what is not a usable path, and a workspace without folders', async () => {
    await refused('', [app], /non-empty string/);
    await refused(42, [app], /non-empty string/);
    await refused('a\0b', [app], /NUL/);
    await refused('a.ts', [], /No workspace folder/);
  });

  it('the deny list matches folder-relative paths', () => {
    assert.equal(deniedBy('.env', ['**/.env*']), '**/.env*');
    assert.equal(deniedBy('config/prod.pem', ['**/*.pem']), '**/*.pem');
    assert.equal(deniedBy('src/a.ts', ['**/.env*']), undefined);
  });
});
