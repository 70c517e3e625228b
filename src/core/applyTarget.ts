/** Finds the file a reply's code block is meant for: a path in the fence info, or a path comment on its first line. */

/** Where a target came from; a first-line comment is also told, so it can be left out of the file. */
export type ApplyTarget =
  | { readonly path: string; readonly from: 'info' }
  | { readonly path: string; readonly from: 'comment'; readonly commentLine: string };

/**
 * Something that reads as a relative or absolute file path: no spaces or quotes, not a URL, and
 * with a directory separator or an extension, so words like `typescript` or `copy` are not taken.
 */
function looksLikePath(s: string): boolean {
  if (!s || s.length > 260 || /[\s"'`<>|*?]/.test(s) || /^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return false;
  const name = s.split(/[\\/]/).pop() ?? '';
  if (!name || name === '.' || name === '..') return false;
  return /[\\/]/.test(s) || /^\.?[^.]+(\.[^.]+)*\.(?=[\w-]*[A-Za-z])[\w-]{1,10}$/.test(name) || /^\.[A-Za-z0-9_-]+$/.test(name);
}

/** A path from the fence info string: ```` ```ts src/a.ts ````, ```` ```ts title="src/a.ts" ````, ```` ```ts:src/a.ts ````. */
export function targetFromInfo(info: string): string | undefined {
  const attr = /\b(?:title|file|filename|path)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/i.exec(info);
  if (attr) {
    const value = (attr[1] ?? attr[2] ?? attr[3] ?? '').trim();
    return looksLikePath(value) ? value : undefined;
  }
  const words = info.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const colon = /^[A-Za-z0-9_+#-]+:(.+)$/.exec(words[0]);
  if (colon && looksLikePath(colon[1])) return colon[1];
  // The first word is the language; a path may follow it. A lone path (no language) counts too.
  for (const word of words.length === 1 ? words : words.slice(1)) {
    if (looksLikePath(word)) return word;
  }
  return undefined;
}

/** Comment forms that may hold a path on a block's first line, with an optional `File:`/`filepath:` label. */
const COMMENT_FORMS: readonly RegExp[] = [
  /^\s*(?:\/\/|#|--|;|%|')\s*(?:(?:file(?:name|path)?|path)\s*:\s*)?(\S+)\s*$/i,
  /^\s*\/\*\s*(?:(?:file(?:name|path)?|path)\s*:\s*)?(\S+)\s*\*\/\s*$/i,
  /^\s*<!--\s*(?:(?:file(?:name|path)?|path)\s*:\s*)?(\S+)\s*-->\s*$/i,
];

/** A path named by a comment that is the code's whole first line: `// src/a.ts`, `# a.py`, `<!-- a.html -->`. */
export function targetFromFirstLine(code: string): { path: string; line: string } | undefined {
  const line = code.split(/\r?\n/, 1)[0] ?? '';
  // A shebang is code, not a path comment.
  if (line.startsWith('#!')) return undefined;
  for (const form of COMMENT_FORMS) {
    const m = form.exec(line);
    if (m && looksLikePath(m[1])) return { path: m[1], line };
  }
  return undefined;
}

/** The block's target: the fence info wins over a first-line comment. */
export function findApplyTarget(info: string, code: string): ApplyTarget | undefined {
  const fromInfo = targetFromInfo(info);
  if (fromInfo) return { path: fromInfo, from: 'info' };
  const fromComment = targetFromFirstLine(code);
  return fromComment ? { path: fromComment.path, from: 'comment', commentLine: fromComment.line } : undefined;
}
