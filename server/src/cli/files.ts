/**
 * Which files a command works on: files as given, folders searched with the config's `files`
 * patterns (honouring .gitignore and the config's `ignore`), and glob patterns. Symbolic links
 * are not followed into folders, so a link loop cannot trap the search.
 */
import { existsSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import ignore from "ignore";
import { glob, isDynamicPattern } from "tinyglobby";
import type { ConfigCache } from "../node/config-files.js";
import { describeFsError } from "../node/fs-errors.js";
import { gitignoreFor } from "../node/gitignore.js";
import type { Console } from "./process.js";

export interface Target {
  /** As the user will see it: relative to the working directory when inside it. */
  readonly path: string;
  /** Found by searching a folder or a pattern (as opposed to named on the command line). */
  readonly searched: boolean;
}

export interface Collected {
  readonly targets: Target[];
  /** Arguments that name nothing readable; `notFound`: nothing exists there (a mistyped path). */
  readonly missing: { readonly arg: string; readonly reason: string; readonly notFound: boolean }[];
  /** Folders and patterns that matched no script. */
  readonly empty: { readonly arg: string; readonly pattern: boolean }[];
}

/** At most this many files are collected from one folder or pattern. */
export const MAX_FILES_PER_ARGUMENT = 100_000;

export async function collect(args: readonly string[], configs: ConfigCache, cwd = process.cwd()): Promise<Collected> {
  const targets: Target[] = [];
  const missing: { arg: string; reason: string; notFound: boolean }[] = [];
  const empty: { arg: string; pattern: boolean }[] = [];
  const seen = new Set<string>();
  const add = (path: string, searched: boolean) => {
    const absolute = resolve(cwd, path);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    targets.push({ path: shown(absolute, cwd), searched });
  };

  for (const arg of args) {
    if (isDynamicPattern(arg) && !existsSync(resolve(cwd, arg))) {
      const found = await searchPattern(arg, cwd, configs);
      if (found.length === 0) empty.push({ arg, pattern: true });
      for (const f of found) add(f, true);
      continue;
    }
    let stat;
    try {
      stat = statSync(resolve(cwd, arg));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      missing.push({ arg, reason: describeFsError(error), notFound: code === "ENOENT" || code === "ENOTDIR" });
      continue;
    }
    if (!stat.isDirectory()) {
      add(arg, false);
      continue;
    }
    const found = await searchFolder(resolve(cwd, arg), configs);
    if (found.length === 0) empty.push({ arg, pattern: false });
    for (const f of found) add(f, true);
  }
  return { targets, missing, empty };
}

/**
 * Says on stderr what the arguments did not reach, and whether that fails the run (exit 2): a path
 * that does not exist, a folder without scripts (`no scripts found in 'DIR'`) and a pattern that
 * matches none (`no scripts match 'GLOB'`) are errors, so a mistyped path in CI cannot pass
 * silently; with `--no-error-on-unmatched-pattern` (`errorOnUnmatched` false) each is a
 * `warning:` line instead. A named path that exists but cannot be read is always an error.
 */
export function reportUnmatched({ missing, empty }: Pick<Collected, "missing" | "empty">, out: Console, errorOnUnmatched: boolean): boolean {
  const prefix = errorOnUnmatched ? "" : "warning: ";
  let failed = false;
  for (const m of missing) {
    const unmatched = m.notFound;
    out.error(`${unmatched ? prefix : ""}cannot read '${m.arg}': ${m.reason}`);
    failed ||= !unmatched || errorOnUnmatched;
  }
  for (const e of empty) out.error(e.pattern ? `${prefix}no scripts match '${e.arg}'` : `${prefix}no scripts found in '${e.arg}'`);
  return failed || (errorOnUnmatched && empty.length > 0);
}

function shown(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : absolute;
}

async function searchPattern(pattern: string, cwd: string, configs: ConfigCache): Promise<string[]> {
  const found = await glob(pattern, { cwd, absolute: true, onlyFiles: true, followSymbolicLinks: false, dot: false, ignore: SKIPPED_FOLDERS });
  return keep(found, cwd, configs);
}

/** Never searched (nor are folders starting with `.`: the glob leaves them out); see isSkippedFolderName. */
const SKIPPED_FOLDERS = ["**/node_modules/**", "**/.git/**"];

async function searchFolder(folder: string, configs: ConfigCache): Promise<string[]> {
  // forScript looks in the folder of the file it is given: name one inside the searched folder.
  const { config } = configs.forScript(join(folder, "update.htm"));
  const found = await glob([...config.files], { cwd: folder, absolute: true, onlyFiles: true, followSymbolicLinks: false, dot: false, ignore: SKIPPED_FOLDERS });
  return keep(found, folder, configs);
}

/** Drops what .gitignore or the config's `ignore` leaves out; sorted and bounded. */
function keep(found: readonly string[], folder: string, configs: ConfigCache): string[] {
  // `ignore` patterns are relative to the folder of the config file that set them.
  const loaded = configs.forScript(join(folder, "update.htm"));
  const { config } = loaded;
  const directory = loaded.ignoreDirectory ?? loaded.directory;
  const ignored = gitignoreFor(folder);
  const configIgnore = ignore().add([...config.ignore]);
  return found
    .filter((file) => !ignored(file))
    .filter((file) => {
      const rel = relative(directory, file).split(sep).join("/");
      return rel.startsWith("..") || !configIgnore.ignores(rel);
    })
    .sort()
    .slice(0, MAX_FILES_PER_ARGUMENT);
}
