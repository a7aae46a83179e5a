/** `upscript fmt [PATH …] [--check|--diff|--write]`: canonical spacing, words untouched. */
import { overLimit } from "@upscript/grammar";
import { escapeControl, format } from "@upscript/language";
import { ConfigCache } from "../node/config-files.js";
import { unifiedDiff } from "./diff.js";
import { collect, reportUnmatched } from "./files.js";
import { readScript, rewriteRoots, writeAtomic } from "./io.js";
import { reportConfig } from "./lint-command.js";
import { ExitCode, type Console } from "./process.js";

export interface FmtOptions {
  readonly check?: boolean;
  /** Like --check, but prints a unified diff of what --write would change instead of the names. */
  readonly diff?: boolean;
  readonly write?: boolean;
  readonly config?: string;
  /** False with `--no-error-on-unmatched-pattern`. */
  readonly errorOnUnmatchedPattern?: boolean;
}

export async function fmtCommand(args: readonly string[], options: FmtOptions, out: Console): Promise<ExitCode> {
  if (options.write && (options.check || options.diff)) {
    out.error(`choose ${options.check ? "--check" : "--diff"} or --write, not both`);
    return ExitCode.Usage;
  }
  const configs = new ConfigCache(options.config);
  const collected = await collect(args.length ? args : ["."], configs);
  // 2 only for the tool's own trouble (usage, configuration, reading or writing).
  let failed = reportUnmatched(collected, out, options.errorOnUnmatchedPattern !== false);
  let unformatted = 0;
  for (const { path, searched } of collected.targets) {
    if (!reportConfig(configs.forScript(path), out)) return ExitCode.Usage;
    const read = readScript(path);
    if (!read.ok) {
      // Passed over, not an error: a binary, UTF-16 or oversized file, and a FIFO or device found
      // by a search (one named on the command line is an error), as in lint.
      const skipped = read.skipped || (read.special && searched);
      out.error(skipped ? `skipping '${path}': ${read.reason}` : `cannot read '${path}': ${read.reason}`);
      failed ||= !skipped;
      continue;
    }
    const limit = overLimit(read.text);
    if (limit) {
      out.error(`skipping '${path}': ${limit.message}`);
      continue;
    }
    const formatted = format(read.text);
    const changed = formatted !== read.text;
    if (options.diff) {
      if (changed) {
        unformatted++;
        out.write(unifiedDiff(path, read.text, formatted, { bom: read.bom }));
      }
    } else if (options.check) {
      if (changed) {
        unformatted++;
        out.write(`${escapeControl(path)}\n`);
      }
    } else if (options.write) {
      if (!changed) continue;
      const written = await writeAtomic(path, (read.bom ? "\uFEFF" : "") + formatted, { snapshot: read, roots: rewriteRoots(args, configs.forScript(path).path) });
      if (written.ok) out.write(`formatted ${path}\n`);
      else {
        out.error(`cannot write '${path}': ${written.reason}; left unchanged`);
        failed = true;
      }
    } else {
      out.write((read.bom ? "\uFEFF" : "") + formatted);
    }
  }
  if (failed) return ExitCode.Usage;
  if ((options.check || options.diff) && unformatted > 0) {
    out.error(`${unformatted} file${unformatted === 1 ? "" : "s"} would be reformatted (run upscript fmt --write)`);
    return ExitCode.Problems;
  }
  return ExitCode.Clean;
}
