// Runs every test that needs a real VS Code: installs code-server if needed, then the
// integration suite (mocha inside the extension host) and the end-to-end suite (the packaged
// extension driven in Chromium). `npm test` calls this after the unit tests and packaging.
//
//   npx tsx test/harness/runVsCodeTests.ts [integration] [e2e]    (default: both)
//
// Exits non-zero when installing or any suite fails, after printing a summary.
import { spawn, spawnSync } from 'node:child_process';
import { binPath, INSTALL_SCRIPT, PROJECT_ROOT } from './paths';

interface StepResult {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
  readonly detail: string;
}

const ANSI = new RegExp(String.raw`\u001b\[[0-9;]*m`, 'g');

/** Runs a command with inherited stdin, echoing its output while keeping a copy. */
function run(command: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: ['inherit', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (data: Buffer) => {
      output += data.toString();
      process.stdout.write(data);
    });
    child.stderr.on('data', (data: Buffer) => {
      output += data.toString();
      process.stderr.write(data);
    });
    child.on('error', (err) => {
      output += String(err);
      resolve({ code: 127, output });
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** "N passed, M failed, K pending" from mocha's spec reporter output. */
function counts(output: string): string {
  const text = output.replace(ANSI, '');
  const count = (word: string) => Number(new RegExp(String.raw`(\d+) ${word}`).exec(text)?.[1] ?? 0);
  const [passed, failed, pending] = [count('passing'), count('failing'), count('pending')];
  if (passed + failed + pending === 0) return 'no test results';
  return `${passed} passed, ${failed} failed${pending ? `, ${pending} pending` : ''}`;
}

async function step(name: string, body: () => Promise<{ ok: boolean; detail: string }>): Promise<StepResult> {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const { ok, detail } = await body();
  return { name, ok, detail, seconds: (Date.now() - started) / 1000 };
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  for (const w of wanted) {
    if (w !== 'integration' && w !== 'e2e') throw new Error(`Unknown suite "${w}" (use integration, e2e or nothing for both)`);
  }
  const runs = (suite: string) => wanted.length === 0 || wanted.includes(suite);
  const started = Date.now();
  const results: StepResult[] = [];

  results.push(
    await step('install code-server', async () => {
      const res = spawnSync('bash', [INSTALL_SCRIPT], { cwd: PROJECT_ROOT, stdio: 'inherit' });
      return { ok: res.status === 0, detail: res.status === 0 ? 'ready' : `install.sh failed (exit ${res.status ?? res.signal})` };
    }),
  );

  if (results[0].ok) {
    if (runs('integration')) {
      results.push(
        await step('integration (extension host)', async () => {
          const { code, output } = await run(binPath('tsx'), ['test/harness/runIntegration.ts']);
          return { ok: code === 0, detail: code === 2 ? `run failed: ${counts(output)}` : counts(output) };
        }),
      );
    }
    if (runs('e2e')) {
      results.push(
        await step('e2e (packaged extension in Chromium)', async () => {
          const { code, output } = await run(binPath('mocha'), ['--import=tsx', '--timeout', '120000', 'test/e2e/*.e2e.ts']);
          return { ok: code === 0, detail: counts(output) };
        }),
      );
    }
  }

  const total = (Date.now() - started) / 1000;
  const width = Math.max(...results.map((r) => r.name.length));
  console.log('\nVS Code tests');
  for (const r of results) {
    console.log(`  ${r.ok ? 'ok  ' : 'FAIL'}  ${r.name.padEnd(width)}  ${r.detail.padEnd(28)}  ${r.seconds.toFixed(1).padStart(6)} s`);
  }
  const ok = results.every((r) => r.ok);
  console.log(`  ${ok ? 'all passed' : 'FAILED'} in ${total.toFixed(1)} s`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
