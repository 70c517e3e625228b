/** What a benchmark module exports, and the summary statistics they share. */

/** One measured quantity over several runs. */
export interface Metric {
  readonly name: string;
  readonly unit: string;
  readonly runs: readonly number[];
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export interface BenchResult {
  /** `P1`, `P2`, … */
  readonly id: string;
  readonly title: string;
  readonly metrics: readonly Metric[];
  /** The goal, in words (`ratio median ≥ 0.9`). */
  readonly target?: string;
  /** Whether the goal was met; undefined when there is none. */
  readonly met?: boolean;
  readonly notes?: string;
  /** Set when the benchmark could not run; the runner reports it and goes on. */
  readonly error?: string;
}

/** A benchmark module: bench/run.ts runs each one in turn. */
export interface Benchmark {
  readonly id: string;
  readonly title: string;
  /** One result, or several when one run measures several goals (P1 prints P1b beside it). */
  run(): Promise<BenchResult | BenchResult[]>;
}

/** Runs, min, median and max of a list of numbers. */
export function summarize(values: readonly number[]): Pick<Metric, 'runs' | 'min' | 'median' | 'max'> {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { runs: values, min: sorted[0] ?? NaN, median, max: sorted.at(-1) ?? NaN };
}
