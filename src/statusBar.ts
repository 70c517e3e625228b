/** The "Pathors" status bar item: ready, what is missing, streaming, or that the last request failed. */
import * as vscode from 'vscode';
import type { ApiKeys } from './apiKeys';
import type { Activity } from './core/activity';
import type { ChatController } from './chatController';
import { configProblem, endpointResolution, onDidChangeSettings } from './config';
import { settingToFix } from './core/endpoint';
import { endsWithError, statusKind, statusLook, type StatusInputs, type StatusKind } from './core/statusState';

const t = vscode.l10n.t;

/** The words for each state: the item's text and its tooltip (also its accessible name). */
function words(kind: StatusKind): { text: string; tooltip: string } {
  switch (kind) {
    case 'ready':
      return { text: t('Pathors'), tooltip: t('Pathors is ready. Click to open the chat.') };
    case 'streaming':
      return { text: t('Pathors'), tooltip: t('Pathors is answering. Click to open the chat.') };
    case 'noKey':
      return { text: t('Pathors: no key'), tooltip: t('No Pathors API key is set. Click to set it.') };
    case 'noProject':
      return { text: t('Pathors: no project'), tooltip: t('No Pathors project ID (or endpoint URL) is set. Click to open the settings.') };
    case 'badEndpoint':
      return { text: t('Pathors: bad URL'), tooltip: t('The Pathors URL in your settings is not a valid http or https URL. Click to open the settings.') };
    case 'error':
      return { text: t('Pathors: error'), tooltip: t('The last Pathors request failed. Click to show the log.') };
  }
}

/**
 * Shows the item and keeps it current; returns what it currently shows (for tests). `elsewhere`
 * counts the requests of @pathors and the Pathors model: they stream Pathors too, so the item
 * says so while they run, whatever the sidebar does.
 */
export function registerStatusBar(context: vscode.ExtensionContext, controller: ChatController, keys: ApiKeys, elsewhere: Activity): () => StatusKind {
  const item = vscode.window.createStatusBarItem('pathors.status', vscode.StatusBarAlignment.Right, 100);
  item.name = t('Pathors');
  let inputs: StatusInputs = {
    hasKey: false,
    configProblem: configProblem(),
    busy: controller.session.busyRequestId !== null || elsewhere.active,
    lastRequestFailed: endsWithError(controller.session.transcript),
  };
  let kind: StatusKind = statusKind(inputs);

  const render = (changes: Partial<StatusInputs>) => {
    inputs = { ...inputs, ...changes };
    kind = statusKind(inputs);
    const look = statusLook(kind, settingToFix(endpointResolution()));
    const { text, tooltip } = words(kind);
    item.text = `${look.icon} ${text}`;
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: tooltip };
    item.command = { title: text, command: look.command.command, arguments: look.command.arguments?.slice() };
    item.backgroundColor = look.background ? new vscode.ThemeColor(look.background) : undefined;
  };
  const refreshKey = async () => render({ hasKey: await keys.has() });

  render({});
  item.show();
  void refreshKey();

  const unsubscribe = controller.onSessionUpdate((u) => {
    switch (u.type) {
      case 'busy':
        render({ busy: u.requestId !== null || elsewhere.active, lastRequestFailed: endsWithError(controller.session.transcript) });
        break;
      case 'append':
      case 'remove':
      case 'reset':
        render({ lastRequestFailed: endsWithError(controller.session.transcript) });
        break;
      default:
        // Deltas and entry updates change nothing shown here.
        break;
    }
  });
  const unsubscribeElsewhere = elsewhere.onDidChange(() => render({ busy: controller.session.busyRequestId !== null || elsewhere.active }));
  context.subscriptions.push(
    item,
    { dispose: unsubscribe },
    { dispose: unsubscribeElsewhere },
    keys.onDidChange(() => void refreshKey()),
    onDidChangeSettings(() => render({ configProblem: configProblem() })),
  );
  return () => kind;
}
