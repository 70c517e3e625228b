/**
 * The panel checks every host message and every transcript entry in it (src/hostMessages.ts):
 * in a real Chromium, a transcript with malformed entries among good ones shows the good ones,
 * and a malformed append or update changes nothing; the panel never goes blank.
 */
import * as assert from 'node:assert/strict';
import type { TranscriptEntry } from '../../src/protocol';
import { strings } from './fixtures';
import { settle } from './harness';
import { PanelSuite } from './panelSuite';

const suite = new PanelSuite();
const { message } = suite;

/** Entries a damaged store or a broken host could hand over, each wrong in one way. */
const BAD: readonly unknown[] = [
  null,
  'u9',
  { id: 'b1', role: 'user' },
  { id: 'b2', role: 'robot', text: 'x' },
  { id: 'b3', role: 'assistant', text: 42 },
  { id: 'b4', role: 'error', text: 'x', actions: ['reloadWindow'] },
  { id: 'b5', role: 'user', text: 'x', context: { label: 'a.ts:1-2' } },
  { id: 'b6', role: 'assistant', text: 'x', streaming: 'yes' },
  { id: 'b7', role: 'user', text: 'x', replayed: -1 },
  { id: '', role: 'user', text: 'x' },
  { role: 'user', text: 'no id' },
];

describe('malformed transcript entries (webview)', function () {
  suite.use();

  const good = (n: number): TranscriptEntry[] => [
    { id: `u${n}`, role: 'user', text: `Question ${n}` },
    { id: `a${n}`, role: 'assistant', text: `Answer **${n}**` },
  ];

  /** Posts raw messages, as a host could, without the types' help. */
  async function postRaw(...messages: unknown[]): Promise<void> {
    await suite.page.evaluate((ms) => {
      for (const m of ms) window.postMessage(m, '*');
    }, messages);
    await settle(suite.page);
  }

  it('shows every good entry of a transcript that holds malformed ones, and drops only those', async () => {
    const entries: unknown[] = [...good(1)];
    for (const [i, bad] of BAD.entries()) entries.push(bad, ...good(i + 2));
    // A second entry with an id already used would make two elements answer to one id.
    entries.push({ id: 'u1', role: 'user', text: 'Duplicate' });
    await postRaw({ type: 'init', state: { entries, busyRequestId: null, configProblem: null, strings } });
    const ids = await suite.page.locator('#messages .message').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id));
    const expected = Array.from({ length: BAD.length + 1 }, (_, i) => [`u${i + 1}`, `a${i + 1}`]).flat();
    assert.deepEqual(ids, expected);
    assert.equal(await message('a2').locator('strong').innerText(), '2');
    assert.equal(await suite.page.getByText('Duplicate').count(), 0);
    // The malformed entries went to the console as warnings, not errors (the suite fails on errors).
    assert.deepEqual(suite.panel.problems, []);
  });

  it('ignores a malformed append or update and keeps the conversation as it was', async () => {
    await postRaw({ type: 'init', state: { entries: good(1), busyRequestId: null, configProblem: null, strings } });
    for (const bad of BAD) await postRaw({ type: 'append', entry: bad }, { type: 'update', entry: bad });
    await postRaw({ type: 'update', entry: { id: 'a1', role: 'assistant', text: 7 } });
    assert.equal(await suite.page.locator('#messages .message').count(), 2);
    assert.equal(await message('a1').innerText().then((t) => t.includes('Answer 1')), true);
    // A good message after the bad ones is still handled.
    await postRaw({ type: 'append', entry: { id: 'u2', role: 'user', text: 'Still here?' } });
    assert.equal(await message('u2').isVisible(), true);
  });

  it('keeps what it has when a whole init is malformed', async () => {
    await postRaw({ type: 'init', state: { entries: good(1), busyRequestId: null, configProblem: null, strings } });
    await postRaw(
      { type: 'init', state: { entries: 'all', busyRequestId: null, configProblem: null, strings } },
      { type: 'init', state: { entries: [], busyRequestId: null, configProblem: null, strings: { ...strings, send: 1 } } },
      { type: 'init', state: { entries: [], busyRequestId: 5, configProblem: null, strings } },
    );
    assert.equal(await suite.page.locator('#messages .message').count(), 2);
  });
});
