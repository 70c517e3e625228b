/** Collects files as attachments: the picker's candidates, and reading a file (unsaved text first) with the binary and deny-list checks. */
import * as vscode from 'vscode';
import type { FileAttachment } from '../core/attachments';
import { DEFAULT_DENY_LIST, denyListMatcher } from '../core/denyList';
import { decodeText } from '../core/textContent';

/** Files larger than this are refused before reading: the budget would send a sliver of them anyway. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Most workspace files offered in the picker; typing filters within them. */
const MAX_CANDIDATES = 5000;

/** One entry of the file picker. */
export interface FileCandidate {
  readonly uri: vscode.Uri;
  /** Workspace-relative path. */
  readonly path: string;
  /** Open in an editor tab: listed first. */
  readonly open: boolean;
}

/** The path shown and sent for `uri`: workspace-relative when inside a folder (as Ask about Selection has always sent it). */
export function attachmentPath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/** The patterns of an exclude setting (`files.exclude`, `search.exclude`) that are switched on. */
function excludes(section: string, key: string): string[] {
  const value = vscode.workspace.getConfiguration(section).get<Record<string, unknown>>(key) ?? {};
  return Object.entries(value)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

/**
 * The files to offer: the open editors' files first (the active one at the top), then the
 * workspace's files, honouring both `files.exclude` and `search.exclude` as Quick Open does.
 */
export async function fileCandidates(token?: vscode.CancellationToken): Promise<FileCandidate[]> {
  const seen = new Set<string>();
  const out: FileCandidate[] = [];
  const add = (uri: vscode.Uri, open: boolean) => {
    const key = uri.toString();
    if (seen.has(key) || uri.scheme === 'untitled') return;
    seen.add(key);
    out.push({ uri, path: attachmentPath(uri), open });
  };
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme !== 'output') add(active, true);
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
    if (tab.input instanceof vscode.TabInputText) add(tab.input.uri, true);
  }
  const patterns = [...new Set([...excludes('files', 'exclude'), ...excludes('search', 'exclude')])];
  // An explicit exclude replaces files.exclude, so both settings go into it.
  const exclude = patterns.length ? `{${patterns.join(',')}}` : undefined;
  const found = await vscode.workspace.findFiles('**/*', exclude, MAX_CANDIDATES, token);
  found.sort((a, b) => attachmentPath(a).localeCompare(attachmentPath(b)));
  for (const uri of found) add(uri, false);
  return out;
}

/** Why a file was not attached. */
export type FileRefusal = 'binary' | 'notUtf8' | 'tooLarge' | 'unreadable';

/** The result of {@link readFileAttachment}. */
export type FileRead =
  | { readonly ok: true; readonly attachment: FileAttachment; /** The deny-list pattern it matches: ask before attaching. */ readonly denied?: string }
  | { readonly ok: false; readonly reason: FileRefusal };

/** The deny list from `pathors.attachments.denyList`, or its default. */
export function denyListPatterns(): readonly string[] {
  const value = vscode.workspace.getConfiguration('pathors').get<unknown>('attachments.denyList');
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : DEFAULT_DENY_LIST;
}

/**
 * Reads a file as an attachment. An open document gives its unsaved text; a file on disk is
 * refused when binary, not UTF-8 or over {@link MAX_FILE_BYTES}. A file on the deny list is
 * read but flagged, so the caller asks before attaching it.
 */
export async function readFileAttachment(uri: vscode.Uri, denyList: readonly string[] = denyListPatterns()): Promise<FileRead> {
  const path = attachmentPath(uri);
  const denied = denyListMatcher(denyList, process.platform === 'win32' || process.platform === 'darwin')(path);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { ok: true, attachment: { kind: 'file', path, languageId: open.languageId, content: open.getText() }, denied };
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_FILE_BYTES) return { ok: false, reason: 'tooLarge' };
    const decoded = decodeText(await vscode.workspace.fs.readFile(uri));
    if (!decoded.ok) return { ok: false, reason: decoded.reason };
    // Opening the (text) document gives the language VS Code would use for it.
    const document = await vscode.workspace.openTextDocument(uri);
    return { ok: true, attachment: { kind: 'file', path, languageId: document.languageId, content: decoded.text }, denied };
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}
