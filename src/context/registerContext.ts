/**
 * The commands that collect context on the host: each hands the attachments it made to the
 * panel's composer (which shows them as chips) and returns them (or `undefined`), and says in a
 * message why when it made none.
 */
import * as vscode from 'vscode';
import { baseName, type Attachment } from '../core/attachments';
import { fileCandidates, readFileAttachment, type FileRefusal } from './files';
import { collectGitChanges, type GitProblem } from './gitChanges';
import { collectProblems } from './problems';
import { collectSelection } from './selection';
import { TerminalOutputs, type TerminalProblem } from './terminal';

const t = vscode.l10n.t;

async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

function refusalText(path: string, reason: FileRefusal | 'folder'): string {
  switch (reason) {
    case 'folder':
      return t('{0} was not attached: it is a folder. Attach the files in it instead.', path);
    case 'binary':
      return t('{0} was not attached: it is a binary file.', path);
    case 'notUtf8':
      return t('{0} was not attached: it is not UTF-8 text.', path);
    case 'tooLarge':
      return t('{0} was not attached: it is larger than 10 MB.', path);
    case 'unreadable':
      return t('{0} was not attached: it could not be read.', path);
  }
}

function gitProblemText(problem: GitProblem): string {
  switch (problem) {
    case 'noGitExtension':
      return t('Git changes cannot be attached: the built-in Git extension is not available.');
    case 'gitDisabled':
      return t('Git changes cannot be attached: Git is disabled (setting "git.enabled") or not installed.');
    case 'noRepository':
      return t('Git changes cannot be attached: no Git repository is open for this file or workspace.');
    case 'noChanges':
      return t('There are no staged or unstaged changes to attach.');
  }
}

function terminalProblemText(problem: TerminalProblem): string {
  switch (problem) {
    case 'noTerminal':
      return t('Terminal output cannot be attached: there is no active terminal.');
    case 'outputNotRead':
      return t('The output of the last command could not be read (it may have printed nothing, or finished too fast). Select the output in the terminal and try again.');
    case 'nothingToAttach':
      return t('The active terminal has no finished command to attach (shell integration is off or no command has run since the window opened) and nothing is selected in it.');
  }
}

/** Lets the user pick files: open editors first, several can be checked, Enter alone takes the highlighted one. */
async function pickFiles(): Promise<vscode.Uri[] | undefined> {
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
  const picker = vscode.window.createQuickPick<Item>();
  picker.title = t('Add File to Chat');
  picker.placeholder = t('Type to find files; check several to add them together');
  picker.canSelectMany = true;
  picker.matchOnDescription = true;
  picker.busy = true;
  picker.show();
  // A multi-select picker highlights nothing on its own; the best match of what was typed is
  // highlighted, so Enter takes it as in single-select pickers.
  const highlight = () => {
    if (picker.selectedItems.length) return;
    const match = bestMatch(picker.items, picker.value);
    picker.activeItems = match ? [match] : [];
  };
  picker.onDidChangeValue(highlight);
  const source = new vscode.CancellationTokenSource();
  void fileCandidates(source.token).then((candidates) => {
    const open = candidates.filter((c) => c.open);
    const rest = candidates.filter((c) => !c.open);
    const item = (c: (typeof candidates)[number]): Item => ({ label: baseName(c.path), description: c.path, uri: c.uri });
    picker.items = [
      ...(open.length ? [{ label: t('Open Editors'), kind: vscode.QuickPickItemKind.Separator }, ...open.map(item)] : []),
      ...(rest.length ? [{ label: t('Files'), kind: vscode.QuickPickItemKind.Separator }, ...rest.map(item)] : []),
    ];
    picker.busy = false;
    highlight();
  });
  return new Promise((resolve) => {
    picker.onDidAccept(() => {
      const fallback = bestMatch(picker.items, picker.value);
      const chosen = picker.selectedItems.length ? picker.selectedItems : picker.activeItems.length ? picker.activeItems : fallback ? [fallback] : [];
      resolve(chosen.flatMap((i) => (i.uri ? [i.uri] : [])));
      picker.hide();
    });
    picker.onDidHide(() => {
      source.cancel();
      source.dispose();
      picker.dispose();
      resolve(undefined);
    });
  });
}

/**
 * The first file whose name, else whose path, holds `typed` (ignoring case): open editors come
 * first in the list, so they win a tie. With nothing typed, the first file.
 */
function bestMatch<T extends vscode.QuickPickItem & { uri?: vscode.Uri }>(items: readonly T[], typed: string): T | undefined {
  const files = items.filter((i) => i.uri);
  const q = typed.trim().toLowerCase();
  if (!q) return files[0];
  return files.find((i) => i.label.toLowerCase().includes(q)) ?? files.find((i) => i.description?.toLowerCase().includes(q));
}

/** Reads the files, refusing binary ones with a reason and asking before files on the deny list. */
export async function attachFiles(uris: readonly vscode.Uri[]): Promise<Attachment[]> {
  const out: Attachment[] = [];
  for (const uri of uris) {
    const read = await readFileAttachment(uri);
    const path = vscode.workspace.asRelativePath(uri, false);
    if (!read.ok) {
      void vscode.window.showWarningMessage(refusalText(path, read.reason === 'unreadable' && (await isFolder(uri)) ? 'folder' : read.reason));
      continue;
    }
    if (read.denied) {
      const attach = t('Attach Anyway');
      const answer = await vscode.window.showWarningMessage(
        t('{0} matches "{1}" in the deny list (setting "pathors.attachments.denyList") and may hold secrets. Attach it anyway?', path, read.denied),
        { modal: true },
        attach,
      );
      if (answer !== attach) continue;
    }
    out.push(read.attachment);
  }
  return out;
}

/** The uris a command got from the Explorer or an editor tab (`uri`, `[selected uris]`), if any. */
function urisFrom(arg: unknown, all: unknown): vscode.Uri[] | undefined {
  if (Array.isArray(all) && all.length && all.every((u) => u instanceof vscode.Uri)) return all as vscode.Uri[];
  if (arg instanceof vscode.Uri) return [arg];
  return undefined;
}

async function addProblems(arg: unknown): Promise<Attachment[] | undefined> {
  const requested = typeof arg === 'object' && arg !== null ? (arg as { scope?: unknown }).scope : undefined;
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeCount = active ? vscode.languages.getDiagnostics(active).length : 0;
  const allCount = vscode.languages.getDiagnostics().reduce((n, [, list]) => n + list.length, 0);
  let scope: 'active' | 'all' | undefined = requested === 'active' || requested === 'all' ? requested : undefined;
  if (!scope) {
    if (allCount === 0) {
      void vscode.window.showInformationMessage(t('There are no problems to attach.'));
      return undefined;
    }
    if (activeCount === 0 || activeCount === allCount) scope = activeCount ? 'active' : 'all';
    else {
      const items = [
        { label: t('Problems in {0} ({1})', baseName(active!.path), activeCount), scope: 'active' as const },
        { label: t('Problems in all files ({0})', allCount), scope: 'all' as const },
      ];
      scope = (await vscode.window.showQuickPick(items, { title: t('Add Problems to Chat') }))?.scope;
      if (!scope) return undefined;
    }
  }
  const attachment = await collectProblems(scope === 'active' ? active : undefined);
  if (attachment.problems.length === 0) {
    void vscode.window.showInformationMessage(t('There are no problems to attach.'));
    return undefined;
  }
  return [attachment];
}

/** Where the commands put what they collected: the composer's pending list, shown in the panel. */
export type AttachmentSink = (attachments: readonly Attachment[]) => Promise<void> | void;

/** Registers `pathors.addFile`, `pathors.addSelection`, `pathors.addProblems`, `pathors.addGitChanges` and `pathors.addTerminalOutput`. */
export function registerContextCommands(context: vscode.ExtensionContext, sink: AttachmentSink = () => undefined): void {
  const terminals = new TerminalOutputs();
  /** Hands a command's attachments to the composer, and returns them for callers (tests, other extensions). */
  const deliver = async (made: Attachment[] | undefined): Promise<Attachment[] | undefined> => {
    if (made?.length) await sink(made);
    return made;
  };
  context.subscriptions.push(
    terminals,
    vscode.commands.registerCommand('pathors.addTerminalOutput', async () => {
      const output = await terminals.collect();
      if (!output.ok) void vscode.window.showInformationMessage(terminalProblemText(output.problem));
      return deliver(output.ok ? [output.attachment] : undefined);
    }),
    vscode.commands.registerCommand('pathors.addFile', async (arg?: unknown, all?: unknown) => {
      const uris = urisFrom(arg, all) ?? (await pickFiles());
      return deliver(uris?.length ? await attachFiles(uris) : undefined);
    }),
    vscode.commands.registerCommand('pathors.addSelection', () => {
      const selection = collectSelection(vscode.window.activeTextEditor);
      if (!selection) void vscode.window.showInformationMessage(t('Select some code in an editor first.'));
      return deliver(selection ? [selection] : undefined);
    }),
    vscode.commands.registerCommand('pathors.addProblems', async (arg?: unknown) => deliver(await addProblems(arg))),
    vscode.commands.registerCommand('pathors.addGitChanges', async (arg?: unknown) => {
      const changes = await collectGitChanges(arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri);
      if (!changes.ok) void vscode.window.showInformationMessage(gitProblemText(changes.problem));
      return deliver(changes.ok ? [changes.attachment] : undefined);
    }),
  );
}
