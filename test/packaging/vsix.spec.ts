// The packaged extension as the Marketplace gets it: what `vsce ls` would ship, what the
// .vsix holds, its size, and the listing fields of its manifest. Runs after `npm run package`
// (see the "test" script):
//
//   npm run package && npm run test:package
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listFiles, PackageManager } from '@vscode/vsce';
import {
  ALLOWED_FILES,
  isAllowed,
  isForbidden,
  MAX_VSIX_BYTES,
  packagedManifest,
  pngSize,
  PROJECT_ROOT,
  REQUIRED_FILES,
  VSIX_PATH,
  vsixEntries,
  vsixFile,
} from './vsix';

/** vsce stores LICENSE as LICENSE.txt and lower-cases README and CHANGELOG; compare lower-cased. */
const inVsix = (file: string) => `extension/${file === 'LICENSE' ? 'LICENSE.txt' : file}`.toLowerCase();

/** WCAG contrast ratio of two `#rrggbb` colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('The packaged extension (.vsix)', () => {
  let manifest: Record<string, unknown>;
  /** What `vsce ls --no-dependencies` prints. */
  let files: string[];

  before(async function () {
    this.timeout(60_000);
    manifest = await packagedManifest();
    files = await listFiles({ cwd: PROJECT_ROOT, packageManager: PackageManager.None });
  });

  it('`vsce ls --no-dependencies` lists only allowed files, and every required one', () => {
    assert.deepEqual(files.filter((f) => !isAllowed(f)), [], `not in the allow-list (${ALLOWED_FILES.length} patterns in test/packaging/vsix.ts)`);
    assert.deepEqual(files.filter(isForbidden), []);
    assert.deepEqual(REQUIRED_FILES.filter((f) => !files.includes(f)), [], 'required files missing');
  });

  it('holds exactly what `vsce ls` lists: no sources, tests, maps, caches or screenshots', async () => {
    const listed = files.map(inVsix).sort();
    const packaged = [...(await vsixEntries()).keys()].filter((name) => name.startsWith('extension/')).sort();
    assert.deepEqual(packaged, listed);
    const inside = packaged.map((name) => name.slice('extension/'.length));
    assert.deepEqual(inside.filter(isForbidden), []);
    assert.ok(!inside.some((f) => f.startsWith('media/screenshots/')), 'screenshots are for the README, not the package');
  });

  it(`stays under ${MAX_VSIX_BYTES / 1024} KB`, () => {
    const bytes = fs.statSync(VSIX_PATH).size;
    assert.ok(bytes < MAX_VSIX_BYTES, `${VSIX_PATH} is ${(bytes / 1024).toFixed(0)} KB`);
  });

  it('has a 128×128 PNG icon', async () => {
    assert.equal(manifest.icon, 'media/icon.png');
    assert.deepEqual(pngSize(await vsixFile('media/icon.png')), { width: 128, height: 128 });
  });

  it('has a gallery banner whose text is readable on its colour', () => {
    const banner = manifest.galleryBanner as { color?: string; theme?: string } | undefined;
    assert.match(banner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(banner?.theme === 'dark' || banner?.theme === 'light', `theme ${banner?.theme}`);
    // The Marketplace writes white text on a dark banner, black on a light one.
    const text = banner.theme === 'dark' ? '#ffffff' : '#000000';
    assert.ok(contrast(banner.color!, text) >= 4.5, `contrast ${contrast(banner.color!, text).toFixed(1)}:1`);
  });

  it('has the listing fields: name, description, categories, keywords, licence, repository', () => {
    for (const field of ['name', 'displayName', 'description', 'publisher', 'version', 'license']) {
      assert.equal(typeof manifest[field], 'string', field);
      assert.notEqual((manifest[field] as string).trim(), '', field);
    }
    const categories = manifest.categories as string[];
    assert.ok(Array.isArray(categories) && categories.length > 0, 'categories');
    const keywords = manifest.keywords as string[];
    // The Marketplace takes at most 30 keywords.
    assert.ok(Array.isArray(keywords) && keywords.length > 0 && keywords.length <= 30, `keywords: ${keywords?.length}`);
    const repository = manifest.repository as { type?: string; url?: string } | undefined;
    assert.match(repository?.url ?? '', /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+(\.git)?$/);
    assert.match((manifest.bugs as { url?: string } | undefined)?.url ?? '', /^https:\/\//);
    assert.match(String(manifest.homepage), /^https:\/\//);
    assert.match((manifest.engines as { vscode?: string }).vscode ?? '', /^\^\d+\.\d+\.\d+$/);
  });

  it('never activates on startup for everyone (`*`)', () => {
    const events = (manifest.activationEvents as string[] | undefined) ?? [];
    assert.ok(!events.includes('*'), `activationEvents: ${JSON.stringify(events)}`);
  });

  it('ships the README with images linked to the repository, and those images exist there', async () => {
    const readme = (await vsixFile('README.md')).toString('utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)|<img[^>]+src="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    assert.ok(images.length > 0, 'the README shows no screenshots');
    const repo = (manifest.repository as { url: string }).url.replace(/\.git$/, '');
    for (const url of images) {
      // vsce makes relative links absolute: <repository>/raw/HEAD/<path>.
      const prefix = `${repo}/raw/HEAD/`;
      assert.ok(url.startsWith(prefix), `image ${url} is not in ${repo}`);
      const file = path.join(PROJECT_ROOT, decodeURIComponent(url.slice(prefix.length)));
      assert.ok(fs.existsSync(file), `image ${url}: no ${path.relative(PROJECT_ROOT, file)}`);
    }
  });

  it('ships LICENSE and ThirdPartyNotices.txt as they are in the repository', async () => {
    for (const file of ['LICENSE', 'ThirdPartyNotices.txt']) {
      const packaged = (await vsixEntries()).get(inVsix(file));
      assert.ok(packaged, `${file} is not in the .vsix`);
      assert.equal(packaged.toString('utf8'), fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8'), file);
    }
  });
});
