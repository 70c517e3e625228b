/** Collects diagnostics (of the active file or of every file) as a problems attachment. */
import * as vscode from 'vscode';
import type { Problem, ProblemsAttachment } from '../core/attachments';
import { attachmentPath } from './files';

/** Files whose line texts are looked up; beyond them problems are sent without the line. */
const MAX_FILES_WITH_LINES = 50;

const SEVERITY: Readonly<Record<vscode.DiagnosticSeverity, Problem['severity']>> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function codeText(code: vscode.Diagnostic['code']): string | undefined {
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** The document holding the lines the problems are on: the open one (unsaved text) or the file on disk. */
async function documentFor(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open;
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch {
    return undefined;
  }
}

/**
 * The problems of `uri`, or of every file when it is undefined: errors first, then by file and
 * line, each with the text of its line so the agent sees the code it is about.
 */
export async function collectProblems(uri?: vscode.Uri): Promise<ProblemsAttachment> {
  const entries: Array<[vscode.Uri, readonly vscode.Diagnostic[]]> = uri ? [[uri, vscode.languages.getDiagnostics(uri)]] : vscode.languages.getDiagnostics();
  const withProblems = entries.filter(([, list]) => list.length > 0);
  const problems: Problem[] = [];
  for (const [index, [file, list]] of withProblems.entries()) {
    const document = index < MAX_FILES_WITH_LINES ? await documentFor(file) : undefined;
    const path = attachmentPath(file);
    for (const d of list) {
      const line = d.range.start.line;
      problems.push({
        severity: SEVERITY[d.severity],
        message: d.message,
        path,
        line: line + 1,
        column: d.range.start.character + 1,
        source: d.source,
        code: codeText(d.code),
        lineText: document && line < document.lineCount ? document.lineAt(line).text : undefined,
      });
    }
  }
  const rank: Record<Problem['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };
  problems.sort((a, b) => rank[a.severity] - rank[b.severity] || a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
  return { kind: 'problems', problems };
}
