/**
 * Explicit limits: inputs beyond them are reported, never silently cut. Real update scripts are a
 * few kilobytes; these bounds keep hostile or broken files (a 50 MB log saved under a script's
 * name, a multi-megabyte line) from taking an editor or a CI run down.
 */
export const LIMITS = {
  /** Characters in one script. */
  maxTextLength: 16 * 2 ** 20,
  /** Lines in one script. */
  maxLines: 300_000,
  /** Characters in one line; longer lines are kept in the tree but not read word by word. */
  maxLineLength: 2 ** 20,
  /** Diagnostics reported for one script. */
  maxDiagnostics: 1_000,
  /** Bytes of a file that a cfg line loads; bigger files (firmware by mistake) are not read. */
  maxCfgFileBytes: 4 * 2 ** 20,
  /** Bytes of all the files one script's cfg lines load together (each distinct file counted once). */
  maxCfgBytesPerScript: 16 * 2 ** 20,
  /** Configuration lines the dry-run lists for one poll; the rest is counted, not listed. */
  maxShownConfigLines: 500,
} as const;

export interface LimitProblem {
  readonly limit: "max-text-length" | "max-lines";
  readonly message: string;
}

const mb = (chars: number) => `${(chars / 2 ** 20).toFixed(1)} MB`;

/** Whether a whole script is beyond what upscript reads; O(n), no parse. */
export function overLimit(text: string): LimitProblem | undefined {
  if (text.length > LIMITS.maxTextLength) {
    return { limit: "max-text-length", message: `the script is ${mb(text.length)}, more than the ${mb(LIMITS.maxTextLength)} upscript reads (limit max-text-length); it was not checked` };
  }
  let lines = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) if (++lines > LIMITS.maxLines) break;
  if (lines <= LIMITS.maxLines) {
    // Lone CRs end lines too; count them only when the LF count alone is not decisive.
    for (let i = text.indexOf("\r"); i >= 0 && lines <= LIMITS.maxLines; i = text.indexOf("\r", i + 1)) if (text.charCodeAt(i + 1) !== 10) lines++;
  }
  if (lines > LIMITS.maxLines) {
    return { limit: "max-lines", message: `the script has more than ${LIMITS.maxLines.toLocaleString("en-US")} lines, the most upscript reads (limit max-lines); it was not checked` };
  }
  return undefined;
}
