/**
 * `upscript lint --print-config FILE`: the configuration that applies to FILE, merged from every
 * `.upscriptrc.json` the walk found (docs/configuration.md), as JSON, with the files it came
 * from (outermost first, nearest last) and the files that were found but ignored. FILE need not
 * exist: the configuration depends only on its folder.
 */
import { resolve } from "node:path";
import { ConfigCache, shownPath, sourcesOf } from "../node/config-files.js";
import { reportConfig } from "./lint-command.js";
import { ExitCode, type Console } from "./process.js";

export interface PrintConfigOptions {
  readonly config?: string;
  readonly stdin?: boolean;
}

export function printConfigCommand(file: string, args: readonly string[], options: PrintConfigOptions, out: Console): ExitCode {
  if (args.length || options.stdin) {
    out.error("--print-config prints the configuration for one file; give no other paths and no --stdin");
    return ExitCode.Usage;
  }
  const loaded = new ConfigCache(options.config).forScript(resolve(file));
  // Problems go to stderr as for lint; the configuration printed is what is left of the files.
  const usable = reportConfig(loaded, out);
  const report = {
    file,
    configFiles: sourcesOf(loaded).map((s) => shownPath(s.path)),
    ignored: (loaded.ignored ?? []).map((i) => ({ path: shownPath(i.path), reason: i.reason })),
    ...(loaded.stop && { searchedUpTo: shownPath(loaded.stop.folder), stoppedAt: loaded.stop.reason }),
    config: loaded.config,
  };
  out.write(`${JSON.stringify(report, null, 2)}\n`);
  return usable ? ExitCode.Clean : ExitCode.Usage;
}
