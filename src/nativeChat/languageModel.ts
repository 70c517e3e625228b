/** The "Pathors (your project)" language model, so VS Code's chat and other extensions can use the Pathors agent. */
import * as vscode from 'vscode';
import type { KeyGuard } from '../keyGuard';
import type { Activity } from '../core/activity';
import { streamChat } from '../core/pathorsClient';
import { loggingFetch } from '../core/requestLog';
import { log } from '../log';
import { abortSignalFor } from './cancellation';
import { chatEndpoint } from './endpoint';
import { nativeErrorText } from './errorText';
import { estimateTokens, toChatMessages, toToolCallPart, toToolDefinitions } from './lmMessages';

/** The vendor, as contributed in package.json. */
export const VENDOR = 'pathors';

/**
 * The model's information. `isUserSelectable` is read by VS Code 1.139 although the 1.104 typings
 * do not have it: without it, or without `toolCalling`, the chat's model picker does not list the model.
 */
function modelInformation(): vscode.LanguageModelChatInformation & { readonly isUserSelectable: boolean } {
  return {
    id: 'pathors',
    name: vscode.l10n.t('Pathors (your project)'),
    family: 'pathors',
    version: '1',
    tooltip: vscode.l10n.t("Your Pathors project's agent, with the endpoint and API key set for Pathors Chat."),
    // Pathors does not publish its limits; these are sizes an agent platform accepts comfortably.
    maxInputTokens: 128_000,
    maxOutputTokens: 16_000,
    capabilities: { toolCalling: true },
    isUserSelectable: true,
  };
}

/**
 * Sends the messages it is given, as they are: the whole conversation each time and no
 * `X-Session-ID`, since the caller keeps the conversation (like `pathors.sendWholeTranscript`).
 */
export class PathorsLanguageModel implements vscode.LanguageModelChatProvider {
  constructor(
    private readonly guard: KeyGuard,
    private readonly activity: Activity,
    private readonly fetchImpl: typeof fetch = loggingFetch(log),
  ) {}

  provideLanguageModelChatInformation(): vscode.LanguageModelChatInformation[] {
    return [modelInformation()];
  }

  async provideLanguageModelChatResponse(
    _model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const resolved = await chatEndpoint(this.guard);
    if (!resolved.ok) throw new Error(resolved.message);
    const { endpoint } = resolved;
    log.info(`Pathors model: POST ${endpoint.url} (${messages.length} messages, ${options.tools?.length ?? 0} tools)`);
    const abort = abortSignalFor(token);
    const end = this.activity.begin();
    try {
      for await (const ev of streamChat({
        url: endpoint.url,
        apiKey: endpoint.apiKey,
        messages: toChatMessages(messages),
        tools: toToolDefinitions(options.tools),
        signal: abort.signal,
        fetch: this.fetchImpl,
        requestTimeoutMs: endpoint.requestTimeoutMs,
        idleTimeoutMs: endpoint.idleTimeoutMs,
      })) {
        if (ev.type === 'delta') progress.report(new vscode.LanguageModelTextPart(ev.text));
        else if (ev.type === 'toolCalls') for (const call of ev.calls) progress.report(toToolCallPart(call));
        else if (ev.type === 'error') {
          // A stop by the caller is not a failure; what arrived was already reported.
          if (ev.error.kind === 'aborted') return;
          throw new Error(nativeErrorText(ev.error).message);
        }
      }
    } finally {
      abort.dispose();
      end();
    }
  }

  /** An estimate, about four characters a token: Pathors reports no counts and its tokenizer is unknown. */
  async provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return estimateTokens(text);
  }
}

/**
 * Registers the provider, then asks for its model once. VS Code 1.139 resolves a provider's models
 * only when something asks: until then the chat's model picker does not list Pathors, and the first
 * `@pathors` message fails with "Language model unavailable".
 */
export function registerLanguageModel(context: vscode.ExtensionContext, guard: KeyGuard, activity: Activity): void {
  context.subscriptions.push(vscode.lm.registerLanguageModelChatProvider(VENDOR, new PathorsLanguageModel(guard, activity)));
  void Promise.resolve(vscode.lm.selectChatModels({ vendor: VENDOR })).catch((err: unknown) => log.debug(`Pathors model not resolved: ${String(err)}`));
}
