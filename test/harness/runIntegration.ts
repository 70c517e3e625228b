// Runs the integration suite (test/integration) inside the real extension host of a
// code-server, the way @vscode/test-electron does on desktop: the extension is loaded
// from the source tree as a development extension and mocha runs in its extension host.
//
//   npx tsx test/harness/runIntegration.ts [--no-build] [--timeout <ms>]
//                                          [--extension-path <dir>] [--tests-path <file.js>]
//
// Exit code: 0 passed, 1 tests failed, 2 the run itself failed (start-up, timeout).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { format } from 'node:util';
import { firstPage, launchBrowser, screenshot, workbenchUrl } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { createWorkspace, INTEGRATION_BUNDLE, makeRunDir, PROJECT_ROOT, removeRunDir } from './paths';

/** Console output of the workbench and extension host that is expected offline. */
const NOISE = [
  /authentication provider/i,
  /open-vsx|marketplace|gallery/i,
  /ENOTFOUND|EAI_AGAIN|getaddrinfo/,
  /Failed to load resource/,
  /Creating a socket|connection token|grace time|grace-time/i,
  /AccountPolicyGate|Service Worker|builtin extensions cache|AgentHost/,
  /\[(?:IPC|Extension Host)\] .*(?:handshake|reconnect)/i,
];

interface Args {
  build: boolean;
  timeoutMs: number;
  extensionPath: string;
  testsPath: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    build: true,
    timeoutMs: Number(process.env.PATHORS_INTEGRATION_TIMEOUT_MS ?? 300_000),
    extensionPath: PROJECT_ROOT,
    testsPath: INTEGRATION_BUNDLE,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    switch (argv[i]) {
      case '--no-build': args.build = false; break;
      case '--timeout': args.timeoutMs = Number(value()); break;
      case '--extension-path': args.extensionPath = path.resolve(value()); break;
      case '--tests-path': args.testsPath = path.resolve(value()); break;
      default: throw new Error(`Unknown argument ${argv[i]}`);
    }
  }
  return args;
}

/** Bundles the extension and the suite (`node esbuild.mjs --tests`). */
function build(): void {
  const res = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`node esbuild.mjs --tests failed (exit ${res.status ?? res.signal})`);
}

function printLog(type: string, args: unknown[]): void {
  const text = format(...args).replace(/\s+$/, '');
  if (NOISE.some((re) => re.test(text))) return;
  // mocha's reporter writes through console.log: print those lines as they are.
  if (type === 'log' || type === 'info') console.log(text);
  else console.log(`[extension host ${type}] ${text}`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  if (args.build) build();

  const runDir = makeRunDir('integration');
  const workspace = createWorkspace(path.join(runDir, 'workspace'), {
    'README.md': '# Integration test workspace\n',
  });
  let server: CodeServer | undefined;
  let passed = false;
  try {
    server = await startCodeServer({ runDir, workspace });
    const remote = (p: string) => `vscode-remote://${server?.authority}${p}`;
    const context = await launchBrowser(runDir);
    try {
      const page = await firstPage(context);
      let exit!: (code: number) => void;
      const exited = new Promise<number>((resolve) => (exit = resolve));
      await page.exposeFunction('codeAutomationLog', (type: string, logArgs: unknown[]) => printLog(type, logArgs));
      await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
      page.on('crash', () => exit(-1));

      const shown = args.testsPath.startsWith(PROJECT_ROOT + path.sep) ? path.relative(PROJECT_ROOT, args.testsPath) : args.testsPath;
      console.log(`Running ${shown} in code-server ${server.url} (extension ${args.extensionPath})`);
      await page.goto(workbenchUrl(server.url, workspace, [
        ['extensionDevelopmentPath', remote(args.extensionPath)],
        ['extensionTestsPath', remote(args.testsPath)],
        ['skipWelcome', 'true'],
      ]));

      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), args.timeoutMs)));
      const code = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 'timeout') {
        const shot = await screenshot(page, 'integration-timeout').catch(() => undefined);
        console.error(`Integration tests did not finish within ${args.timeoutMs} ms${shot ? ` (screenshot ${shot})` : ''}.`);
        console.error(`code-server log: ${server.logFile}`);
        return 2;
      }
      passed = code === 0;
      console.log(`Integration tests ${passed ? 'passed' : `failed (exit code ${code})`} in ${seconds} s.`);
      if (!passed) console.error(`code-server log: ${server.logFile}`);
      return passed ? 0 : 1;
    } finally {
      await context.close().catch(() => undefined);
    }
  } finally {
    await server?.stop();
    if (passed) removeRunDir(runDir);
    else console.error(`Run folder kept for inspection: ${runDir}`);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exit(2);
  },
);
