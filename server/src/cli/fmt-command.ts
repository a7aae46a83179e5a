/** `upscript fmt [PATH …] [--check|--write]`: canonical spacing, words untouched. */
import { overLimit } from "@upscript/grammar";
import { escapeControl, format } from "@upscript/language";
import { ConfigCache } from "../node/config-files.js";
import { collect } from "./files.js";
import { readScript, rewriteRoots, writeAtomic } from "./io.js";
import { reportConfig } from "./lint-command.js";
import { ExitCode, type Console } from "./process.js";

export interface FmtOptions {
  readonly check?: boolean;
  readonly write?: boolean;
  readonly config?: string;
}

export async function fmtCommand(args: readonly string[], options: FmtOptions, out: Console): Promise<ExitCode> {
  if (options.check && options.write) {
    out.error("choose --check or --write, not both");
    return ExitCode.Usage;
  }
  const configs = new ConfigCache(options.config);
  const { targets, missing, empty } = await collect(args.length ? args : ["."], configs);
  for (const m of missing) out.error(`cannot read '${m.arg}': ${m.reason}`);
  for (const e of empty) out.error(`no scripts found in '${e}'`);
  let failed = missing.length > 0;
  let unformatted = 0;
  for (const { path } of targets) {
    if (!reportConfig(configs.forScript(path), out)) return ExitCode.Usage;
    const read = await readScript(path);
    if (!read.ok) {
      out.error(read.skipped ? `skipping '${path}': ${read.reason}` : `cannot read '${path}': ${read.reason}`);
      failed ||= !read.skipped;
      continue;
    }
    const limit = overLimit(read.text);
    if (limit) {
      out.error(`skipping '${path}': ${limit.message}`);
      continue;
    }
    const formatted = format(read.text);
    const changed = formatted !== read.text;
    if (options.check) {
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
  if (options.check && unformatted > 0) {
    out.error(`${unformatted} file${unformatted === 1 ? "" : "s"} would be reformatted (run upscript fmt --write)`);
    return ExitCode.Problems;
  }
  return ExitCode.Clean;
}
