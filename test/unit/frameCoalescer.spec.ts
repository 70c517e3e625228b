/** The per-frame batching of streamed text, on the real clock. */
import assert from 'node:assert/strict';
import { FrameCoalescer } from '../../src/core/frameCoalescer';
import { systemClock } from '../../src/core/ports';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('FrameCoalescer', () => {
  it('emits the first text at once and batches the rest into the next frame', async () => {
    const out: Array<[number, string]> = [];
    const c = new FrameCoalescer(systemClock, 16, (t) => out.push([performance.now(), t]));
    const t0 = performance.now();
    c.push('a');
    assert.deepEqual(out.map((o) => o[1]), ['a'], 'the first push is not held back');
    for (const ch of 'bcdef') c.push(ch);
    assert.equal(out.length, 1);
    await sleep(40);
    assert.deepEqual(out.map((o) => o[1]), ['a', 'bcdef']);
    assert.ok(out[1][0] - t0 >= 15.5, `second emit after ${out[1][0] - t0} ms`);
  });

  it('drain waits for the frame slot, then emits; cancel drops pending text', async () => {
    const out: string[] = [];
    const c = new FrameCoalescer(systemClock, 16, (t) => out.push(t));
    c.push('x');
    c.push('y');
    await c.drain();
    assert.deepEqual(out, ['x', 'y']);
    c.push('z');
    c.cancel();
    await sleep(30);
    assert.deepEqual(out, ['x', 'y']);
  });

  it('never emits twice within a frame however fast text arrives', async () => {
    const times: number[] = [];
    const c = new FrameCoalescer(systemClock, 16, () => times.push(performance.now()));
    const end = performance.now() + 150;
    while (performance.now() < end) {
      c.push('.');
      await new Promise((r) => setImmediate(r));
    }
    await c.drain();
    assert.ok(times.length >= 2 && times.length <= 11, `${times.length} emits in 150 ms`);
    for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 15, `emits ${i - 1}→${i} ${times[i] - times[i - 1]} ms apart`);
  });
});
