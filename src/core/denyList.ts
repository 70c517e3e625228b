/** The deny list: files that look like secrets are attached only after the user confirms. One place decides. */
import picomatch from 'picomatch';

/** The default of `pathors.attachments.denyList`: environment files, keys and certificates. */
export const DEFAULT_DENY_LIST: readonly string[] = ['**/.env*', '**/*.pem', '**/*.key', '**/id_rsa*'];

/**
 * Builds a matcher for `patterns` (globs as in VS Code's `files.exclude`). Paths are
 * workspace-relative or absolute, with `/` or `\` separators; matching ignores case when
 * `ignoreCase` is set (Windows and macOS file systems), and dot files match `*` and `**`,
 * since `.env` is exactly what the list is for.
 */
export function denyListMatcher(patterns: readonly string[], ignoreCase = false): (path: string) => string | undefined {
  const usable = patterns.map((p) => p.trim()).filter((p) => p.length > 0);
  const matchers = usable.map((pattern) => ({ pattern, test: picomatch(pattern, { dot: true, nocase: ignoreCase }) }));
  return (path) => {
    const normalized = path.replace(/\\/g, '/').replace(/^[a-zA-Z]:/, '').replace(/^\/+/, '');
    return matchers.find((m) => m.test(normalized))?.pattern;
  };
}
