/**
 * The demo agent's answers to questions with an attached file or selection: asked to "fix" or
 * "rename", it replies with a SEARCH/REPLACE block for that file, its path in the fence info,
 * so Apply can be tried without an account. It reads the context format the extension documents
 * (README, "What is sent"), independently of the extension's own code, as a real agent would.
 *
 * Node built-ins only (none needed): the integration suite bundles this file with the server.
 */

/** One attached file or selection, as read from the question. */
export interface SentContext {
  readonly path: string;
  readonly language: string;
  readonly content: string;
}

/** ``Context: `src/a.ts` (typescript), lines 12-30:``, optionally `(whole file)`. */
const HEADER = /^Context: `(.+)` \(([^()\n]*)\), lines? \d+(?:-\d+)?(?: \(whole file\))?:$/;

/** The question typed, without the attached context that follows it. */
export function typedQuestion(message: string): string {
  const at = message.search(/^Context: `/m);
  return (at < 0 ? message : message.slice(0, at)).trim();
}

/** Every attached file or selection in a user message, in order. */
export function sentContexts(message: string): SentContext[] {
  const lines = message.replace(/\r\n?/g, '\n').split('\n');
  const out: SentContext[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = HEADER.exec(lines[i]);
    const fence = lines[i + 1] === '' ? /^(`{3,})/.exec(lines[i + 2] ?? '') : null;
    if (!header || !fence) continue;
    const end = lines.findIndex((l, k) => k > i + 2 && l === fence[1]);
    if (end < 0) continue;
    out.push({ path: header[1], language: header[2], content: lines.slice(i + 3, end).join('\n') });
    i = end;
  }
  return out;
}

/** A fence longer than any backtick run in `text`. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function hunk(search: readonly string[], replace: readonly string[]): string {
  return ['<<<<<<< SEARCH', ...search, '=======', ...replace, '>>>>>>> REPLACE'].join('\n');
}

/** The line comment of a language, for the note added when there is nothing to fix. */
function lineComment(language: string): string {
  return /^(python|shellscript|sh|bash|yaml|ruby|perl|r|powershell|dockerfile|makefile|toml|ini|properties)$/i.test(language) ? '#' : '//';
}

/**
 * A fix the demo can make without understanding the code: loose equality made strict, `var`
 * made `let`; else a note on the first line that nothing was found. One hunk, the lines from the
 * first to the last one changed, so its SEARCH part is found once.
 */
function fixHunk(ctx: SentContext): { block: string; summary: string } {
  const lines = ctx.content.split('\n');
  const fixed = lines.map((l) => l.replace(/([^=!<>])==(?!=)/g, '$1===').replace(/!=(?!=)/g, '!==').replace(/^(\s*)var\s/, '$1let '));
  const changed = lines.flatMap((l, i) => (l !== fixed[i] ? [i] : []));
  if (changed.length > 0) {
    const [from, to] = [changed[0], changed[changed.length - 1] + 1];
    return { block: hunk(lines.slice(from, to), fixed.slice(from, to)), summary: `made ${changed.length === 1 ? 'one comparison or declaration' : `${changed.length} comparisons or declarations`} strict` };
  }
  const first = lines.findIndex((l) => l.trim() !== '');
  const line = lines[Math.max(0, first)] ?? '';
  const note = `${line.match(/^\s*/)?.[0] ?? ''}${lineComment(ctx.language)} Checked by the Pathors demo agent: no loose comparison or var found.`;
  return { block: hunk([line], [note, line]), summary: 'found nothing to fix, so it adds a note' };
}

/** `rename a to b` (names optionally in backticks); without names, the first declared name becomes `<name>Renamed`. */
function renameHunk(ctx: SentContext, question: string): { block: string; summary: string } | undefined {
  const asked = /rename\s+`?([A-Za-z_$][\w$]*)`?\s+(?:to|as|into)\s+`?([A-Za-z_$][\w$]*)`?/i.exec(question);
  const declared = /\b(?:function|const|let|var|class|def|interface|type)\s+([A-Za-z_$][\w$]*)/.exec(ctx.content)?.[1];
  const from = asked?.[1] ?? declared;
  if (!from) return undefined;
  const to = asked?.[2] ?? `${from}Renamed`;
  const pattern = `(?<![\\w$])${from.replace(/\$/g, '\\$')}(?![\\w$])`;
  const has = new RegExp(pattern);
  const word = new RegExp(pattern, 'g');
  const lines = ctx.content.split('\n');
  const changed = lines.flatMap((l, i) => (has.test(l) ? [i] : []));
  if (changed.length === 0) return undefined;
  const [start, end] = [changed[0], changed[changed.length - 1] + 1];
  const replaced = lines.slice(start, end).map((l) => l.replace(word, to));
  return { block: hunk(lines.slice(start, end), replaced), summary: `renames \`${from}\` to \`${to}\`` };
}

/**
 * The reply to a question asking to fix or rename something in its first attached file or
 * selection; `undefined` when the question has no attachment or asks for something else.
 */
export function attachmentReply(message: string): string | undefined {
  const question = typedQuestion(message);
  const ctx = sentContexts(message)[0];
  if (!ctx) return undefined;
  const wantsRename = /\brename\b|重新命名|改名/i.test(question);
  const wantsFix = /\bfix\b|修正|修復/i.test(question);
  const answer = wantsRename ? renameHunk(ctx, question) : wantsFix ? fixHunk(ctx) : undefined;
  if (!answer) return undefined;
  const fence = fenceFor(answer.block);
  return [
    `Here is a change to \`${ctx.path}\`: it ${answer.summary}.`,
    '',
    `${fence}${ctx.language} ${ctx.path}`,
    answer.block,
    fence,
    '',
    'Press **Apply** on the block to review it in a diff, then accept or reject it.',
  ].join('\n');
}
