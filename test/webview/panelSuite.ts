/** What the panel specs share: a fresh panel per test, and the few ways they drive and read it. */
import type { Locator, Page } from 'playwright-core';
import type { TranscriptEntry, WebviewToHost } from '../../src/protocol';
import { strings } from './fixtures';
import { PanelHarness, closeAndCheck, post, posted, type Panel } from './harness';

/**
 * One suite's panel. Its members are arrow functions, so a spec can take them apart
 * (`const { init, message } = suite`) and use them at module level.
 */
export class PanelSuite {
  readonly harness = new PanelHarness();
  private current: Panel | undefined;

  /**
   * Registers the hooks: the harness for the suite, a new panel per test, a clean page after it.
   * Call inside `describe`.
   * @param prepare runs on each new panel before its test
   */
  use(prepare?: (panel: Panel) => Promise<void>): void {
    before(() => this.harness.start());
    after(() => this.harness.stop());
    beforeEach(async () => {
      this.current = await this.harness.open();
      await prepare?.(this.current);
    });
    afterEach(() => closeAndCheck(this.panel, this.harness.origin));
  }

  /** The current test's panel. */
  get panel(): Panel {
    if (!this.current) throw new Error('No panel: call use() inside the describe');
    return this.current;
  }

  /** Sends `init` with these entries, the English strings and no configuration problem. */
  readonly init = async (entries: TranscriptEntry[] = [], busyRequestId: string | null = null): Promise<void> => {
    await post(this.panel.page, { type: 'init', state: { entries, busyRequestId, configProblem: null, strings } });
  };

  /** Sends a `delta` of `text` for reply `entryId`. */
  readonly delta = async (entryId: string, text: string, requestId = 'r1'): Promise<void> => {
    await post(this.panel.page, { type: 'delta', requestId, entryId, text });
  };

  /** What the panel posted after `ready`. */
  readonly sent = async (): Promise<WebviewToHost[]> => (await posted(this.panel.page)).filter((m) => m.type !== 'ready');

  readonly message = (id: string): Locator => this.panel.page.locator(`#messages .message[data-id="${id}"]`);
  readonly input = (): Locator => this.panel.page.locator('textarea#input');

  get page(): Page {
    return this.panel.page;
  }
}
