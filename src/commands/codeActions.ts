/** What the chat's code block and reply buttons do: copy, insert at the cursor, open in a new file, type into a terminal. */
import * as vscode from 'vscode';
import type { CodeAction } from '../protocol';
import { languageIdForFence } from './languageIds';
import { runInTerminal } from './runInTerminal';
import { isShellLanguage } from '../core/shellBlocks';
import { log } from '../log';

/**
 * Carries out code block actions in the editor. It remembers the last text editor that was
 * active, because pressing a button in the chat moves focus to the chat view.
 */
export class CodeActions implements vscode.Disposable {
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor) this.lastEditor = editor;
  });

  /** The text editor the user last worked in (the chat has the focus when its buttons are pressed). */
  lastEditorUri(): vscode.Uri | undefined {
    const editor = this.targetEditor();
    return editor?.document.uri;
  }

  /** Runs `action` (other than Apply, which needs the diff review) on a code block's `code`, written in the fence language `language`. */
  async run(action: Exclude<CodeAction, 'apply'>, code: string, language: string): Promise<void> {
    switch (action) {
      case 'copy':
        await vscode.env.clipboard.writeText(code);
        return;
      case 'insert':
        await this.insert(code);
        return;
      case 'newFile':
        await openInNewFile(code, language);
        return;
      case 'runInTerminal':
        // The panel offers it only on shell blocks; the host checks again, as the panel is untrusted.
        if (!isShellLanguage(language)) {
          log.warn(`Refused Run in Terminal for a block in "${language}", which is not a shell language`);
          return;
        }
        await runInTerminal(code);
        return;
    }
  }

  /** Copies a reply's markdown text. */
  async copyText(text: string): Promise<void> {
    await vscode.env.clipboard.writeText(text);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  /** Replaces the selection (or each selection) of the editor the user last worked in, then focuses it. */
  private async insert(code: string): Promise<void> {
    const editor = this.targetEditor();
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a file in an editor and place the cursor first, then insert the code.'));
      return;
    }
    const shown = await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    const done = await shown.edit((edit) => {
      for (const selection of shown.selections) edit.replace(selection, code);
    });
    if (!done) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The editor did not accept the code (is the file read-only?).'));
    }
  }

  private targetEditor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active) return active;
    const last = this.lastEditor;
    return last && !last.document.isClosed ? last : undefined;
  }
}

/** Opens the code in a new untitled editor, in the fence's language when VS Code knows it. */
async function openInNewFile(content: string, fence: string): Promise<void> {
  const language = languageIdForFence(fence, new Set(await vscode.languages.getLanguages())) ?? 'plaintext';
  const document = await vscode.workspace.openTextDocument({ content, language });
  await vscode.window.showTextDocument(document);
}
