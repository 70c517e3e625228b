// Starts and stops an isolated code-server (VS Code in the browser) for one test run.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { registerLanguagePacks } from './languagePack';
import { CODE_SERVER_ENTRY, CODE_SERVER_INSTALLED_MARKER, NODE24_BIN } from './paths';

/** Options of {@link startCodeServer}. */
export interface CodeServerOptions {
  /** Port on 127.0.0.1; a free one is picked when omitted. */
  readonly port?: number;
  /** Scratch folder of this run: HOME, temp dir, profile, extensions and the log go here. */
  readonly runDir: string;
  /** Folder opened by default. */
  readonly workspace: string;
  /** User settings merged over {@link DEFAULT_USER_SETTINGS}. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** More code-server arguments. */
  readonly extraArgs?: readonly string[];
  /** A .vsix (or several) installed into the (fresh) extensions folder before starting. */
  readonly installVsix?: string | readonly string[];
  /**
   * Display language (`--locale`). A language pack for it must be among `installVsix` (see
   * test/harness/languagePack.ts); it is registered before starting.
   */
  readonly locale?: string;
  /**
   * Start with the smoke-test driver (default true): needed for the `payload` URL parameter
   * (extension tests) and `codeAutomationExit`; it also hides notification toasts, so turn it
   * off for a window meant for people.
   */
  readonly testDriver?: boolean;
}

/** A running code-server. */
export interface CodeServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** `127.0.0.1:<port>`, the authority of `vscode-remote://` URIs for this server. */
  readonly authority: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** code-server's stdout and stderr. */
  readonly logFile: string;
  /** Kills code-server and everything it started (extension hosts, watchers). Idempotent. */
  stop(): Promise<void>;
}

/**
 * User settings of the test profile: no welcome page, updates, telemetry, trust prompts
 * or AI side panel, and an activity-bar click that always opens (never hides) a view.
 */
export const DEFAULT_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.activityBar.iconClickBehavior': 'focus',
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': 'off',
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

const BASE_ARGS = [
  '--auth', 'none',
  '--disable-telemetry',
  '--disable-update-check',
  '--disable-workspace-trust',
  '--disable-getting-started-override',
];

/**
 * Lets the built workbench honour the `payload` URL parameter (extensionDevelopmentPath,
 * extensionTestsPath) and call window.codeAutomationExit/Log. Side effect: notification
 * toasts are not shown (read the notification centre instead).
 */
const TEST_DRIVER_ARGS = ['--vscode-option', 'enable-smoke-test-driver'];

/** Process groups still running, killed if this process exits without stopping them. */
const liveGroups = new Set<number>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
    liveGroups.clear();
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      // Nobody else handles the signal: die of it, as the process would have without this hook.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

function groupAlive(pgid: number): boolean {
  return killGroup(pgid, 0);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The environment code-server runs in: HOME, XDG folders and the temp dir inside the
 * run folder (code-server writes config, sockets and caches there), Node 24 first in PATH,
 * and nothing that would hand the launch over to another VS Code (VSCODE_IPC_HOOK_CLI)
 * or load a loader into it (NODE_OPTIONS from tsx or a debugger).
 */
export function isolatedEnv(runDir: string): NodeJS.ProcessEnv {
  const home = path.join(runDir, 'home');
  const tmp = path.join(runDir, 'tmp');
  for (const d of [home, tmp]) fs.mkdirSync(d, { recursive: true });
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VSCODE_') || k.startsWith('ELECTRON_') || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return {
    ...env,
    HOME: home,
    TMPDIR: tmp,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: tmp,
    NODE_COMPILE_CACHE: path.join(tmp, 'node-compile-cache'),
    PATH: `${path.dirname(NODE24_BIN)}${path.delimiter}${process.env.PATH ?? ''}`,
  };
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function assertInstalled(): void {
  if (!fs.existsSync(CODE_SERVER_INSTALLED_MARKER) || !fs.existsSync(NODE24_BIN)) {
    throw new Error(`code-server is not installed in ${path.dirname(CODE_SERVER_INSTALLED_MARKER)}: run test/harness/install.sh first`);
  }
}

/** Installs a .vsix into `extensionsDir` with code-server's CLI. */
function installExtension(vsix: string, userDataDir: string, extensionsDir: string, env: NodeJS.ProcessEnv): void {
  if (!fs.existsSync(vsix)) throw new Error(`No extension package at ${vsix}`);
  const res = spawnSync(
    NODE24_BIN,
    [CODE_SERVER_ENTRY, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { env, encoding: 'utf8', timeout: 180_000 },
  );
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`;
  if (res.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`Installing ${vsix} failed (exit ${res.status ?? res.signal}):\n${output}`);
  }
}

async function waitHealthy(url: string, child: { exitCode: number | null }, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with code ${child.exitCode} before it was ready. Log ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms. Log ${logFile}:\n${tail(logFile)}`);
}

/**
 * Starts code-server in its own process group with a fresh profile inside `runDir` and waits
 * until it answers `/healthz`.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  assertInstalled();
  installExitHooks();
  const runDir = path.resolve(options.runDir);
  const port = options.port ?? (await freePort());
  const authority = `127.0.0.1:${port}`;
  const url = `http://${authority}`;
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const logDir = path.join(runDir, 'logs');
  const logFile = path.join(logDir, `code-server-${port}.log`);
  for (const d of [path.join(userDataDir, 'User'), extensionsDir, logDir]) fs.mkdirSync(d, { recursive: true });

  const settings = { ...DEFAULT_USER_SETTINGS, ...options.settings };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // An explicit config file keeps code-server from generating one with a password in HOME.
  const configFile = path.join(runDir, 'code-server.yaml');
  fs.writeFileSync(configFile, `bind-addr: ${authority}\nauth: none\ncert: false\n`);

  const env = isolatedEnv(runDir);
  for (const vsix of [options.installVsix ?? []].flat()) installExtension(path.resolve(vsix), userDataDir, extensionsDir, env);
  if (options.locale && !registerLanguagePacks(userDataDir, extensionsDir).includes(options.locale)) {
    throw new Error(`No language pack for locale ${options.locale} among the installed extensions`);
  }

  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    NODE24_BIN,
    [
      CODE_SERVER_ENTRY,
      '--config', configFile,
      '--bind-addr', authority,
      ...BASE_ARGS,
      ...(options.testDriver === false ? [] : TEST_DRIVER_ARGS),
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      ...(options.locale ? ['--locale', options.locale] : []),
      ...(options.extraArgs ?? []),
      path.resolve(options.workspace),
    ],
    // detached: the child leads a new process group (setsid), so stop() can kill the
    // extension hosts too; they would otherwise wait hours for the browser to reconnect.
    { detached: true, stdio: ['ignore', log, log], env, cwd: runDir },
  );
  fs.closeSync(log);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`Could not start ${NODE24_BIN}`);
  liveGroups.add(pgid);
  child.unref();

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      killGroup(pgid, 'SIGTERM');
      for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
      killGroup(pgid, 'SIGKILL');
      liveGroups.delete(pgid);
    })();
    return stopped;
  };

  try {
    await waitHealthy(url, child, logFile, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, authority, userDataDir, extensionsDir, logFile, stop };
}
