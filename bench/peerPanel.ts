// The peers' way of streaming a reply, for P1's side-by-side: the whole reply re-rendered every 50 ms.
//
// VS Code's own chat (and other chat panels built like it) keeps the reply's full text and renders
// all of its markdown again on each update, at most every 50 ms. This page does exactly that with
// the panel's own renderer, stylesheet and code block decoration, so that the only difference from
// the real panel is how a growing reply is drawn. It answers the same host messages the bench sends.
import '../webview/styles.css';
import { decorateCodeBlocks } from '../webview/codeBlocks.js';
import { registerComponents } from '../webview/components.js';
import { renderMarkdown } from '../webview/render.js';

/** How often the peers redraw a growing reply. */
const INTERVAL_MS = 50;

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

function start(): void {
  const vscode = acquireVsCodeApi();
  registerComponents();
  const log = document.createElement('div');
  log.id = 'messages';
  log.className = 'messages';
  const transcript = document.createElement('div');
  transcript.className = 'transcript';
  const main = document.createElement('main');
  main.className = 'panel-main';
  transcript.append(log);
  main.append(transcript);
  document.body.append(main);

  let body: HTMLElement | undefined;
  let text = '';
  let drawn = '';
  let strings: Parameters<typeof decorateCodeBlocks>[1] | undefined;

  const draw = (): void => {
    if (!body || !strings || text === drawn) return;
    drawn = text;
    const fragment = renderMarkdown(text);
    decorateCodeBlocks(fragment, strings, true, () => undefined);
    body.replaceChildren(fragment);
    log.scrollTop = log.scrollHeight;
  };
  setInterval(draw, INTERVAL_MS);

  window.addEventListener('message', (event: MessageEvent) => {
    const msg = event.data as { type?: string; text?: string; entry?: { role: string; text: string }; state?: { strings: typeof strings } };
    switch (msg.type) {
      case 'init':
        strings = msg.state?.strings;
        break;
      case 'append': {
        if (msg.entry?.role !== 'assistant') break;
        const article = document.createElement('article');
        article.className = 'message';
        article.dataset.role = 'assistant';
        body = document.createElement('div');
        body.className = 'message-body markdown';
        article.append(body);
        log.append(article);
        text = msg.entry.text;
        drawn = '';
        break;
      }
      case 'delta':
        text += msg.text ?? '';
        break;
      case 'update':
        if (msg.entry?.role === 'assistant') text = msg.entry.text;
        draw();
        break;
    }
  });
  vscode.postMessage({ type: 'ready' });
}

start();
