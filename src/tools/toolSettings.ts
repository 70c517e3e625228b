/** Which tools a sidebar turn offers: `pathors.tools.*`, workspace trust, and endpoints that refused tools. */
import * as vscode from 'vscode';
import type { AgentSettings } from '../core/agentTurn';
import { DEFAULT_MAX_STEPS, type Tool } from '../core/toolLoop';

/** The setting that turns one tool on or off: `read_file` → `pathors.tools.readFile.enabled`. */
export function toolSettingId(toolName: string): string {
  return `pathors.tools.${toolName.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}.enabled`;
}

/** The endpoints the user turned tools off for (after a server refused them). */
export const DISABLED_ENDPOINTS_SETTING = 'pathors.tools.disabledEndpoints';

/**
 * The tools a turn to `url` may call, or undefined for a plain reply: tools are off, the
 * workspace is not trusted (a cloned repository must not get its contents read or commands
 * run on a stranger's agent's say-so), or the user turned them off for this endpoint.
 * `trusted` defaults to the workspace's trust; it is a parameter so the decision can be checked
 * in a trusted test host.
 */
export function agentSettings(url: string, all: readonly Tool[], trusted = vscode.workspace.isTrusted): AgentSettings | undefined {
  if (!trusted) return undefined;
  const cfg = vscode.workspace.getConfiguration();
  if (cfg.get<unknown>('pathors.tools.enabled') === false) return undefined;
  if (disabledEndpoints().includes(url)) return undefined;
  const tools = all.filter((t) => cfg.get<unknown>(toolSettingId(t.definition.function.name)) !== false);
  if (tools.length === 0) return undefined;
  const steps = cfg.get<unknown>('pathors.tools.maxSteps');
  return {
    tools,
    askReadOnly: cfg.get<unknown>('pathors.tools.askReadOnly') === true,
    maxSteps: typeof steps === 'number' && Number.isInteger(steps) && steps >= 1 ? Math.min(steps, 100) : DEFAULT_MAX_STEPS,
  };
}

function disabledEndpoints(): string[] {
  const value = vscode.workspace.getConfiguration().get<unknown>(DISABLED_ENDPOINTS_SETTING);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Turns tools off for `url` in the user's settings (the endpoint refused them). */
export async function disableToolsFor(url: string): Promise<void> {
  const list = disabledEndpoints();
  if (list.includes(url)) return;
  await vscode.workspace.getConfiguration().update(DISABLED_ENDPOINTS_SETTING, [...list, url], vscode.ConfigurationTarget.Global);
}
