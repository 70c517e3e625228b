/**
 * `npm run demo`: the no-account demo. Starts the local Pathors-compatible server and a real
 * VS Code (code-server) with the packaged extension installed and pointed at it, prints the
 * URL to open, and stops everything on Ctrl+C.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PathorsServer } from '../test/server/pathorsServer';
import { startCodeServer } from '../test/harness/codeServer';
import { CACHE_DIR, INSTALL_SCRIPT, PROJECT_ROOT, VSIX_PATH, createWorkspace } from '../test/harness/paths';

const CODE_SERVER_PORT = Number(process.env.PATHORS_DEMO_PORT ?? 8080);
const API_PORT = Number(process.env.PATHORS_DEMO_API_PORT ?? 8787);
const API_KEY = 'sk_demo_local';

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

async function main(): Promise<void> {
  run('bash', [INSTALL_SCRIPT]);
  run('npm', ['run', 'package']);

  const api = await PathorsServer.start({ port: API_PORT, apiKey: API_KEY, projectId: 'demo-project', paceMs: 25 });
  const runDir = path.join(CACHE_DIR, 'demo');
  fs.rmSync(path.join(runDir, 'extensions'), { recursive: true, force: true });
  const workspace = createWorkspace(path.join(runDir, 'workspace'), {
    'hello.ts': "export function greet(name: string): string {\n  if (name == '') return 'Hello!';\n  return `Hello, ${name}!`;\n}\n",
    'README.md': [
      '# Pathors demo workspace',
      '',
      'Select code in hello.ts and run "Ask Pathors about Selection".',
      '',
      'To try Apply: select all of hello.ts, ask "fix this" (or "rename greet to welcome"), then press',
      'Apply on the reply\'s code block, review the diff, and accept or reject it.',
      '',
      'Ask teh agent to use its tools: "What does package.json say?", "Fix the typo in README", "Run the tests".',
      '',
    ].join('\n'),
    'package.json': `${JSON.stringify({ name: 'pathors-demo', private: true, scripts: { test: 'node --test' } }, null, 2)}\n`,
    'hello.test.js': "const test = require('node:test');\nconst assert = require('node:assert');\n\ntest('adds', () => assert.equal(1 + 1, 2));\n",
  });
  const vscode = await startCodeServer({
    port: CODE_SERVER_PORT,
    runDir,
    workspace,
    installVsix: VSIX_PATH,
    testDriver: false,
    settings: { 'pathors.baseUrl': api.baseUrl, 'pathors.projectId': api.projectId },
  });

  console.log(`
Pathors Chat demo is running.

  Open        ${vscode.url}/?folder=${encodeURIComponent(workspace)}
  API key     ${API_KEY}   (paste it when the extension asks, or run "Pathors: Set API Key")
  Local API   ${api.endpointUrl()}

  Try Apply   select all of hello.ts, run "Ask Pathors about Selection" with "fix this",
              then press Apply on the reply's code block.

Press Ctrl+C to stop.`);

  const stop = async () => {
    await vscode.stop();
    await api.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
