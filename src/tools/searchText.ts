/** The `search_text` tool: matching lines with path and line number, across workspace text files, capped in matches, files and time. */
import * as vscode from 'vscode';
import type { Tool } from '../core/toolLoop';
import { decodeText } from '../core/textContent';
import { intArg, stringArg, tokenFor, visibleFiles } from './toolContext';
import { ToolError } from './workspacePath';

export const SEARCH_DEFAULT_RESULTS = 100;
export const SEARCH_MAX_RESULTS = 1000;
/** Files searched at most, and the largest one searched: a workspace search should not read a disk. */
export const SEARCH_MAX_FILES = 5000;
export const SEARCH_MAX_FILE_BYTES = 1024 * 1024;
export const SEARCH_MAX_MS = 10_000;
/** A matching line is shown up to this many characters (minified files have very long lines). */
const MAX_LINE_CHARS = 300;

function matcher(query: string, isRegex: boolean): RegExp {
  if (!isRegex) return new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  try {
    return new RegExp(query);
  } catch (err) {
    throw new ToolError(`"query" is not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The `search_text` tool. */
export const searchTextTool: Tool = {
  readOnly: true,
  definition: {
    type: 'function',
    function: {
      name: 'search_text',
      description: 'Searches workspace text files (files.exclude honoured) for a text or a regular expression, case-sensitive. Returns "path:line: text" per matching line.',
      parameters: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'The text to find, or a JavaScript regular expression when is_regex is true.' },
          is_regex: { type: 'boolean', description: 'Default false.' },
          glob: { type: 'string', description: 'Only files matching this glob. Default "**/*".' },
          max_results: { type: 'integer', minimum: 1, maximum: SEARCH_MAX_RESULTS, description: `Most matching lines. Default ${SEARCH_DEFAULT_RESULTS}.` },
        },
        required: ['query'],
      },
    },
  },
  async invoke(args, signal) {
    const query = stringArg(args, 'query');
    if (!query) throw new ToolError('"query" must be a non-empty string.');
    if (args.is_regex !== undefined && typeof args.is_regex !== 'boolean') throw new ToolError('"is_regex" must be true or false.');
    const re = matcher(query, args.is_regex === true);
    const glob = stringArg(args, 'glob')?.trim() || '**/*';
    const max = intArg(args, 'max_results', SEARCH_DEFAULT_RESULTS, 1, SEARCH_MAX_RESULTS) ?? SEARCH_DEFAULT_RESULTS;
    const token = tokenFor(signal);
    const started = Date.now();
    const out: string[] = [];
    const cuts: string[] = [];
    try {
      const files = await vscode.workspace.findFiles(glob, undefined, SEARCH_MAX_FILES + 1, token.token);
      if (files.length > SEARCH_MAX_FILES) cuts.push(`only the first ${SEARCH_MAX_FILES} files were searched`);
      const named = await visibleFiles(files.slice(0, SEARCH_MAX_FILES));
      let skipped = 0;
      search: for (const { uri, display } of named) {
        if (signal.aborted) break;
        if (Date.now() - started > SEARCH_MAX_MS) {
          cuts.push(`the search stopped after ${SEARCH_MAX_MS / 1000} s`);
          break;
        }
        const text = await readSearchable(uri);
        if (text === undefined) {
          skipped++;
          continue;
        }
        const lines = text.split(/\r?\n/);
        for (let i = 0; i < lines.length; i++) {
          if (!re.test(lines[i])) continue;
          if (out.length === max) {
            cuts.push(`more than ${max} lines match`);
            break search;
          }
          const line = lines[i].length > MAX_LINE_CHARS ? `${lines[i].slice(0, MAX_LINE_CHARS)}…` : lines[i];
          out.push(`${display}:${i + 1}: ${line}`);
        }
      }
      if (skipped > 0) cuts.push(`${skipped} binary or large (over ${SEARCH_MAX_FILE_BYTES} bytes) files were not searched`);
    } finally {
      token.dispose();
    }
    const note = cuts.length ? `\n[Cut: ${cuts.join('; ')}.]` : '';
    return `${out.length ? out.join('\n') : `No lines match ${JSON.stringify(query)}.`}${note}`;
  },
};

/** The text of a file worth searching (open document first), or undefined for a binary, large or unreadable one. */
async function readSearchable(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > SEARCH_MAX_FILE_BYTES) return undefined;
    const decoded = decodeText(await vscode.workspace.fs.readFile(uri));
    return decoded.ok ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}
