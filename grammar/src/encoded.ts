/**
 * Percent-encoded words. Script words cannot hold blanks, so values that need them are written
 * percent-encoded: the command of `scfg … /always vars%20read%20X509%2FREQUEST`, the update URL
 * of `config add UP1 /url http%3A%2F%2F…`. The device decodes such a word before it uses it;
 * these helpers do the same, and say where a word fails to decode.
 */

/** The first `%` that is not followed by two hex digits: its offset and the characters it spans (at most 3). */
export interface BadEscape {
  readonly from: number;
  readonly to: number;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** The first malformed escape (`%zz`, `%2`, a lone `%` at the end), or undefined when every `%` starts `%XX`. */
export function badEscape(text: string): BadEscape | undefined {
  for (let i = text.indexOf("%"); i >= 0; i = text.indexOf("%", i + 1)) {
    if (!isHex(text.charCodeAt(i + 1)) || !isHex(text.charCodeAt(i + 2))) return { from: i, to: Math.min(text.length, i + 3) };
  }
  return undefined;
}

/**
 * The word decoded: every `%XX` becomes its byte, the bytes are read as UTF-8, anything else
 * stays as it is (`+` is not a blank here). undefined when an escape is malformed (badEscape) or
 * the bytes are no UTF-8 (`%ff`).
 */
export function decodePercent(text: string): string | undefined {
  if (!text.includes("%")) return text;
  if (badEscape(text)) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
