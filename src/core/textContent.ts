/** Decides whether a file's bytes are text that can be attached, and decodes them. */

/** The result of {@link decodeText}: the text, or why the file is refused. */
export type DecodedText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: 'binary' | 'notUtf8' };

/** How many leading bytes are inspected for a NUL, as Git does before calling a file binary. */
const SNIFF_BYTES = 8000;

/**
 * Text files are sent; binary ones are refused rather than sent as garbage. A NUL byte in the
 * first 8000 bytes marks a file binary (Git's rule); otherwise the bytes must be valid UTF-8
 * (a leading byte-order mark is dropped).
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const sniff = bytes.subarray(0, SNIFF_BYTES);
  if (sniff.includes(0)) return { ok: false, reason: 'binary' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, reason: 'notUtf8' };
  }
}
