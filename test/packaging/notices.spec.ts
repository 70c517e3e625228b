// ThirdPartyNotices.txt against the bundles: every npm package esbuild put into a shipped
// bundle (its metafile, written by esbuild.mjs) must be there with its licence text.
// After a dependency change: npm run notices.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  bundledPackages,
  metafilePath,
  NOTICES_FILE,
  packageDirOf,
  packageHeading,
  readMetafile,
  renderNotices,
  SHIPPED_BUNDLES,
  type BundledPackage,
} from '../../scripts/notices';
import { vsixEntries } from './vsix';

describe('Third-party notices', () => {
  let packages: BundledPackage[];
  let notices: string;

  before(() => {
    packages = bundledPackages();
    notices = fs.readFileSync(NOTICES_FILE, 'utf8');
  });

  it('the metafiles cover every script bundle the .vsix ships', async () => {
    const shipped = [...(await vsixEntries()).keys()]
      .filter((name) => /^extension\/dist\/.*\.js$/.test(name))
      .map((name) => name.slice('extension/'.length))
      .sort();
    assert.deepEqual(shipped, [...SHIPPED_BUNDLES].sort(), 'a shipped bundle without notices coverage: add it to SHIPPED_BUNDLES in scripts/notices.ts');
    for (const bundle of SHIPPED_BUNDLES) assert.ok(readMetafile(bundle).outputs[bundle], metafilePath(bundle));
  });

  it('finds the packages in the bundles, scoped and nested ones included', () => {
    assert.equal(packageDirOf('node_modules/@scope/name/lib/x.js'), 'node_modules/@scope/name');
    assert.equal(packageDirOf('node_modules/a/node_modules/b/index.js'), 'node_modules/a/node_modules/b');
    assert.equal(packageDirOf('src/extension.ts'), undefined);
    const names = new Set(packages.map((p) => p.name));
    // One from each bundle, known to be there: the SSE parser (host) and markdown-it (panel).
    assert.ok(names.has('eventsource-parser') && names.has('markdown-it'), [...names].join(', '));
  });

  it('lists every bundled package with its licence text', () => {
    const missing = packages
      .filter((p) => !notices.includes(`\n${packageHeading(p)}\n`) || !notices.includes(p.licenseText.replace(/\r\n/g, '\n').trimEnd()))
      .map(packageHeading);
    assert.deepEqual(missing, [], 'missing from ThirdPartyNotices.txt: run npm run notices');
  });

  it('is exactly what scripts/notices.ts writes for the current bundles', () => {
    assert.equal(notices, renderNotices(packages), 'ThirdPartyNotices.txt is out of date: run npm run notices');
  });
});
