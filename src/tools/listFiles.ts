/** The `list_files` tool: workspace-relative paths matching a glob, honouring files.exclude and hiding deny-listed files. */
import * as vscode from 'vscode';
import type { Tool } from '../core/toolLoop';
import { intArg, stringArg, tokenFor, visibleFiles } from './toolContext';

export const LIST_DEFAULT_RESULTS = 200;
export const LIST_MAX_RESULTS = 2000;

/** The `list_files` tool. */
export const listFilesTool: Tool = {
  readOnly: true,
  definition: {
    type: 'function',
    function: {
      name: 'list_files',
      description: 'Lists workspace files matching a glob (files.exclude honoured), as workspace-relative paths, sorted.',
      parameters: {
        type: 'object',
        properties: {
          glob: { type: 'string', description: 'Glob pattern, e.g. "src/**/*.ts". Default "**/*".' },
          max_results: { type: 'integer', minimum: 1, maximum: LIST_MAX_RESULTS, description: `Default ${LIST_DEFAULT_RESULTS}.` },
        },
      },
    },
  },
  async invoke(args, signal) {
    const glob = stringArg(args, 'glob')?.trim() || '**/*';
    const max = intArg(args, 'max_results', LIST_DEFAULT_RESULTS, 1, LIST_MAX_RESULTS) ?? LIST_DEFAULT_RESULTS;
    const token = tokenFor(signal);
    try {
      // No exclude argument: findFiles then applies files.exclude, as the Explorer does. One more
      // than asked tells whether the list was cut; deny-listed files are dropped after, so ask for more.
      const found = await vscode.workspace.findFiles(glob, undefined, max + 1 + 100, token.token);
      const paths = (await visibleFiles(found)).map((f) => f.display);
      if (paths.length === 0) return `No files match ${glob}.`;
      const shown = paths.slice(0, max);
      const note = paths.length > max ? `\n[Cut: more than ${max} files match; narrow the glob or raise max_results.]` : '';
      return `${shown.join('\n')}${note}`;
    } finally {
      token.dispose();
    }
  },
};
