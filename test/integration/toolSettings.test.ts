// Which tools a sidebar turn offers, from the real `pathors.tools.*` settings of the extension host:
// all by default, none in an untrusted workspace, one setting per tool, the master switch, the step cap, and endpoints that refused tools.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Tool } from '../../src/core/toolLoop';
import { DISABLED_ENDPOINTS_SETTING, agentSettings, disableToolsFor, toolSettingId } from '../../src/tools/toolSettings';
import { runCommandTool } from '../../src/tools/runCommand';
import { workspaceTools } from '../../src/tools/workspaceTools';

const URL = 'http://127.0.0.1:9/api/project/p/integration/api/chat/completions';
const names = (tools: readonly Tool[] | undefined) => tools?.map((t) => t.definition.function.name);

describe('Tool settings', () => {
  const all = [...workspaceTools(async () => 'rejected'), runCommandTool];
  const config = () => vscode.workspace.getConfiguration();
  const set = (id: string, value: unknown) => config().update(id, value, vscode.ConfigurationTarget.Global);
  const touched = ['pathors.tools.enabled', 'pathors.tools.askReadOnly', 'pathors.tools.maxSteps', toolSettingId('run_command'), DISABLED_ENDPOINTS_SETTING];

  afterEach(async () => {
    for (const id of touched) await set(id, undefined);
  });

  it('offers every tool by default, asking only for those that are not read-only, with 10 steps', () => {
    assert.equal(vscode.workspace.isTrusted, true, 'the test workspace is trusted');
    const settings = agentSettings(URL, all);
    assert.deepEqual(names(settings?.tools), ['read_file', 'list_files', 'search_text', 'get_diagnostics', 'propose_edit', 'run_command']);
    assert.deepEqual([settings?.askReadOnly, settings?.maxSteps], [false, 10]);
  });

  it('offers no tools at all in an untrusted workspace, whatever the settings say', async () => {
    await set('pathors.tools.enabled', true);
    await set(toolSettingId('run_command'), true);
    assert.equal(agentSettings(URL, all, false), undefined);
    assert.deepEqual(names(agentSettings(URL, all, true)?.tools), names(all));
  });

  it('names one setting per tool, declared in the manifest, and honours each', async () => {
    const declared = vscode.extensions.getExtension('pathors.pathors-chat')?.packageJSON.contributes.configuration.properties as Record<string, unknown>;
    for (const tool of all) assert.ok(declared[toolSettingId(tool.definition.function.name)], `${tool.definition.function.name} has a setting`);
    assert.equal(toolSettingId('get_diagnostics'), 'pathors.tools.getDiagnostics.enabled');
    await set(toolSettingId('run_command'), false);
    assert.equal(names(agentSettings(URL, all)?.tools)?.includes('run_command'), false);
  });

  it('reads askReadOnly and maxSteps, and a master switch turns every tool off', async () => {
    await set('pathors.tools.askReadOnly', true);
    await set('pathors.tools.maxSteps', 3);
    const settings = agentSettings(URL, all);
    assert.deepEqual([settings?.askReadOnly, settings?.maxSteps], [true, 3]);
    await set('pathors.tools.enabled', false);
    assert.equal(agentSettings(URL, all), undefined);
  });

  it('turns tools off for an endpoint that refused them, and only for it', async () => {
    await disableToolsFor(URL);
    await disableToolsFor(URL);
    assert.deepEqual(config().get(DISABLED_ENDPOINTS_SETTING), [URL]);
    assert.equal(agentSettings(URL, all), undefined);
    assert.ok(agentSettings(`${URL}?other`, all));
  });
});
