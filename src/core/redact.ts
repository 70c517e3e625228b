/** Removes secrets from text before it is logged. */

/** Values that must never be logged (the API keys seen this session). */
export class SecretRedactor {
  private readonly secrets = new Set<string>();

  /** Registers a value to hide; short values are ignored so common words are never masked. */
  add(value: string | undefined): void {
    const v = value?.trim();
    if (v && v.length >= 8) this.secrets.add(v);
  }

  /** The line with every registered secret, bearer token and Authorization value replaced by `***`. */
  redact(line: string): string {
    let out = line.replace(/(authorization["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',}]+/gi, '$1$2***');
    out = out.replace(/bearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer ***');
    for (const s of this.secrets) out = out.split(s).join('***');
    return out;
  }
}
