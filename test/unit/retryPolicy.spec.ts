/** The retry policy's arithmetic: which statuses, Retry-After in both forms, the cap, and the jitter bounds. */
import assert from 'node:assert/strict';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfter, retryDelayMs, retryPolicy, sleep, type RetryPolicy } from '../../src/core/retryPolicy';

const NOW = Date.parse('2025-05-01T12:00:00Z');
const fixed = (random: number): RetryPolicy => ({ ...DEFAULT_RETRY_POLICY, random: () => random });

describe('retryPolicy', () => {
  it('retries 408, 409, 429 and 5xx only', () => {
    for (const s of [408, 409, 429, 500, 502, 503, 504, 599]) assert.equal(isRetryableStatus(s), true, `${s}`);
    for (const s of [200, 301, 400, 401, 403, 404, 413, 422, 600]) assert.equal(isRetryableStatus(s), false, `${s}`);
  });

  it('allows two retries by default, 1 s apart at first, never waiting over 60 s', () => {
    assert.equal(DEFAULT_RETRY_POLICY.maxRetries, 2);
    assert.equal(DEFAULT_RETRY_POLICY.baseDelayMs, 1000);
    assert.equal(DEFAULT_RETRY_POLICY.maxDelayMs, 60_000);
  });

  it('takes changes to the default policy, ignoring missing or senseless values', () => {
    assert.deepEqual({ ...retryPolicy({ maxRetries: 0, baseDelayMs: 20 }), random: null }, { ...DEFAULT_RETRY_POLICY, maxRetries: 0, baseDelayMs: 20, random: null });
    const odd = retryPolicy({ maxRetries: undefined, baseDelayMs: NaN, maxDelayMs: -5 });
    assert.deepEqual({ ...odd, random: null }, { ...DEFAULT_RETRY_POLICY, random: null });
    assert.equal(retryPolicy({ maxRetries: 1.7 }).maxRetries, 1);
  });

  it('reads Retry-After as seconds', () => {
    assert.equal(parseRetryAfter('1', NOW), 1000);
    assert.equal(parseRetryAfter(' 120 ', NOW), 120_000);
    assert.equal(parseRetryAfter('0', NOW), 0);
  });

  it('reads Retry-After as an HTTP date, and a past date as now', () => {
    assert.equal(parseRetryAfter('Thu, 01 May 2025 12:00:05 GMT', NOW), 5000);
    assert.equal(parseRetryAfter('Thu, 01 May 2025 11:59:00 GMT', NOW), 0);
  });

  it('ignores a missing or unreadable Retry-After', () => {
    for (const v of [null, undefined, '', '  ', '-1', '1.5', 'soon', '5 seconds', 'NaN']) {
      assert.equal(parseRetryAfter(v, NOW), undefined, JSON.stringify(v));
    }
  });

  it('honours Retry-After exactly, without jitter, up to the 60 s cap', () => {
    assert.equal(retryDelayMs(1, '1', fixed(0.9), NOW), 1000);
    assert.equal(retryDelayMs(2, '7', fixed(0), NOW), 7000);
    assert.equal(retryDelayMs(1, '600', fixed(0.5), NOW), 60_000);
    assert.equal(retryDelayMs(1, 'Thu, 01 May 2025 12:00:30 GMT', fixed(0.5), NOW), 30_000);
    assert.equal(retryDelayMs(1, 'Fri, 02 May 2025 12:00:00 GMT', fixed(0.5), NOW), 60_000);
  });

  it('backs off exponentially with the jitter between half and all of the step', () => {
    assert.equal(retryDelayMs(1, null, fixed(0), NOW), 500);
    assert.equal(retryDelayMs(1, null, fixed(0.999999), NOW), 1000);
    assert.equal(retryDelayMs(2, null, fixed(0), NOW), 1000);
    assert.equal(retryDelayMs(2, null, fixed(0.999999), NOW), 2000);
    assert.equal(retryDelayMs(3, null, fixed(0.5), NOW), 3000);
    for (let i = 0; i < 200; i++) {
      const one = retryDelayMs(1, undefined, DEFAULT_RETRY_POLICY, NOW);
      const two = retryDelayMs(2, 'garbage', DEFAULT_RETRY_POLICY, NOW);
      assert.ok(one >= 500 && one <= 1000, `${one}`);
      assert.ok(two >= 1000 && two <= 2000, `${two}`);
    }
  });

  it('caps the backoff too, and clamps a misbehaving random source', () => {
    assert.equal(retryDelayMs(10, null, fixed(0.999999), NOW), 60_000);
    assert.equal(retryDelayMs(1, null, fixed(7), NOW), 1000);
    assert.equal(retryDelayMs(1, null, fixed(-3), NOW), 500);
  });

  it('sleep resolves after the delay and rejects at once on abort', async () => {
    await sleep(1);
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
    await assert.rejects(sleep(10, controller.signal), /stop/);
  });
});
