/**
 * The local Pathors server for P2, in a process of its own so that serving the stream does not
 * compete with the client being measured for the same event loop. Started by p2Client.ts with
 * `fork`; it builds the stream once and plays it for each `play` message.
 */
import { PathorsServer } from '../test/server/pathorsServer';
import { buildStream } from './p2Stream';

/** Messages from the parent. */
export type ToServer = { readonly type: 'play' } | { readonly type: 'stop' };
/** Messages to the parent. */
export type FromServer =
  | { readonly type: 'ready'; readonly url: string; readonly apiKey: string; readonly bytes: number; readonly textChars: number; readonly events: number }
  | { readonly type: 'queued' };

/** Network writes of 64 KiB, as a server's socket buffer would hand them out. */
const WRITE_BYTES = 64 * 1024;

async function main(): Promise<void> {
  const send = (m: FromServer) => process.send?.(m);
  const { body, textChars, events } = buildStream();
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < body.length; i += WRITE_BYTES) pieces.push(body.subarray(i, i + WRITE_BYTES));
  const server = await PathorsServer.start({ apiKey: 'sk_bench' });
  process.on('message', (m: ToServer) => {
    if (m.type === 'play') {
      server.reset();
      server.enqueue({ headers: { 'content-type': 'text/event-stream' }, chunks: pieces });
      send({ type: 'queued' });
    } else {
      void server.close().then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
  send({ type: 'ready', url: server.endpointUrl(), apiKey: server.apiKey, bytes: body.length, textChars, events });
}

void main();
