// The checks `ovsx publish` makes before it talks to the Open VSX registry, run offline with
// ovsx's own code, plus the registry's metadata rules, which only the server applies.
//
// What ovsx (node_modules/ovsx/lib) does before any network use:
// - publish.js, from a source folder: checkLicense() (check-license.js → isLicenseOk():
//   util.js validateManifest() wants publisher, name and version; then a `license` field or a
//   LICENSE file), then createVSIX() of the @vscode/vsce it bundles (prepublish script, manifest
//   validation, file collection, README link rewriting, secret scan).
// - publish.js, from a .vsix: zip.js readVSIXPackage() reads extension/package.json for the
//   publisher (the namespace whose token is used). Nothing else is checked locally.
// Not checkable offline: that the namespace exists and the token may publish to it, that this
// version is not published yet (--skip-duplicate), and the registry's own reading of the .vsix.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_PUBLISH_SIZE, isLicenseOk, readManifest, validateManifest } from 'ovsx';
import { readVSIXPackage } from 'ovsx/lib/zip';
import { PROJECT_ROOT, VSIX_PATH, vsixEntries } from './vsix';

/** The @vscode/vsce that ovsx itself uses (it may differ from ours), and its `pack` (createVSIX without the prepublish build). */
const ovsxVsce = createRequire(require.resolve('ovsx'))('@vscode/vsce/out/package') as {
  pack(options: { cwd: string; packagePath: string; dependencies: boolean }): Promise<{ files: Array<{ path: string }> }>;
};

/**
 * The registry's metadata rules for a new extension version, as in
 * eclipse/openvsx server/src/main/java/org/eclipse/openvsx/ExtensionValidator.java
 * (validateExtensionName, validateMetadata): the same patterns and limits.
 */
function registryIssues(m: Record<string, unknown>): string[] {
  const issues: string[] = [];
  const name = /^[\w\-+$~]+$/;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  // Java's Character types CONTROL, FORMAT, UNASSIGNED, PRIVATE_USE, LINE/PARAGRAPH_SEPARATOR.
  const badChar = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\u2028\u2029]/u;
  const text = (field: string, v: string | undefined, limit: number, allowZwj = false) => {
    if (v === undefined) return;
    if (badChar.test(allowZwj ? v.replace(/\u200d/g, '') : v)) issues.push(`invalid character in ${field}`);
    if (v.length > limit) issues.push(`${field} longer than ${limit}`);
  };
  const url = (field: string, v: string | undefined) => {
    if (!v) return;
    text(field, v, 255);
    try {
      const u = new URL(v.replace(/^git\+/, ''));
      if (/^https?:$/.test(u.protocol) && !u.hostname) issues.push(`${field}: no host`);
    } catch {
      issues.push(`${field}: not a URL`);
    }
  };
  for (const [field, v] of [['publisher', m.publisher], ['name', m.name]] as const) {
    if (!str(v) || !name.test(v as string) || (v as string).length > 255) issues.push(`invalid ${field} ${String(v)}`);
  }
  const version = str(m.version) ?? '';
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version) || ['latest', 'pre-release', 'reviews'].includes(version)) {
    issues.push(`invalid version ${version}`);
  }
  text('displayName', str(m.displayName), 255);
  text('description', str(m.description), 2048, true);
  for (const c of (m.categories as string[] | undefined) ?? []) text('categories', c, 255);
  for (const k of (m.keywords as string[] | undefined) ?? []) text('keywords', k, 255);
  text('license', str(m.license), 255);
  url('homepage', str(m.homepage));
  url('repository', str((m.repository as { url?: string } | undefined)?.url ?? m.repository));
  url('bugs', str((m.bugs as { url?: string } | undefined)?.url ?? m.bugs));
  const markdown = str(m.markdown);
  if (markdown && !['github', 'standard'].includes(markdown)) issues.push(`markdown ${markdown}`);
  const banner = (m.galleryBanner ?? {}) as { color?: string; theme?: string };
  text('galleryBanner.color', banner.color, 16);
  if (banner.theme && !['dark', 'light'].includes(banner.theme)) issues.push(`galleryBanner.theme ${banner.theme}`);
  const qna = m.qna;
  if (typeof qna === 'string' && qna !== 'marketplace' && qna !== 'false') url('qna', qna);
  return issues;
}

describe('Open VSX (ovsx) publishing checks, offline', () => {
  it("passes ovsx's manifest and licence check (isLicenseOk, as `ovsx publish` runs it from source)", async () => {
    const manifest = await readManifest(PROJECT_ROOT);
    assert.doesNotThrow(() => validateManifest(manifest));
    // No licence means an interactive prompt (or a refusal in CI) before publishing.
    assert.equal(await isLicenseOk(PROJECT_ROOT, manifest), true);
  });

  it("packages with ovsx's own vsce into the same files as `npm run package`", async function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathors-ovsx-'));
    try {
      const { files } = await ovsxVsce.pack({ cwd: PROJECT_ROOT, packagePath: path.join(dir, 'ovsx.vsix'), dependencies: false });
      const fromOvsx = files.map((f) => f.path.toLowerCase()).sort();
      const fromNpm = [...(await vsixEntries()).keys()].sort();
      assert.deepEqual(fromOvsx, fromNpm);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('publishing the .vsix: ovsx reads its namespace from the packaged manifest', async () => {
    const packaged = await readVSIXPackage(VSIX_PATH);
    const source = await readManifest(PROJECT_ROOT);
    assert.equal(packaged.publisher, source.publisher);
    assert.equal(packaged.name, source.name);
    assert.equal(packaged.version, source.version);
    assert.ok(fs.statSync(VSIX_PATH).size < DEFAULT_PUBLISH_SIZE);
  });

  it("meets the registry's metadata rules (names, version, field lengths, URLs, banner)", async () => {
    const packaged = (await readVSIXPackage(VSIX_PATH)) as unknown as Record<string, unknown>;
    assert.deepEqual(registryIssues(packaged), []);
    // The rules bite: a sample of what the registry refuses.
    assert.deepEqual(
      registryIssues({ ...packaged, name: 'pathors chat', version: 'latest', galleryBanner: { color: '#1e1b4b', theme: 'blue' }, homepage: 'not a url' }),
      ['invalid name pathors chat', 'invalid version latest', 'homepage: not a URL', 'galleryBanner.theme blue'],
    );
  });
});
