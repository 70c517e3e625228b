/**
 * Runs the benchmarks and prints a table, then the results as JSON. It never fails: a benchmark
 * that cannot run is reported with its error and the exit code stays 0, so a slow or odd
 * machine gives numbers to look at rather than a red build.
 *
 *   tsx bench/run.ts            every benchmark
 *   tsx bench/run.ts P2         only the ones named
 *
 * Each benchmark is a module exporting a {@link Benchmark}; add it to BENCHMARKS below.
 */
import { p2Client } from './p2Client';
import { p1Render, p3Coalesce, p4Restore } from './panelBenchmarks';
import { p6Storage } from './p6Storage';
import { p7ToolLoop } from './p7ToolLoop';
import type { BenchResult, Benchmark } from './types';

const BENCHMARKS: readonly Benchmark[] = [p1Render, p2Client, p3Coalesce, p4Restore, p6Storage, p7ToolLoop];

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '–';
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(3);
}

function table(results: readonly BenchResult[]): string {
  const rows: string[][] = [['id', 'metric', 'min', 'median', 'max', 'unit', 'target', 'met']];
  for (const r of results) {
    if (r.error) {
      rows.push([r.id, 'error', '', '', '', '', r.target ?? '', r.error]);
      continue;
    }
    r.metrics.forEach((m, i) => {
      const last = i === r.metrics.length - 1;
      rows.push([r.id, m.name, fmt(m.min), fmt(m.median), fmt(m.max), m.unit, last ? (r.target ?? '') : '', last && r.met !== undefined ? (r.met ? 'yes' : 'NO') : '']);
    });
  }
  const widths = rows[0].map((_h, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c >= 2 && c <= 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).map((a) => a.toUpperCase());
  const chosen = wanted.length ? BENCHMARKS.filter((b) => wanted.includes(b.id.toUpperCase())) : BENCHMARKS;
  const results: BenchResult[] = [];
  for (const bench of chosen) {
    console.error(`${bench.id}: ${bench.title}…`);
    try {
      results.push(...[await bench.run()].flat());
    } catch (err) {
      results.push({ id: bench.id, title: bench.title, metrics: [], error: err instanceof Error ? err.message : String(err) });
    }
  }
  console.log(table(results));
  for (const r of results) if (r.notes) console.log(`${r.id}: ${r.notes}`);
  console.log(JSON.stringify({ node: process.version, platform: `${process.platform}-${process.arch}`, results }, null, 2));
}

// Whatever happens, the run reports and exits 0: a reader that stops early (`| head`), or an
// error a benchmark did not catch, must not turn numbers into a failure.
process.stdout.on('error', () => undefined);
process.on('uncaughtException', (err) => console.error(err));
process.on('unhandledRejection', (err) => console.error(err));
process.on('exit', () => {
  process.exitCode = 0;
});

main().catch((err: unknown) => console.error(err));
