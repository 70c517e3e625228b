// A VS Code display language for code-server runs that no language pack from a marketplace
// provides here: a minimal language pack extension, and the registration code-server needs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { binPath } from './paths';

/** What a language pack contributes (`contributes.localizations` of its package.json). */
interface Localization {
  readonly languageId: string;
  readonly languageName?: string;
  readonly localizedLanguageName?: string;
  readonly translations: ReadonlyArray<{ readonly id: string; readonly path: string }>;
}

/** One entry of the `extensions.json` index code-server keeps in its extensions folder. */
interface InstalledExtension {
  readonly identifier: { readonly id: string; readonly uuid?: string };
  readonly version: string;
  readonly relativeLocation: string;
}

/**
 * Packages a language pack for `languageId` into `<dir>/language-pack-<languageId>.vsix` and
 * returns its path. It translates none of VS Code's own strings (they stay English), but it
 * makes `languageId` an available display language, so that `--locale <languageId>` reaches
 * extensions: `vscode.env.language`, `package.nls.<languageId>.json` and the
 * `bundle.l10n.<languageId>.json` of `vscode.l10n`. Without a language pack for it, VS Code
 * resolves the display language to English and extensions see `en`.
 */
export function buildLanguagePack(dir: string, languageId: string, languageName: string): string {
  const root = path.join(dir, `language-pack-${languageId}`);
  fs.mkdirSync(path.join(root, 'translations'), { recursive: true });
  const manifest = {
    name: `test-language-pack-${languageId}`,
    displayName: `Test language pack (${languageId})`,
    description: `Makes ${languageId} a display language for tests; translates nothing of VS Code itself.`,
    publisher: 'pathors-tests',
    version: '0.0.1',
    license: 'MIT',
    engines: { vscode: '^1.90.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        {
          languageId,
          languageName,
          localizedLanguageName: languageName,
          translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
        },
      ] satisfies Localization[],
    },
  };
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(root, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(path.join(root, 'README.md'), `# ${manifest.displayName}\n\n${manifest.description}\n`);
  const vsix = path.join(dir, `language-pack-${languageId}.vsix`);
  const res = spawnSync(
    binPath('vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix],
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  );
  if (res.status !== 0 || !fs.existsSync(vsix)) {
    throw new Error(`Packaging the ${languageId} language pack failed (exit ${res.status ?? res.signal}):\n${res.stdout}${res.stderr}`);
  }
  return vsix;
}

/**
 * Registers the language packs installed in `extensionsDir` the way VS Code's server does when
 * one is installed from the Extensions view: it writes `<userDataDir>/languagepacks.json`, which
 * the server reads to resolve `--locale`. code-server's `--install-extension` installs the
 * extension but leaves that file out (coder/code-server#3372), so the locale would fall back
 * to English. Call it after installing and before starting code-server.
 * @returns the language ids registered
 */
export function registerLanguagePacks(userDataDir: string, extensionsDir: string): string[] {
  const index = path.join(extensionsDir, 'extensions.json');
  const installed = JSON.parse(fs.readFileSync(index, 'utf8')) as InstalledExtension[];
  const packs: Record<string, { hash: string; extensions: unknown[]; translations: Record<string, string>; label?: string }> = {};
  const hashes: Record<string, ReturnType<typeof createHash>> = {};
  for (const ext of installed) {
    const location = path.join(extensionsDir, ext.relativeLocation);
    const manifest = JSON.parse(fs.readFileSync(path.join(location, 'package.json'), 'utf8')) as {
      contributes?: { localizations?: Localization[] };
    };
    for (const loc of manifest.contributes?.localizations ?? []) {
      const pack = (packs[loc.languageId] ??= { hash: '', extensions: [], translations: {}, label: loc.localizedLanguageName ?? loc.languageName });
      pack.extensions.push({ extensionIdentifier: ext.identifier, version: ext.version });
      for (const t of loc.translations) pack.translations[t.id] = path.join(location, t.path);
      // The hash names the folder of the compiled translations; VS Code derives it the same way.
      (hashes[loc.languageId] ??= createHash('md5')).update(ext.identifier.uuid ?? ext.identifier.id).update(ext.version);
    }
  }
  for (const [id, hash] of Object.entries(hashes)) packs[id].hash = hash.digest('hex');
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
  return Object.keys(packs);
}
