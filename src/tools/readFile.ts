/** The `read_file` tool: a workspace file's text (unsaved edits included), a line range of it, capped. */
import * as vscode from 'vscode';
import type { Tool } from '../core/toolLoop';
import { READ_MAX_BYTES, fileText } from './fileText';
import { deniedFileWhy, intArg, resolveToolPath } from './toolContext';
import { ToolError } from './workspacePath';

/** Most lines and characters one call returns; the agent can ask for the next range. */
export const READ_MAX_LINES = 2000;
export const READ_MAX_CHARS = 60_000;

const MAX_LINE = 10_000_000;

/** The current text of `uri`: the open document's, else the file's, refused when large or binary. */
async function textOf(uri: vscode.Uri, display: string): Promise<string> {
  const file = await fileText(uri);
  switch (file.kind) {
    case 'text':
      return file.text;
    case 'missing':
      throw new ToolError(`${display} does not exist.`);
    case 'folder':
      throw new ToolError(`${display} is a folder; use list_files to see what it holds.`);
    case 'tooLarge':
      throw new ToolError(`${display} has ${file.size} bytes, more than the ${READ_MAX_BYTES} bytes read_file reads; search it with search_text instead.`);
    case 'binary':
    case 'notUtf8':
      throw new ToolError(`${display} is ${file.kind === 'binary' ? 'a binary file' : 'not UTF-8 text'}; read_file reads text only.`);
  }
}

/** The `read_file` tool. */
export const readFileTool: Tool = {
  readOnly: true,
  definition: {
    type: 'function',
    function: {
      name: 'read_file',
      description: `Reads a text file of the workspace. Returns at most ${READ_MAX_LINES} lines and ${READ_MAX_CHARS} characters, and says which lines it returned.`,
      parameters: {
        type: 'object',
        properties: {
          path: { type: 'string', description: 'Workspace-relative path (in a multi-root workspace it may start with the folder name).' },
          start_line: { type: 'integer', minimum: 1, description: 'First line to return, 1-based. Default 1.' },
          end_line: { type: 'integer', minimum: 1, description: 'Last line to return, 1-based, inclusive. Default: the end of the file.' },
        },
        required: ['path'],
      },
    },
  },
  // A deny-listed file is read only when the user allows that one call on its card.
  askWhy: (args) => deniedFileWhy(args.path),
  async invoke(args, _signal, options) {
    const file = await resolveToolPath(args.path, options?.allowedByUser === true);
    const start = intArg(args, 'start_line', 1, 1, MAX_LINE) ?? 1;
    const end = intArg(args, 'end_line', undefined, 1, MAX_LINE);
    if (end !== undefined && end < start) throw new ToolError('"end_line" must not be before "start_line".');
    const lines = (await textOf(file.uri, file.display)).split(/\r?\n/);
    const total = lines.length;
    if (start > total) throw new ToolError(`${file.display} has ${total} lines; start_line ${start} is past its end.`);
    let last = Math.min(end ?? total, total, start + READ_MAX_LINES - 1);
    let body = lines.slice(start - 1, last).join('\n');
    if (body.length > READ_MAX_CHARS) {
      body = body.slice(0, READ_MAX_CHARS);
      // Only whole lines, unless the first line alone is too long.
      const cut = body.lastIndexOf('\n');
      if (cut > 0) body = body.slice(0, cut);
      last = start + body.split('\n').length - 1;
    }
    const asked = Math.min(end ?? total, total);
    const note = last < asked ? `\n[Cut: lines ${last + 1}-${asked} not shown; ask with start_line ${last + 1}.]` : '';
    return `${file.display}, lines ${start}-${last} of ${total}:\n${body}${note}`;
  },
};
