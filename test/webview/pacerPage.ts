// A page that exposes the panel's UpdatePacer, for driving it with redraws of a chosen cost in Chromium.
import { UpdatePacer } from '../../webview/updatePacer';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

(window as unknown as { UpdatePacer: typeof UpdatePacer }).UpdatePacer = UpdatePacer;
acquireVsCodeApi().postMessage({ type: 'ready' });
