// What the packaging checks read: the .vsix built by `npm run package` and the rules for its contents.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { PROJECT_ROOT, VSIX_PATH } from '../harness/paths';

export { PROJECT_ROOT, VSIX_PATH };

/**
 * Everything the extension needs at run time, and nothing else: the manifest and its
 * translations, the two bundles and the panel's CSS, the icons, and the documents the
 * Marketplace shows (README, CHANGELOG, LICENSE, third-party notices). Paths as `vsce ls`
 * prints them; adding a file to the package means adding it here on purpose.
 */
export const ALLOWED_FILES: readonly RegExp[] = [
  /^package\.json$/,
  /^package\.nls(\.[a-z]{2}(-[a-z]{2,4})?)?\.json$/i,
  /^l10n\/bundle\.l10n\.[a-z]{2}(-[a-z]{2,4})?\.json$/i,
  /^dist\/extension\.js$/,
  /^dist\/webview\/main\.(js|css)$/,
  /^media\/icon\.png$/,
  /^media\/pathors\.svg$/,
  // Walkthrough steps: their Markdown and images.
  /^media\/walkthrough\/[\w.-]+\.(md|png|svg)$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE(\.txt)?$/,
  /^ThirdPartyNotices\.txt$/,
];

/** Files the package must have. */
export const REQUIRED_FILES: readonly string[] = [
  'package.json',
  'package.nls.json',
  'dist/extension.js',
  'dist/webview/main.js',
  'dist/webview/main.css',
  'media/icon.png',
  'README.md',
  'CHANGELOG.md',
  'ThirdPartyNotices.txt',
];

/** What must never ship, whatever the allow-list says: sources, tests, maps, caches, screenshots. */
export const FORBIDDEN_FILES: readonly RegExp[] = [
  /\.ts$/, /\.map$/, /\.tsbuildinfo$/, /(^|\/)\.[^/]+/, // dot files and folders (.vscode-test, .ci, .git…)
  /^(src|webview|test|scripts|bench|out|node_modules|test-results)\//,
  /^media\/screenshots\//, /\.vsix$/, /\.log$/,
];

export const isAllowed = (file: string): boolean => ALLOWED_FILES.some((re) => re.test(file));
export const isForbidden = (file: string): boolean => FORBIDDEN_FILES.some((re) => re.test(file));

/** The 1 MB budget of the package (a .vsix is a zip, so this is the compressed size). */
export const MAX_VSIX_BYTES = 1024 * 1024;

// vsce's own zip reader (yauzl underneath); the package ships no types for it.
const { readZip } = createRequire(require.resolve('@vscode/vsce'))('./zip') as {
  readZip(file: string, filter: (name: string) => boolean): Promise<Map<string, Buffer>>;
};

let entries: Promise<Map<string, Buffer>> | undefined;

/** The entries of the .vsix (names lower-cased by vsce's reader, e.g. `extension/readme.md`). */
export function vsixEntries(): Promise<Map<string, Buffer>> {
  if (!fs.existsSync(VSIX_PATH)) throw new Error(`${VSIX_PATH} is missing: run npm run package first`);
  entries ??= readZip(VSIX_PATH, () => true);
  return entries;
}

/** One file of the extension inside the .vsix, by its path in the extension folder. */
export async function vsixFile(file: string): Promise<Buffer> {
  const data = (await vsixEntries()).get(`extension/${file}`.toLowerCase());
  if (!data) throw new Error(`extension/${file} is not in the .vsix`);
  return data;
}

/** The manifest as packaged. */
export async function packagedManifest(): Promise<Record<string, unknown>> {
  return JSON.parse((await vsixFile('package.json')).toString('utf8')) as Record<string, unknown>;
}

/** Width and height from a PNG's IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
