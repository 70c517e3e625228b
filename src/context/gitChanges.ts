/** Collects staged and unstaged changes through the built-in Git extension's API (`vscode.git`, version 1). */
import * as vscode from 'vscode';
import type { GitChangesAttachment } from '../core/attachments';

/** The part of the Git extension's API used here (its full typings live in vscode's extensions/git/src/api/git.d.ts). */
interface GitRepository {
  readonly rootUri: vscode.Uri;
  diff(cached?: boolean): Promise<string>;
}
interface GitApi {
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** Why there are no changes to attach. */
export type GitProblem = 'noGitExtension' | 'gitDisabled' | 'noRepository' | 'noChanges';

/** The result of {@link collectGitChanges}. */
export type GitChanges = { readonly ok: true; readonly attachment: GitChangesAttachment } | { readonly ok: false; readonly problem: GitProblem };

/** The Git extension's API, or why it is not available. */
async function gitApi(): Promise<GitApi | GitProblem> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) return 'noGitExtension';
  const git = extension.isActive ? extension.exports : await extension.activate();
  if (!git?.enabled) return 'gitDisabled';
  return git.getAPI(1);
}

/**
 * The changes of the repository holding `uri` (else of the only repository): staged first, then
 * unstaged, each under a `# Staged changes` / `# Unstaged changes` line the agent can read.
 * Untracked files are not in a diff and are not sent.
 */
export async function collectGitChanges(uri?: vscode.Uri): Promise<GitChanges> {
  const api = await gitApi();
  if (typeof api === 'string') return { ok: false, problem: api };
  const repository = (uri && api.getRepository(uri)) || (api.repositories.length === 1 ? api.repositories[0] : undefined);
  if (!repository) return { ok: false, problem: 'noRepository' };
  const [staged, unstaged] = await Promise.all([repository.diff(true), repository.diff(false)]);
  const parts: string[] = [];
  if (staged.trim()) parts.push('# Staged changes', staged.replace(/\n$/, ''));
  if (unstaged.trim()) parts.push('# Unstaged changes', unstaged.replace(/\n$/, ''));
  if (parts.length === 0) return { ok: false, problem: 'noChanges' };
  return { ok: true, attachment: { kind: 'gitChanges', diff: `${parts.join('\n')}\n` } };
}
