/**
 * Runs the local Pathors server for trying the extension without an account:
 *
 *   tsx test/server/cli.ts [--port 8787] [--key sk_demo_local] [--project demo-project] [--pace 25] [--quiet]
 *
 * Every chat request gets the built-in demo reply, streamed at the given pace.
 * Stops on Ctrl+C (SIGINT) or SIGTERM.
 */
import { PathorsServer } from './pathorsServer';

interface CliOptions {
  port: number;
  key: string;
  project: string;
  pace: number;
  quiet: boolean;
}

const USAGE = 'Usage: tsx test/server/cli.ts [--port 8787] [--key sk_demo_local] [--project demo-project] [--pace 25] [--quiet]';

function parseArgs(argv: readonly string[]): CliOptions {
  const opts: CliOptions = { port: 8787, key: 'sk_demo_local', project: 'demo-project', pace: 25, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (arg === '--quiet') {
      opts.quiet = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value.`);
    switch (name) {
      case '--port':
        opts.port = toInt(name, value, 0, 65535);
        break;
      case '--pace':
        opts.pace = toInt(name, value, 0, 60_000);
        break;
      case '--key':
        if (!/^\S+$/.test(value)) throw new Error('--key must not be empty or contain spaces.');
        opts.key = value;
        break;
      case '--project':
        if (value === '') throw new Error('--project must not be empty.');
        opts.project = value;
        break;
      default:
        throw new Error(`Unknown option ${arg}.`);
    }
  }
  return opts;
}

function toInt(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}.`);
  return n;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const server = await PathorsServer.start({
    port: opts.port,
    apiKey: opts.key,
    projectId: opts.project,
    paceMs: opts.pace,
    log: opts.quiet ? undefined : (line) => console.log(`${new Date().toISOString()}  ${line}`),
  });
  console.log(
    [
      `Pathors demo server listening on ${server.baseUrl}`,
      '',
      'Point the extension at it:',
      `  Base URL (pathors.baseUrl)  ${server.baseUrl}`,
      `  Project ID                  ${server.projectId}`,
      `  API key                     ${server.apiKey}`,
      '',
      `Endpoint: POST ${server.endpointUrl()}`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping.`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') console.error(`Port in use: pick another with --port. (${e.message})`);
  else console.error(err instanceof Error ? err.message : String(err));
  console.error(USAGE);
  process.exit(1);
});
