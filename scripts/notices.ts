/**
 * Writes ThirdPartyNotices.txt: the licence of every npm package bundled into the shipped
 * bundles. The bundles carry no licence comments (esbuild `legalComments: 'none'`), so this
 * file, packaged with them, does. The package list comes from esbuild's metafiles of the last
 * build (esbuild.mjs writes them to out/meta/), so it follows the bundles as they change;
 * test/packaging/notices.spec.ts fails when the file misses a bundled package.
 *
 *   npx tsx scripts/notices.ts     (builds, then rewrites ThirdPartyNotices.txt)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const NOTICES_FILE = path.join(PROJECT_ROOT, 'ThirdPartyNotices.txt');

/** The bundles the .vsix ships, as esbuild.mjs names their `outfile`. */
export const SHIPPED_BUNDLES = ['dist/extension.js', 'dist/webview/main.js'] as const;

/** Where esbuild.mjs writes the metafile of the build whose outfile is `bundle`. */
export function metafilePath(bundle: string, root = PROJECT_ROOT): string {
  return path.join(root, 'out', 'meta', `${bundle}.json`);
}

/** One npm package some of whose files went into a shipped bundle. */
export interface BundledPackage {
  readonly name: string;
  readonly version: string;
  /** The SPDX expression of its package.json. */
  readonly license: string;
  readonly repository?: string;
  /** Shipped bundles it went into. */
  readonly bundles: readonly string[];
  /** Its licence file, or the text from {@link LICENCE_WITHOUT_FILE}. */
  readonly licenseText: string;
}

/**
 * Licence texts of packages that ship no licence file, by their repository. Each is the
 * LICENSE file of that repository. A new package without a licence file and without an
 * entry here stops the script, so someone looks at it.
 */
const LICENCE_WITHOUT_FILE: Readonly<Record<string, string>> = {
  // @microsoft/fast-element, fast-foundation, fast-web-utilities: https://github.com/microsoft/fast/blob/master/LICENSE
  'github.com/microsoft/fast': `FAST - https://www.fast.design/

MIT License

Copyright (c) Microsoft Corporation. All rights reserved.

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE`,
};

interface Metafile {
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** Reads the metafile of a shipped bundle; throws when there is none or it describes another output. */
export function readMetafile(bundle: string, root = PROJECT_ROOT): Metafile {
  const file = metafilePath(bundle, root);
  if (!fs.existsSync(file)) throw new Error(`No esbuild metafile ${path.relative(root, file)}: build first (node esbuild.mjs)`);
  const meta = JSON.parse(fs.readFileSync(file, 'utf8')) as Metafile;
  if (!(bundle in meta.outputs)) throw new Error(`${path.relative(root, file)} does not describe ${bundle}`);
  return meta;
}

/** `node_modules/@scope/name/lib/x.js` → `node_modules/@scope/name` (the innermost package). */
export function packageDirOf(input: string): string | undefined {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const length = parts[at + 1].startsWith('@') ? 3 : 2;
  return parts.slice(0, at + length).join('/');
}

function repositoryOf(pkg: { repository?: string | { url?: string } }): string | undefined {
  const raw = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (!raw) return undefined;
  return raw.replace(/^git\+/, '').replace(/^git:\/\//, 'https://').replace(/\.git$/, '');
}

function licenceText(dir: string, repository: string | undefined): string {
  // LICENSE before LICENSE-MPL, LICENSE.txt or LICENSE-MIT.txt: the shortest matching name.
  const files = fs.readdirSync(dir).filter((f) => /^(licen[cs]e|copying)([-._].*)?$/i.test(f)).sort((a, b) => a.length - b.length || a.localeCompare(b));
  if (files.length > 0) return fs.readFileSync(path.join(dir, files[0]), 'utf8');
  const key = repository?.replace(/^https?:\/\//, '').toLowerCase();
  const known = key ? LICENCE_WITHOUT_FILE[key] : undefined;
  if (known) return known;
  throw new Error(`${dir} has no licence file: add its licence text to LICENCE_WITHOUT_FILE in scripts/notices.ts`);
}

/** The npm packages in the shipped bundles, by name and version, from the metafiles. */
export function bundledPackages(root = PROJECT_ROOT): BundledPackage[] {
  const found = new Map<string, { dir: string; bundles: Set<string> }>();
  for (const bundle of SHIPPED_BUNDLES) {
    for (const input of Object.keys(readMetafile(bundle, root).inputs)) {
      const rel = packageDirOf(input);
      if (!rel) continue;
      const dir = path.resolve(root, rel);
      const { name, version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
      const entry = found.get(`${name}@${version}`) ?? { dir, bundles: new Set<string>() };
      entry.bundles.add(bundle);
      found.set(`${name}@${version}`, entry);
    }
  }
  const packages = [...found.values()].map(({ dir, bundles }): BundledPackage => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      name: string; version: string; license?: string; repository?: string | { url?: string };
    };
    const repository = repositoryOf(pkg);
    return {
      name: pkg.name,
      version: pkg.version,
      license: pkg.license ?? 'SEE LICENSE TEXT',
      repository,
      bundles: [...bundles].sort(),
      licenseText: licenceText(dir, repository),
    };
  });
  return packages.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version, undefined, { numeric: true }));
}

/** The heading of a package's section, also what the tests look for. */
export function packageHeading(p: Pick<BundledPackage, 'name' | 'version'>): string {
  return `${p.name} ${p.version}`;
}

const RULE = '='.repeat(78);

/** The text of ThirdPartyNotices.txt for these packages. */
export function renderNotices(packages: readonly BundledPackage[]): string {
  const out = [
    'Pathors Chat: third-party notices',
    '',
    `Pathors Chat ships the npm packages below, bundled into ${SHIPPED_BUNDLES.join(' and ')}.`,
    'Their copyright notices and licences follow. Pathors Chat itself is under the MIT licence (LICENSE).',
    '',
    ...packages.map((p) => `- ${packageHeading(p)}: ${p.license}`),
    '',
  ];
  for (const p of packages) {
    out.push(
      RULE,
      packageHeading(p),
      `License: ${p.license}`,
      ...(p.repository ? [`Source: ${p.repository}`] : []),
      `Bundled into: ${p.bundles.join(', ')}`,
      RULE,
      '',
      p.licenseText.replace(/\r\n/g, '\n').trimEnd(),
      '',
    );
  }
  return out.join('\n');
}

function main(): void {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('node esbuild.mjs failed');
  const packages = bundledPackages();
  fs.writeFileSync(NOTICES_FILE, renderNotices(packages));
  console.log(`Wrote ${path.relative(PROJECT_ROOT, NOTICES_FILE)}: ${packages.length} packages, ${fs.statSync(NOTICES_FILE).size} bytes`);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
