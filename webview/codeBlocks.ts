// Code blocks in replies: a header with the block's language and its Copy / Insert / New File / Apply or Run in Terminal buttons.
import { CODE_LANGUAGE, type CodeAction, type WebviewStrings } from '../src/protocol.js';
import { isShellLanguage } from '../src/core/shellBlocks.js';
import { createToolbarButton } from './components.js';

/**
 * Runs when a code block's button is pressed, with the reply's entry id and the block's index in
 * it: the host reads the code from its own transcript (see src/core/markdown.ts).
 */
export type CodeActionHandler = (action: CodeAction, entryId: string, block: number) => void;

/** How long a copy button says "Copied" after it was pressed. */
const COPIED_MS = 1500;

/** The fence language of a rendered `<code class="language-…">` (empty when it has none). */
function languageOf(code: Element): string {
  const language = /^language-(\S+)$/.exec(code.className)?.[1] ?? '';
  return CODE_LANGUAGE.test(language) ? language : '';
}

/**
 * Which reply and which of its blocks `pre` is: its place among the `<pre>` of the reply's body,
 * which holds one per fenced or indented block of the markdown, in order.
 */
function locate(pre: HTMLElement): { entryId: string; block: number } | undefined {
  const body = pre.closest('.message-body');
  const entryId = pre.closest<HTMLElement>('.message')?.dataset.id;
  if (!body || !entryId) return undefined;
  return { entryId, block: Array.from(body.querySelectorAll<HTMLElement>('pre')).indexOf(pre) };
}

/** Shows `strings.copied` on a copy button for a moment; its accessible name stays the same. */
export function flashCopied(button: HTMLElement, strings: WebviewStrings): void {
  button.textContent = strings.copied;
  const timer = Number(button.dataset.copiedTimer);
  if (timer) clearTimeout(timer);
  button.dataset.copiedTimer = String(
    setTimeout(() => {
      button.textContent = strings.copy;
      delete button.dataset.copiedTimer;
    }, COPIED_MS),
  );
}

/**
 * Wraps each `<pre><code>` in `root` in a `.code-block` with a header naming its language.
 * With `withActions` (the block is complete) the header also gets Copy, Insert at cursor and
 * Open in new file buttons, which name the block to the host when pressed, and Apply, or for a
 * shell block Run in Terminal (a command is run, not applied to a file).
 */
export function decorateCodeBlocks(root: ParentNode, strings: WebviewStrings, withActions: boolean, onAction: CodeActionHandler): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const code = pre.firstElementChild;
    if (code?.tagName !== 'CODE' || pre.parentElement?.classList.contains('code-block')) continue;
    const language = languageOf(code);
    const block = document.createElement('div');
    block.className = 'code-block';
    const header = document.createElement('div');
    header.className = 'code-block-header';
    const label = document.createElement('span');
    label.className = 'code-block-language';
    label.textContent = language;
    header.append(label);
    if (withActions) {
      const actions = document.createElement('div');
      actions.className = 'code-block-actions';
      const run = (action: CodeAction) => {
        const at = locate(pre);
        if (at && at.block >= 0) onAction(action, at.entryId, at.block);
      };
      const copy = createToolbarButton(strings.copy, strings.copyCode, () => {
        run('copy');
        flashCopied(copy, strings);
      });
      copy.dataset.action = 'copy';
      const insert = createToolbarButton(strings.insertCodeShort, strings.insertCode, () => run('insert'));
      insert.dataset.action = 'insert';
      const newFile = createToolbarButton(strings.newFileCodeShort, strings.newFileCode, () => run('newFile'));
      newFile.dataset.action = 'newFile';
      const last = isShellLanguage(language)
        ? createToolbarButton(strings.runInTerminalShort, strings.runInTerminal, () => run('runInTerminal'))
        : createToolbarButton(strings.applyCodeShort, strings.applyCode, () => run('apply'));
      last.dataset.action = isShellLanguage(language) ? 'runInTerminal' : 'apply';
      actions.append(copy, insert, newFile, last);
      header.append(actions);
    }
    pre.replaceWith(block);
    block.append(header, pre);
  }
}
