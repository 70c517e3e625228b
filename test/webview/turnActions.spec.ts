/**
 * Regenerate, Retry after a Stop and Edit & resend in the real panel (Chromium, production CSP):
 * which turns offer them, what they post, how they explain themselves, and that nothing typed is lost.
 */
import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { TranscriptEntry } from '../../src/protocol';
import { streaming, strings } from './fixtures';
import { post, settle } from './harness';
import { PanelSuite } from './panelSuite';

const suite = new PanelSuite();
const { init, sent, message, input } = suite;



const askAgain = (id: string): Locator => message(id).locator('[data-action="askAgain"]');
const edit = (id: string): Locator => message(id).getByRole('button', { name: strings.editHint });

/** The accessible description Chromium computes for a control. */
async function description(control: Locator): Promise<string> {
  const id = await control.getAttribute('aria-describedby');
  assert.ok(id, 'the control has a description');
  return (await suite.panel.page.locator(`[id="${id}"]`).textContent()) ?? '';
}

const conversation: TranscriptEntry[] = [
  { id: 'u1', role: 'user', text: 'First question' },
  { id: 'a1', role: 'assistant', text: 'First answer.' },
  { id: 'u2', role: 'user', text: 'Second question' },
  { id: 'a2', role: 'assistant', text: 'Second answer.' },
];

describe('chat panel: asking again and editing (webview)', function () {
  suite.use();

  describe('Regenerate and Retry', () => {
    it('offers Regenerate under the last reply only, explains that the server keeps the earlier reply, and posts askAgain', async () => {
      await init(conversation);
      assert.equal(await askAgain('a1').isVisible(), false, 'not under an earlier reply');
      const button = askAgain('a2');
      assert.equal(await button.isVisible(), true);
      assert.equal(await button.innerText(), strings.regenerate);
      assert.equal(await description(button), strings.regenerateHint);
      assert.equal(await button.getAttribute('title'), strings.regenerateHint);
      await button.click();
      await settle(suite.panel.page);
      assert.deepEqual(await sent(), [{ type: 'askAgain', entryId: 'a2' }]);
    });

    it('offers Retry under a reply that was stopped, even one that got no text', async () => {
      await init([...conversation, { id: 'u3', role: 'user', text: 'Third' }, { id: 'a3', role: 'assistant', text: '', incomplete: true, notice: 'Stopped.' }]);
      const button = askAgain('a3');
      assert.equal(await button.innerText(), strings.retry);
      assert.equal(await description(button), strings.retryHint);
      await button.press('Enter');
      await settle(suite.panel.page);
      assert.deepEqual(await sent(), [{ type: 'askAgain', entryId: 'a3' }]);
    });

    it('hides Regenerate and Edit while a reply streams, and moves Regenerate to the newest reply', async () => {
      await init(conversation);
      await post(suite.panel.page, { type: 'append', entry: { id: 'u3', role: 'user', text: 'Third', repeatOf: 'u2' } }, { type: 'busy', requestId: 'r1' }, { type: 'append', entry: streaming('a3') });
      assert.equal(await suite.panel.page.locator('[data-action="askAgain"]:visible').count(), 0);
      assert.equal(await suite.panel.page.locator('[data-action="edit"]:visible').count(), 0);
      await post(suite.panel.page, { type: 'update', entry: { id: 'a3', role: 'assistant', text: 'Third answer.' } }, { type: 'busy', requestId: null });
      assert.equal(await askAgain('a2').isVisible(), false);
      assert.equal(await askAgain('a3').isVisible(), true);
      assert.equal(await suite.panel.page.locator('[data-action="edit"]:visible').count(), 3);
    });

    it('an error after the last reply leaves Retry to the error, not to the reply', async () => {
      await init([...conversation, { id: 'e1', role: 'error', text: 'Failed.', actions: ['retry'], forEntry: 'u2' }]);
      assert.equal(await suite.panel.page.locator('[data-action="askAgain"]:visible').count(), 0);
      assert.equal(await message('e1').getByRole('button', { name: strings.retry }).count(), 1);
    });

    it('says under a question that it was asked again, or edited and replayed into a new session', async () => {
      await init([
        { id: 'u1', role: 'user', text: 'Q' },
        { id: 'a1', role: 'assistant', text: 'A' },
        { id: 'u2', role: 'user', text: 'Q', repeatOf: 'u1' },
        { id: 'a2', role: 'assistant', text: 'A again' },
        { id: 'u3', role: 'user', text: 'Q, edited', replayed: 4 },
      ]);
      assert.equal(await message('u1').locator('.turn-note').count(), 0);
      assert.equal(await message('u2').locator('.turn-note').innerText(), strings.askedAgain);
      assert.equal(await message('u3').locator('.turn-note').innerText(), 'Edited; sent to a new session with 4 earlier messages replayed.');
      await init([{ id: 'u1', role: 'user', text: 'Q, edited', replayed: 0 }]);
      assert.equal(await message('u1').locator('.turn-note').innerText(), strings.editedNoteFirst);
    });
  });

  describe('Edit & resend', () => {
    it('puts the question into the input with a banner saying what Send does, and posts editResend', async () => {
      const { page } = suite.panel;
      await init(conversation);
      await input().fill('a draft in progress');
      await edit('u2').click();
      assert.equal(await input().inputValue(), 'Second question');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'input');
      const banner = page.locator('#edit-banner');
      assert.equal(await banner.isVisible(), true);
      // Two messages come before the second question: the first question and its answer.
      assert.equal(await banner.locator('.edit-banner-text').innerText(), 'Editing. Send starts a new conversation replaying the 2 earlier messages.');
      assert.equal(await description(input()), await banner.locator('.edit-banner-text').innerText());

      await input().fill('Second question, sharper');
      await input().press('Enter');
      await settle(page);
      assert.deepEqual(await sent(), [{ type: 'editResend', entryId: 'u2', text: 'Second question, sharper' }]);
      assert.equal(await banner.isVisible(), false);
      assert.equal(await input().inputValue(), 'a draft in progress', 'the draft set aside comes back');
      assert.equal(await input().getAttribute('aria-describedby'), null);
    });

    it('editing the first question says a new session starts, with nothing replayed', async () => {
      await init(conversation);
      await edit('u1').press('Enter');
      assert.equal(await suite.panel.page.locator('#edit-banner-text').innerText(), strings.editBannerFirst);
    });

    it('Escape and Cancel leave editing and bring the draft back; nothing is posted', async () => {
      const { page } = suite.panel;
      await init(conversation);
      await input().fill('keep me');
      await edit('u1').click();
      await input().press('Escape');
      assert.equal(await input().inputValue(), 'keep me');
      assert.equal(await page.locator('#edit-banner').isVisible(), false);

      await edit('u2').click();
      await input().fill('changed my mind');
      await page.locator('#cancel-edit').click();
      assert.equal(await input().inputValue(), 'keep me');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'input');
      assert.deepEqual(await sent(), []);
    });

    it('Up and Down leave an edited question alone instead of recalling history', async () => {
      await init(conversation);
      await edit('u2').click();
      await input().press('Home');
      await input().press('Control+Home');
      await input().press('ArrowUp');
      assert.equal(await input().inputValue(), 'Second question');
    });
  });
});
