/** "Test Connection" and "Show Log". */
import * as vscode from 'vscode';
import type { ApiKeys } from '../apiKeys';
import type { KeyGuard } from '../keyGuard';
import { endpointResolution, openSettings, readSettings } from '../config';
import { settingToFix, type EndpointResolution } from '../core/endpoint';
import {
  fixActions,
  suspect,
  testConnection,
  type ConnectionFault,
  type ConnectionResult,
  type FixAction,
} from '../core/connectionCheck';
import { describeFailure, loggingFetch } from '../core/requestLog';
import { log, showLog } from '../log';
import { endpointProblemText } from '../text';

const t = vscode.l10n.t;

/**
 * Registers the commands. `pathors.testConnection` resolves to the {@link ConnectionResult} (for
 * tests and automation); its message is shown without waiting for the user to dismiss it.
 */
export function registerConnectionCommands(context: vscode.ExtensionContext, keys: ApiKeys, guard: KeyGuard): void {
  const fetchLogged = loggingFetch(log);

  const run = async (): Promise<ConnectionResult> => {
    const settings = readSettings();
    const endpoint = endpointResolution(settings);
    // The test sends the key like a question does, so it asks the same guard first.
    const grant = endpoint.ok ? await guard.keyFor(endpoint.url, { prompt: false }) : undefined;
    if (endpoint.ok && grant && !grant.ok && grant.reason !== 'noKey') {
      const result: ConnectionResult = { ok: false, fault: 'notSent', elapsedMs: 0, url: endpoint.url };
      logResult(result, endpoint);
      const open = t('Open Settings');
      void vscode.window.showErrorMessage(grant.message, open).then((choice) => (choice === open ? openSettings(settingToFix(endpoint)) : undefined));
      return result;
    }
    const apiKey = grant?.ok ? grant.apiKey : undefined;
    if (endpoint.ok && apiKey) log.info(`Test connection: POST ${endpoint.url}`);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Testing the Pathors connection…'), cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        return testConnection({
          endpoint,
          apiKey,
          requestTimeoutMs: settings.requestTimeoutSeconds * 1000,
          idleTimeoutMs: settings.idleTimeoutSeconds * 1000,
          signal: abort.signal,
          fetch: fetchLogged,
        }).finally(() => sub.dispose());
      },
    );
    logResult(result, endpoint);
    void report(result, endpoint, settings.projectId, apiKey).catch((err: unknown) => log.error(`Test connection: ${String(err)}`));
    return result;
  };

  /** Shows the outcome; a fix that changes something runs the test again. */
  const report = async (result: ConnectionResult, endpoint: EndpointResolution, projectId: string, usedKey: string | undefined) => {
    if (result.ok) {
      const ms = Math.round(result.elapsedMs);
      void vscode.window.showInformationMessage(
        result.sessionId
          ? t('Connected to {0} in {1} ms. The agent answered and the server started a session.', host(result.url), ms)
          : t('Connected to {0} in {1} ms. The agent answered, but the server sent no session ID, so it may not keep the conversation.', host(result.url), ms),
      );
      return;
    }
    if (result.fault === 'cancelled') return;
    const actions = fixActions(result.fault);
    const labels: Record<FixAction, string> = { setApiKey: t('Set API Key'), openSettings: t('Open Settings'), showLog: t('Show Log') };
    const choice = await vscode.window.showErrorMessage(faultText(result, endpoint, projectId), ...actions.map((a) => labels[a]));
    const action = actions.find((a) => labels[a] === choice);
    if (action === 'setApiKey') {
      await vscode.commands.executeCommand('pathors.setApiKey');
      const key = await keys.get();
      if (key && key !== usedKey) await run();
    } else if (action === 'openSettings') {
      await openSettings(settingToFix(endpoint));
    } else if (action === 'showLog') {
      showLog();
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('pathors.testConnection', run),
    vscode.commands.registerCommand('pathors.showLog', showLog),
  );
}

function logResult(result: ConnectionResult, endpoint: EndpointResolution): void {
  const ms = Math.round(result.elapsedMs);
  if (result.ok) {
    log.info(`Test connection: OK in ${ms} ms, ${result.sessionId ? 'a session ID came back' : 'no session ID came back'}`);
    return;
  }
  const source = endpoint.ok ? endpoint.source : undefined;
  const cause = result.error ? ` (${describeFailure(result.error)})` : '';
  const line = `Test connection failed: ${result.fault}, check the ${suspect(result.fault, source)}${cause}`;
  if (result.fault === 'cancelled') log.info(line);
  else log.warn(line);
}

/** The host and port of a URL, for messages. */
function host(url: string | undefined): string {
  try {
    return url ? new URL(url).host : '';
  } catch {
    return url ?? '';
  }
}

function withDetail(detail: string | undefined): string {
  return detail ? ` (${detail})` : '';
}

/** What the user reads for a failed test: what is wrong, and where to fix it. */
function faultText(result: Extract<ConnectionResult, { ok: false }>, endpoint: EndpointResolution, projectId: string): string {
  const at = host(result.url);
  const status = result.error?.status ?? 0;
  const detail = withDetail(result.error?.detail);
  const seconds = Math.round((result.error?.timeoutMs ?? 0) / 100) / 10;
  const fault: ConnectionFault = result.fault;
  switch (fault) {
    case 'noKey':
      return t("No Pathors API key is set. Set the key from your project's integration settings, then test again.");
    case 'noProject':
    case 'badEndpoint':
      return endpoint.ok ? t('{0} is not a URL that can be requested{1}. Check the URL in your settings.', result.url ?? '', detail) : endpointProblemText(endpoint);
    case 'keyRejected':
      return t('{0} rejected the API key (HTTP {1}). Set a valid key for this project.', at, status);
    case 'notFound':
      return endpoint.ok && endpoint.source === 'endpointUrl'
        ? t('Nothing at the endpoint URL takes chat requests (HTTP 404){0}. Check the "pathors.endpointUrl" setting.', detail)
        : t('{0} has no chat endpoint for project "{1}" (HTTP 404){2}. Check the project ID, and that the API integration is enabled for the project.', at, projectId, detail);
    case 'dns':
      return t('The host name {0} could not be found. Check the URL in your settings and your network.', at);
    case 'refused':
      return t('{0} refused the connection: nothing is listening there. Check the host and port in your settings, and that the server is running.', at);
    case 'tls':
      return t('The secure connection to {0} failed{1}. Check the URL, your proxy and your certificates.', at, detail);
    case 'network':
      return t('Cannot reach {0}{1}. Check your network and proxy.', at, detail);
    case 'timeout':
      return t('No answer from {0} within {1} s. Check your network and proxy, or raise the "pathors.requestTimeoutSeconds" setting.', at, seconds);
    case 'stalled':
      return t('{0} accepted the request but sent no reply within {1} s. The agent may be slow; try again, or raise the "pathors.idleTimeoutSeconds" setting.', at, seconds);
    case 'notPathors':
      return t('{0} answered with something that is not a chat reply (a proxy or login page?). Check the URL in your settings and your proxy.', at);
    case 'rejected':
      return t('{0} refused the chat request (HTTP {1}){2}. Check that the URL is a chat-completions endpoint.', at, status, detail);
    case 'rateLimited':
      return t('{0} is receiving too many requests (HTTP {1}). Try again in a moment.', at, status);
    case 'server':
      return t('The service at {0} failed (HTTP {1}){2}. Try again in a moment.', at, status, detail);
    case 'replyFailed':
      return t('{0} accepted the request, but the reply failed{1}.', at, detail);
    case 'redirected':
      return t('{0} redirected the request to {1}. Redirects are not followed, so nothing was sent there; if that is the right address, put it in your settings.', at, result.error?.detail ?? '');
    case 'notSent':
      return t('Nothing was sent to {0}.', at);
    case 'cancelled':
      return t('Connection test cancelled.');
  }
}
