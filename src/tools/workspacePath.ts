/** Path confinement for the agent's tools: the one place a path the agent names becomes a file inside a workspace folder, or a refusal. */
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { denyListMatcher } from '../core/denyList';

/** A tool call that cannot be carried out; its message is what the agent reads. */
export class ToolError extends Error {}

/** A workspace folder on disk. */
export interface WorkspaceFolderPath {
  readonly name: string;
  /** Its file-system path. */
  readonly root: string;
}

/** A path resolved inside a folder. */
export interface ResolvedPath {
  readonly folder: WorkspaceFolderPath;
  /** The file-system path (as named, before following links). */
  readonly absolute: string;
  /** Relative to the folder, with `/`; empty for the folder itself. */
  readonly relative: string;
  /** How tools name it to the agent: prefixed with the folder's name in a multi-root workspace. */
  readonly display: string;
}

/** Case-insensitive file systems (Windows, macOS): compare and match paths without case. */
export const IGNORE_CASE = process.platform === 'win32' || process.platform === 'darwin';

function inside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `p`; for a path that does not exist yet, its nearest existing parent's real path plus the rest. */
async function realOrParent(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    const parent = path.dirname(p);
    if (parent === p) return p;
    return path.join(await realOrParent(parent), path.basename(p));
  }
}

/** How `relative` in `folder` is shown to the agent. */
export function displayPath(folder: WorkspaceFolderPath, relative: string, multiRoot: boolean): string {
  return multiRoot ? path.posix.join(folder.name, relative) : relative || '.';
}

/**
 * Resolves `input` (a tool argument) inside `folders`. Relative paths are taken from the first
 * folder, or from the folder whose name they start with in a multi-root workspace; an absolute
 * path must lie in a folder. `..` that leaves the folder and symlinks whose target is outside it
 * are refused, also for files that do not exist yet (their nearest existing parent counts).
 */
export async function resolveWorkspacePath(input: unknown, folders: readonly WorkspaceFolderPath[]): Promise<ResolvedPath> {
  if (typeof input !== 'string' || input.trim() === '') throw new ToolError('"path" must be a non-empty string.');
  if (input.includes('\0')) throw new ToolError('"path" must not contain a NUL character.');
  if (folders.length === 0) throw new ToolError('No workspace folder is open.');
  const multiRoot = folders.length > 1;
  const named = input.replace(/\\/g, '/');
  let folder: WorkspaceFolderPath | undefined;
  let absolute: string;
  if (path.isAbsolute(input) || /^[a-zA-Z]:\//.test(named)) {
    absolute = path.resolve(input);
    folder = folders.find((f) => inside(path.resolve(f.root), absolute));
    if (!folder) throw new ToolError(`${input} is outside the workspace folders; give a path inside the workspace.`);
  } else {
    const [first, ...rest] = named.split('/');
    folder = multiRoot ? folders.find((f) => f.name === first) : undefined;
    const within = folder ? rest.join('/') : named;
    folder ??= folders[0];
    absolute = path.resolve(folder.root, within);
  }
  const root = path.resolve(folder.root);
  if (!inside(root, absolute)) throw new ToolError(`${input} leads outside the workspace folder "${folder.name}".`);
  const realRoot = await realOrParent(root);
  if (!inside(realRoot, await realOrParent(absolute))) {
    throw new ToolError(`${input} is a link (or inside a linked folder) that leads outside the workspace folder "${folder.name}".`);
  }
  const relative = path.relative(root, absolute).split(path.sep).join('/');
  return { folder, absolute, relative, display: displayPath(folder, relative, multiRoot) };
}

/** The deny-list pattern a folder-relative path matches, if any: such files are refused or hidden. */
export function deniedBy(relative: string, patterns: readonly string[]): string | undefined {
  return denyListMatcher(patterns, IGNORE_CASE)(relative);
}
