// The walkthrough against the real workbench: every command link and completion event of every
// step names a command the extension contributes and that is registered, or a setting it
// contributes, and every step's Markdown exists, in English and Traditional Chinese.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'pathors.pathors-chat';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}

interface Manifest {
  contributes: {
    walkthroughs: Array<{ id: string; title: string; steps: Step[] }>;
    commands: Array<{ command: string }>;
    views: Record<string, Array<{ id: string }>>;
    configuration: { properties: Record<string, unknown> };
  };
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** `command:` links in a step description: the command and its decoded arguments. */
function commandLinks(markdown: string): Array<{ command: string; args: unknown }> {
  return [...markdown.matchAll(/\]\(command:([\w.-]+)(?:\?([^)\s]*))?\)/g)].map((m) => ({
    command: m[1],
    args: m[2] === undefined ? undefined : JSON.parse(decodeURIComponent(m[2])),
  }));
}

describe('Walkthrough', () => {
  let ext: vscode.Extension<unknown>;
  let manifest: Manifest;
  let registered: Set<string>;
  let nls: Record<string, Record<string, string>>;

  before(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not loaded`);
    ext = found;
    if (!ext.isActive) await ext.activate();
    manifest = ext.packageJSON as Manifest;
    registered = new Set(await vscode.commands.getCommands(true));
    nls = {};
    for (const lang of ['en', 'zh-tw']) {
      const file = lang === 'en' ? 'package.nls.json' : `package.nls.${lang}.json`;
      nls[lang] = JSON.parse(await readText(vscode.Uri.joinPath(ext.extensionUri, file))) as Record<string, string>;
    }
  });

  /** A manifest value in one language (`%key%` looked up in that language's package.nls). */
  const localized = (value: string, lang: string) => value.replace(/^%(.+)%$/, (_, key: string) => {
    const text = nls[lang][key];
    assert.ok(text, `${key} is missing from package.nls (${lang})`);
    return text;
  });

  const steps = () => manifest.contributes.walkthroughs.flatMap((w) => w.steps);
  const ours = (command: string) =>
    manifest.contributes.commands.some((c) => c.command === command) ||
    Object.values(manifest.contributes.views).flat().some((v) => command === `${v.id}.focus`);

  it('has the set-up steps in order, @pathors in VS Code\'s Chat last', () => {
    assert.deepEqual(steps().map((s) => s.id), ['setProject', 'setApiKey', 'testConnection', 'askAboutSelection', 'useInVsCodeChat']);
    const events = steps().map((s) => s.completionEvents ?? []);
    assert.ok(events[0].includes('onSettingChanged:pathors.projectId'));
    assert.deepEqual(events.slice(1), [['onCommand:pathors.setApiKey'], ['onCommand:pathors.testConnection'], ['onCommand:pathors.askAboutSelection'], ['onCommand:pathors.useInVsCodeChat']]);
  });

  it('links only to registered commands, ours contributed, with the same links in every language', () => {
    let links = 0;
    for (const step of steps()) {
      const en = commandLinks(localized(step.description, 'en'));
      assert.ok(en.length > 0, `step ${step.id} has no button`);
      assert.deepEqual(commandLinks(localized(step.description, 'zh-tw')), en, `step ${step.id}: the translation changed its links`);
      for (const { command, args } of en) {
        links++;
        assert.ok(registered.has(command), `step ${step.id} links to ${command}, which is not registered`);
        if (command.startsWith('pathors.')) assert.ok(ours(command), `step ${step.id} links to ${command}, which is not contributed`);
        if (args !== undefined) assert.ok(Array.isArray(args), `step ${step.id}: arguments of ${command} must be a JSON array`);
        if (command === 'workbench.action.openSettings') {
          assert.deepEqual(args, [`@ext:${ext.id}`], `step ${step.id} opens the settings of another extension`);
        }
      }
    }
    assert.ok(links >= 5);
  });

  it('completes on commands the extension contributes and registers, and on settings it contributes', () => {
    const settings = manifest.contributes.configuration.properties;
    for (const step of steps()) {
      assert.ok(step.completionEvents?.length, `step ${step.id} never completes`);
      for (const event of step.completionEvents) {
        const [kind, name] = event.split(/:(.*)/s);
        if (kind === 'onCommand') {
          assert.ok(ours(name), `${step.id}: ${name} is not contributed`);
          assert.ok(registered.has(name), `${step.id}: ${name} is not registered`);
        } else if (kind === 'onSettingChanged') {
          assert.ok(name in settings, `${step.id}: ${name} is not a contributed setting`);
        } else {
          assert.fail(`${step.id}: unexpected completion event ${event}`);
        }
      }
    }
  });

  it('has each step\'s Markdown, in English and Traditional Chinese', async () => {
    for (const step of steps()) {
      const md = step.media.markdown;
      assert.ok(md, `step ${step.id} has no Markdown`);
      assert.match(md, /^media\/walkthrough\/[\w-]+\.md$/);
      for (const file of [md, md.replace(/\.md$/, '.nls.zh-tw.md')]) {
        const text = await readText(vscode.Uri.joinPath(ext.extensionUri, file));
        assert.match(text, /^# \S/, `${file} has no heading`);
      }
      assert.ok(localized(step.title, 'en') && localized(step.title, 'zh-tw'));
    }
  });
});
