/** `upscript lint FILE…` */
import { relative } from "node:path";
import { lint } from "@upscript/language";
import { ConfigCache, type LoadedConfig } from "../node/config-files.js";
import { fsResolver } from "../node/fs-resolver.js";
import { gcc } from "./format/gcc.js";
import { json } from "./format/json.js";
import type { FileResult, Formatter } from "./format/types.js";
import { readScript } from "./io.js";
import { ExitCode, type Console } from "./process.js";

export const formatters: Record<string, Formatter> = { gcc, json };

export interface LintOptions {
  readonly format: string;
  readonly config?: string;
}

export async function lintCommand(paths: readonly string[], options: LintOptions, out: Console): Promise<ExitCode> {
  const formatter = formatters[options.format];
  if (!formatter) {
    out.error(`unknown format '${options.format}' (use ${Object.keys(formatters).join(", ")})`);
    return ExitCode.Usage;
  }
  const configs = new ConfigCache(options.config);
  let failed = false;
  const results: FileResult[] = [];
  for (const path of paths) {
    const loaded = configs.forScript(path);
    if (!reportConfig(loaded, out)) return ExitCode.Usage;
    const read = await readScript(path);
    if (!read.ok) {
      out.error(read.skipped ? `skipping '${path}': ${read.reason}` : `cannot read '${path}': ${read.reason}`);
      failed ||= !read.skipped;
      continue;
    }
    results.push({ file: path, diagnostics: lint(read.text, { config: loaded.config, resolve: fsResolver(loaded), fileName: path }) });
  }
  out.write(formatter(results));
  if (failed) return ExitCode.Usage;
  // As ESLint: errors fail the run; warnings and infos are shown but pass.
  return results.some((r) => r.diagnostics.some((d) => d.severity === "error")) ? ExitCode.Problems : ExitCode.Clean;
}

const reported = new WeakSet<LoadedConfig>();

/** Prints the problems of a config file once; false when the config is unusable. */
function reportConfig(loaded: LoadedConfig, out: Console): boolean {
  if (reported.has(loaded) || !loaded.path) return !loaded.error && loaded.problems.length === 0;
  reported.add(loaded);
  const name = relative(process.cwd(), loaded.path) || loaded.path;
  if (loaded.error) out.error(`cannot read config '${name}': ${loaded.error}`);
  for (const p of loaded.problems) out.error(`${name}:${p.range.line + 1}:${p.range.column + 1}: ${p.message}`);
  return !loaded.error && loaded.problems.length === 0;
}
