/** The `get_diagnostics` tool: the problems VS Code knows of one file or of the whole workspace, capped. */
import * as vscode from 'vscode';
import type { Tool } from '../core/toolLoop';
import { isDenied, resolveToolPath, toolPathOf } from './toolContext';

export const DIAGNOSTICS_MAX = 200;

const SEVERITY: Record<vscode.DiagnosticSeverity, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function line(display: string, d: vscode.Diagnostic): string {
  const source = d.source ? ` (${d.source})` : '';
  return `${display}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY[d.severity]}: ${d.message}${source}`;
}

/** The `get_diagnostics` tool. */
export const getDiagnosticsTool: Tool = {
  readOnly: true,
  definition: {
    type: 'function',
    function: {
      name: 'get_diagnostics',
      description: 'Lists the problems (errors, warnings) VS Code reports for a file, or for the whole workspace without a path. "path:line:column: severity: message".',
      parameters: { type: 'object', properties: { path: { type: 'string', description: 'Workspace-relative path. Default: every file.' } } },
    },
  },
  async invoke(args) {
    let entries: [string, readonly vscode.Diagnostic[]][];
    if (args.path !== undefined && args.path !== null) {
      const file = await resolveToolPath(args.path);
      entries = [[file.display, vscode.languages.getDiagnostics(file.uri)]];
    } else {
      entries = vscode.languages
        .getDiagnostics()
        .map(([uri, list]) => [toolPathOf(uri), list] as const)
        .filter((e): e is readonly [NonNullable<ReturnType<typeof toolPathOf>>, vscode.Diagnostic[]] => e[0] !== undefined && !isDenied(e[0].relative))
        .map(([p, list]): [string, readonly vscode.Diagnostic[]] => [p.display, list])
        .sort(([a], [b]) => a.localeCompare(b));
    }
    const all = entries.flatMap(([display, list]) =>
      [...list].sort((a, b) => a.severity - b.severity || a.range.start.compareTo(b.range.start)).map((d) => line(display, d)),
    );
    if (all.length === 0) return args.path !== undefined && args.path !== null ? `No problems in ${entries[0][0]}.` : 'No problems in the workspace.';
    const note = all.length > DIAGNOSTICS_MAX ? `\n[Cut: ${all.length} problems; only the first ${DIAGNOSTICS_MAX} are shown.]` : '';
    return `${all.slice(0, DIAGNOSTICS_MAX).join('\n')}${note}`;
  },
};
