/** Every user-visible string exists in English and Traditional Chinese. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const readJson = (rel: string) => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8')) as Record<string, string>;

/** The message strings passed to `l10n.t(...)` / `t(...)` in the host sources. */
function sourceStrings(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const src = fs.readFileSync(p, 'utf8');
        for (const m of src.matchAll(/\b(?:l10n\.)?t\(\s*(['"])((?:\\.|(?!\1).)*)\1/g)) {
          found.add(m[2].replace(/\\(['"\\])/g, '$1'));
        }
      }
    }
  };
  walk(path.join(root, 'src'));
  return found;
}

describe('l10n', () => {
  it('has a zh-TW translation for every string the host shows', () => {
    const zh = readJson('l10n/bundle.l10n.zh-tw.json');
    const strings = sourceStrings();
    assert.ok(strings.size > 30, `found only ${strings.size} strings: the extraction is broken`);
    const missing = [...strings].filter((s) => !(s in zh) || zh[s].trim() === '');
    assert.deepEqual(missing, []);
    for (const [en, tw] of Object.entries(zh)) {
      const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
      assert.deepEqual(placeholders(tw), placeholders(en), `placeholders differ for "${en}"`);
    }
  });

  it('has every contribution string in package.nls.json and package.nls.zh-tw.json', () => {
    const pkg = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const keys = [...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length >= 10);
    const en = readJson('package.nls.json');
    const zh = readJson('package.nls.zh-tw.json');
    assert.deepEqual(keys.filter((k) => !en[k]), [], 'missing in package.nls.json');
    assert.deepEqual(keys.filter((k) => !zh[k]), [], 'missing in package.nls.zh-tw.json');
  });
});
