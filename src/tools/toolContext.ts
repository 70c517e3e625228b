/** What every workspace tool shares: the open folders, path resolution through the one confinement check, the deny list and argument reading. */
import * as vscode from 'vscode';
import { denyListPatterns } from '../context/files';
import { ToolError, deniedBy, displayPath, resolveWorkspacePath, type ResolvedPath, type WorkspaceFolderPath } from './workspacePath';

/** The workspace's folders on disk; folders of other schemes (remote file systems) are not offered to tools. */
export function workspaceFolders(): WorkspaceFolderPath[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ name: f.name, root: f.uri.fsPath }));
}

/**
 * Resolves a path argument inside the workspace and refuses deny-listed files, unless the user
 * allowed this one call to read one (`allowDenied`); confinement holds either way.
 */
export async function resolveToolPath(input: unknown, allowDenied = false): Promise<ResolvedPath & { readonly uri: vscode.Uri }> {
  const resolved = await resolveWorkspacePath(input, workspaceFolders());
  const pattern = deniedBy(resolved.relative, denyListPatterns());
  if (pattern && !allowDenied) throw new ToolError(`${resolved.display} matches the deny list (${pattern}); secrets are not given to tools.`);
  return { ...resolved, uri: vscode.Uri.file(resolved.absolute) };
}

/**
 * Why a call on `input` must be approved: it names a deny-listed file inside the workspace.
 * Paths that are refused anyway (outside, malformed) do not ask: the tool refuses them.
 */
export async function deniedFileWhy(input: unknown): Promise<string | undefined> {
  let resolved: ResolvedPath;
  try {
    resolved = await resolveWorkspacePath(input, workspaceFolders());
  } catch {
    return undefined;
  }
  const pattern = deniedBy(resolved.relative, denyListPatterns());
  if (!pattern) return undefined;
  return vscode.l10n.t(
    '{0} matches the deny list ({1}), which keeps secrets from the agent. Allow gives the agent this one file, this once; Deny keeps it from the agent.',
    resolved.display,
    pattern,
  );
}

/** How a tool names a file it found, the same way {@link resolveToolPath} takes it back. */
export function toolPathOf(uri: vscode.Uri): { readonly display: string; readonly relative: string } | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const relative = vscode.workspace.asRelativePath(uri, false);
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return { relative, display: displayPath({ name: folder.name, root: folder.uri.fsPath }, relative, multiRoot) };
}

/** Whether a found file is hidden from tools by the deny list. */
export function isDenied(relative: string, patterns: readonly string[] = denyListPatterns()): boolean {
  return deniedBy(relative, patterns) !== undefined;
}

/** An optional whole-number argument within [min, max]; absent gives `fallback`. */
export function intArg(args: Record<string, unknown>, name: string, fallback: number | undefined, min: number, max: number): number | undefined {
  const value = args[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ToolError(`"${name}" must be a whole number.`);
  if (value < min || value > max) throw new ToolError(`"${name}" must be between ${min} and ${max}.`);
  return value;
}

/** An optional string argument. */
export function stringArg(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ToolError(`"${name}" must be a string.`);
  return value;
}

/** A cancellation token that follows an abort signal, for VS Code APIs. */
export function tokenFor(signal: AbortSignal): vscode.CancellationTokenSource {
  const source = new vscode.CancellationTokenSource();
  if (signal.aborted) source.cancel();
  else signal.addEventListener('abort', () => source.cancel(), { once: true });
  return source;
}


/**
 * Whether a file a search found is really inside the workspace: file searches follow links,
 * so a linked folder could otherwise show the names and text of files outside it.
 */
export async function confined(uri: vscode.Uri): Promise<boolean> {
  try {
    await resolveWorkspacePath(uri.fsPath, workspaceFolders());
    return true;
  } catch {
    return false;
  }
}

/** The found files that tools may show: inside the workspace, not deny-listed; named as tools take them back. */
export async function visibleFiles(found: readonly vscode.Uri[]): Promise<{ readonly uri: vscode.Uri; readonly display: string }[]> {
  const patterns = denyListPatterns();
  const out: { uri: vscode.Uri; display: string }[] = [];
  for (const uri of found) {
    const p = toolPathOf(uri);
    if (p && !isDenied(p.relative, patterns) && (await confined(uri))) out.push({ uri, display: p.display });
  }
  return out.sort((a, b) => a.display.localeCompare(b.display));
}
