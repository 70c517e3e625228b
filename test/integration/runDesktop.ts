// Runs the integration suite in desktop VS Code with @vscode/test-electron (for machines
// that can download VS Code from Microsoft; offline machines use
// test/harness/runIntegration.ts with code-server instead).
//
//   node esbuild.mjs --tests && npx tsx test/integration/runDesktop.ts
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const extensionDevelopmentPath = path.resolve(__dirname, '..', '..');
  const extensionTestsPath = path.join(extensionDevelopmentPath, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(extensionTestsPath)) {
    throw new Error(`${extensionTestsPath} is missing: run "node esbuild.mjs --tests" first`);
  }
  // The suite writes a file into the first workspace folder: give it a scratch one.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pathors-desktop-'));
  try {
    await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
