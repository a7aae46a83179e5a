/** `upscript lint FILE…` */
import { lint } from "@upscript/language";
import { gcc } from "./format/gcc.js";
import { json } from "./format/json.js";
import type { FileResult, Formatter } from "./format/types.js";
import { readScript } from "./io.js";
import { ExitCode, type Console } from "./process.js";

export const formatters: Record<string, Formatter> = { gcc, json };

export interface LintOptions {
  readonly format: string;
}

export async function lintCommand(paths: readonly string[], options: LintOptions, out: Console): Promise<ExitCode> {
  const formatter = formatters[options.format];
  if (!formatter) {
    out.error(`unknown format '${options.format}' (use ${Object.keys(formatters).join(", ")})`);
    return ExitCode.Usage;
  }
  let failed = false;
  const results: FileResult[] = [];
  for (const path of paths) {
    const read = await readScript(path);
    if (!read.ok) {
      out.error(read.skipped ? `skipping '${path}': ${read.reason}` : `cannot read '${path}': ${read.reason}`);
      failed ||= !read.skipped;
      continue;
    }
    results.push({ file: path, diagnostics: lint(read.text) });
  }
  out.write(formatter(results));
  if (failed) return ExitCode.Usage;
  return results.some((r) => r.diagnostics.length > 0) ? ExitCode.Problems : ExitCode.Clean;
}
