/** "Use @pathors in VS Code's Chat": turns on what VS Code's Chat needs without GitHub Copilot, picks the Pathors model and opens the Chat on @pathors. */
import * as vscode from 'vscode';
// The ESM build: esbuild cannot follow the UMD build's factory-wrapped requires.
import { modify, parse } from 'jsonc-parser/lib/esm/main.js';
import { log } from '../log';
import { VENDOR } from './languageModel';

const t = vscode.l10n.t;

const ANONYMOUS = 'chat.allowAnonymousAccess';
const AI_OFF = 'chat.disableAIFeatures';

/** What the command did, for tests and automation. */
export interface UseInChatResult {
  /** The user settings it wrote, with their new values. */
  readonly changed: Readonly<Record<string, boolean>>;
  /** Whether the Chat opened with the Pathors model picked and `@pathors` in its input. */
  readonly opened: boolean;
}

/** The user settings VS Code's Chat needs for @pathors without a GitHub account, and their values. */
function settingsToWrite(): Record<string, boolean> {
  const chat = vscode.workspace.getConfiguration('chat');
  const wanted: Record<string, boolean> = {};
  if (chat.get<boolean>('allowAnonymousAccess') !== true) wanted[ANONYMOUS] = true;
  // Only a user-level "off" is ours to undo: a workspace or policy value is someone else's choice.
  if (chat.inspect<boolean>('disableAIFeatures')?.globalValue === true) wanted[AI_OFF] = false;
  return wanted;
}

function isUserSettingsFile(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  const path = editor?.document.uri.path ?? '';
  return path.endsWith('/settings.json') && !path.endsWith('/.vscode/settings.json');
}

/** The user settings.json in an editor, as **Preferences: Open User Settings (JSON)** shows it. */
async function openUserSettingsFile(): Promise<vscode.TextEditor | undefined> {
  await vscode.commands.executeCommand('workbench.action.openSettingsJson');
  if (isUserSettingsFile(vscode.window.activeTextEditor)) return vscode.window.activeTextEditor;
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(undefined), 5_000);
    const listener = vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (isUserSettingsFile(editor)) done(editor);
    });
    function done(editor: vscode.TextEditor | undefined): void {
      clearTimeout(timer);
      listener.dispose();
      resolve(editor);
    }
  });
}

/**
 * Writes the settings into the user settings.json, in its editor, so the user sees the lines and
 * can undo them. VS Code 1.139 registers `chat.allowAnonymousAccess` with `included: false`: the
 * configuration API refuses to write it in any target ("not a registered configuration") and the
 * Settings editor does not list it, so the file is the only place it can be set.
 */
async function writeUserSettings(values: Record<string, boolean>): Promise<boolean> {
  const editor = await openUserSettingsFile();
  if (!editor) return false;
  const formattingOptions = {
    insertSpaces: editor.options.insertSpaces !== false,
    tabSize: typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 4,
    eol: editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
  };
  for (const [key, value] of Object.entries(values)) {
    const doc = editor.document;
    const edits = modify(doc.getText(), [key], value, { formattingOptions });
    const applied = await editor.edit((builder) => {
      for (const e of edits) builder.replace(new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
    });
    if (!applied) return false;
  }
  // What `save` answers is no proof here: in code-server it may answer false, with the document
  // still marked dirty, although the file was written. The file itself is.
  await editor.document.save();
  const uri = editor.document.uri;
  let written = false;
  await settle(() => written, 5_000, async () => {
    const json = parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as Record<string, unknown> | undefined;
    written = Object.entries(values).every(([key, value]) => json?.[key] === value);
  });
  return written;
}

/** Resolves once `check` holds (after `poll`, if given), or after `timeoutMs`. */
async function settle(check: () => boolean, timeoutMs: number, poll?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await poll?.();
    if (check() || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens the Chat with `@pathors` in its input and the Pathors model picked, as the picker would. */
async function openChat(): Promise<boolean> {
  try {
    await vscode.commands.executeCommand('workbench.action.chat.open', { modelSelector: { vendor: VENDOR } });
    // Separately: a Chat view that is only now created drops a query given with the first open.
    await vscode.commands.executeCommand('workbench.action.chat.open', { query: '@pathors ', isPartialQuery: true });
    return true;
  } catch (err) {
    log.warn(`Could not open the Chat with the Pathors model: ${String(err)}`);
    void vscode.window.showWarningMessage(t('Open the Chat view (Chat: Open Chat), pick "{0}" in the model picker under its input, and type your question after @pathors.', t('Pathors (your project)')));
    return false;
  }
}

/** Registers `pathors.useInVsCodeChat`; it resolves to a {@link UseInChatResult}. */
export function registerUseInChatCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pathors.useInVsCodeChat', async (): Promise<UseInChatResult> => {
      const wanted = settingsToWrite();
      if (Object.keys(wanted).length && !(await writeUserSettings(wanted))) {
        const open = t('Open User Settings (JSON)');
        void vscode.window
          .showWarningMessage(t('Add "{0}": true to your user settings (settings.json), then pick "{1}" in the model picker of the Chat view.', ANONYMOUS, t('Pathors (your project)')), open)
          .then((choice) => (choice === open ? vscode.commands.executeCommand('workbench.action.openSettingsJson') : undefined));
        return { changed: {}, opened: false };
      }
      if (!Object.keys(wanted).length) return { changed: wanted, opened: await openChat() };
      // The Chat takes a moment to come up after these settings change: opening it at once shows
      // nothing, so the user opens it from the message, by then ready.
      const open = t('Open Chat');
      const choice = await vscode.window.showInformationMessage(
        t('Turned on VS Code\'s Chat without a GitHub account ({0} in your user settings). Open it with "{1}" as its model?', ANONYMOUS, t('Pathors (your project)')),
        open,
      );
      const opened = choice === open && (await openChat());
      return { changed: wanted, opened };
    }),
  );
}
