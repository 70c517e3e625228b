/** The 20 MB event stream P2 plays: chat.completion.chunk events as Pathors sends them, the same on every run. */

import { rng } from '../test/unit/helpers';

const TARGET_BYTES = 20 * 1024 * 1024;

const WORDS = ['the ', 'session ', 'stream ', '`fetch` ', '**bold** ', '你好', '世界，', '🌏 ', 'const x = 1;\n', '- item\n', '```ts\n', 'é ', 'ok. '];

/** About 20 MB of chat.completion.chunk events as Pathors sends them: deltas of 1-4 words. */
export function buildStream(): { body: Buffer; textChars: number; events: number } {
  const random = rng(2);
  const parts: string[] = [];
  let size = 0;
  let textChars = 0;
  let events = 0;
  const created = 1_700_000_000;
  const push = (s: string) => {
    parts.push(s);
    size += Buffer.byteLength(s);
  };
  while (size < TARGET_BYTES) {
    let content = '';
    for (let n = 1 + Math.floor(random() * 4); n > 0; n--) content += WORDS[Math.floor(random() * WORDS.length)];
    textChars += content.length;
    events++;
    push(
      `data: ${JSON.stringify({
        id: 'chatcmpl-bench',
        object: 'chat.completion.chunk',
        created,
        model: 'pathway-default',
        choices: [{ index: 0, delta: { content }, finish_reason: null }],
        session_id: 'session-bench',
      })}\n\n`,
    );
  }
  push(`data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'pathway-default', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], session_id: 'session-bench' })}\n\n`);
  push('data: [DONE]\n\n');
  return { body: Buffer.from(parts.join(''), 'utf8'), textChars, events: events + 2 };
}
