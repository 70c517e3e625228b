/** Deterministic markdown replies of a chosen size: prose, lists, tables and code in several languages. */

const PROSE = [
  'Pathors keeps the conversation on the server, so each turn only carries the new question.',
  'The handler throws because `user` can be **undefined** when the session expires; guard it first.',
  'Streaming replies arrive in small pieces, and the panel renders only the part that is still growing.',
  '你好！這段程式碼會在每次請求時重新建立連線，建議改為共用同一個用戶端。',
  'See [the API reference](https://app.pathors.com/docs) for the request and response shapes.',
];
const CODE: Array<[string, string]> = [
  ['ts', 'export async function load(id: string): Promise<User> {\n  const res = await fetch(`/api/users/${id}`);\n  if (!res.ok) throw new Error(`HTTP ${res.status}`);\n  return (await res.json()) as User;\n}'],
  ['python', 'def fib(n: int) -> int:\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a'],
  ['go', 'func Sum(xs []int) (total int) {\n\tfor _, x := range xs {\n\t\ttotal += x\n\t}\n\treturn\n}'],
  ['json', '{\n  "messages": [{ "role": "user", "content": "你好!" }],\n  "stream": true\n}'],
  ['bash', 'curl -N -H "Authorization: Bearer $KEY" \\\n  -d \'{"messages":[{"role":"user","content":"hi"}],"stream":true}\' \\\n  "$BASE/api/project/$ID/integration/api/chat/completions"'],
];

/** A reply of about `bytes` UTF-8 bytes (it ends on a block boundary just past the target). */
export function markdownReply(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  let i = 0;
  const add = (s: string) => {
    parts.push(s);
    size += Buffer.byteLength(s) + 2;
  };
  while (size < bytes) {
    add(`## Section ${i + 1}`);
    add(`${PROSE[i % PROSE.length]} ${PROSE[(i + 2) % PROSE.length]}`);
    add(['- first point with `code`', '- second point, **bold**', '  - a nested point', '- third point'].join('\n'));
    const [lang, code] = CODE[i % CODE.length];
    add(`\`\`\`${lang}\n${code}\n\`\`\``);
    if (i % 3 === 0) add(['| setting | default |', '|---|:---:|', '| `pathors.baseUrl` | app.pathors.com |', '| `pathors.projectId` | — |'].join('\n'));
    add(`1. Step one\n2. Step two\n3. Step three, see ${PROSE[(i + 4) % PROSE.length]}`);
    i++;
  }
  return parts.join('\n\n');
}
