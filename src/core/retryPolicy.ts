/** When a failed chat request is tried again, and how long to wait first. */

/** How retries are paced. Tests pass a small base delay or a fixed `random`. */
export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly maxRetries: number;
  /** The backoff before the first retry; it doubles for each further one. */
  readonly baseDelayMs: number;
  /** No wait is ever longer, whatever `Retry-After` asks for. */
  readonly maxDelayMs: number;
  /** A number in [0, 1) for the jitter. */
  readonly random: () => number;
}

/** Two retries, 1 s then 2 s (each with jitter), never more than 60 s of waiting at once. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  random: Math.random,
};

/** The default policy with the given changes; values that are missing or not sensible are ignored. */
export function retryPolicy(changes: Partial<RetryPolicy> = {}): RetryPolicy {
  const count = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback);
  return {
    maxRetries: Math.floor(count(changes.maxRetries, DEFAULT_RETRY_POLICY.maxRetries)),
    baseDelayMs: count(changes.baseDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs),
    maxDelayMs: count(changes.maxDelayMs, DEFAULT_RETRY_POLICY.maxDelayMs),
    random: typeof changes.random === 'function' ? changes.random : DEFAULT_RETRY_POLICY.random,
  };
}

/**
 * Statuses worth one more try: the server timed out waiting (408), hit a conflict that
 * clears by itself (409), asked us to slow down (429), or failed (5xx). Anything else
 * (a bad request, a wrong key) fails the same way again.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP date.
 * @returns milliseconds from `now` (0 for a date in the past), or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only a date with a weekday or month name: Date.parse would also take "5.5" or "-1".
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The wait before retry number `retry` (1-based). A server's `Retry-After` is honoured as
 * given, up to `maxDelayMs`. Without one the wait is exponential with "equal jitter":
 * uniformly between half and all of `baseDelayMs × 2^(retry-1)`, so clients that failed
 * together do not come back together, yet never retry at once.
 */
export function retryDelayMs(
  retry: number,
  retryAfter: string | null | undefined,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  now: number = Date.now(),
): number {
  const asked = parseRetryAfter(retryAfter, now);
  if (asked !== undefined) return Math.min(asked, policy.maxDelayMs);
  const nominal = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const random = Math.min(Math.max(policy.random(), 0), 1);
  return Math.min(Math.round(nominal * (0.5 + random / 2)), policy.maxDelayMs);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
