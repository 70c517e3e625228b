/** Maps a code fence's language (`ts`, `py`, `sh`, `c++`) to a VS Code language identifier. No `vscode` import. */

/** Fence names that differ from VS Code's language id for the same language. */
const ALIASES: Readonly<Record<string, string>> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescriptreact',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', node: 'javascript', jsx: 'javascriptreact',
  py: 'python', python3: 'python', ipython: 'python',
  sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', shell: 'shellscript', console: 'shellscript', shellsession: 'shellscript',
  ps1: 'powershell', pwsh: 'powershell',
  golang: 'go', rs: 'rust', rb: 'ruby', kt: 'kotlin', kts: 'kotlin',
  cs: 'csharp', 'c#': 'csharp', 'f#': 'fsharp', fs: 'fsharp',
  'c++': 'cpp', cc: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', hxx: 'cpp', h: 'c',
  'objective-c': 'objective-c', objc: 'objective-c',
  yml: 'yaml', md: 'markdown', htm: 'html', xhtml: 'html', svg: 'xml',
  jsonc: 'jsonc', json5: 'jsonc', patch: 'diff', dockerfile: 'dockerfile', docker: 'dockerfile',
  text: 'plaintext', txt: 'plaintext', plain: 'plaintext',
};

/**
 * The VS Code language id for a fence language, or `undefined` when it names none of `known`
 * (the ids VS Code knows, from `vscode.languages.getLanguages()`).
 */
export function languageIdForFence(fence: string, known: ReadonlySet<string>): string | undefined {
  const name = fence.trim().toLowerCase();
  if (!name) return undefined;
  const id = Object.hasOwn(ALIASES, name) ? ALIASES[name] : name;
  return known.has(id) ? id : undefined;
}
