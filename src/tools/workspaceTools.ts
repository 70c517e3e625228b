/** The registry of workspace tools the agent may call (run_command is not among them yet). */
import type { Tool } from '../core/toolLoop';
import { getDiagnosticsTool } from './getDiagnostics';
import { listFilesTool } from './listFiles';
import { proposeEditTool, type ProposeChange } from './proposeEdit';
import { readFileTool } from './readFile';
import { searchTextTool } from './searchText';

/** Every workspace tool, edits reviewed by `propose` (the extension's DiffReview). */
export function workspaceTools(propose: ProposeChange): Tool[] {
  return [readFileTool, listFilesTool, searchTextTool, getDiagnosticsTool, proposeEditTool(propose)];
}
