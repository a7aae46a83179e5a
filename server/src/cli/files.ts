/**
 * Which files a command works on: files as given, folders searched with the config's `files`
 * patterns (honouring .gitignore and the config's `ignore`), and glob patterns. Symbolic links
 * are not followed into folders, so a link loop cannot trap the search.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import ignore from "ignore";
import { glob, isDynamicPattern } from "tinyglobby";
import { SCRIPT_FILE_PATTERNS, isScriptFileName, isSkippedFolderName } from "@upscript/language";
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
  /**
   * The files, in order: each iteration walks the folders again, reading one folder at a time,
   * so the files of a large tree are never all held at once.
   */
  readonly targets: Iterable<Target>;
  /** Arguments that name nothing readable; `notFound`: nothing exists there (a mistyped path). */
  readonly missing: { readonly arg: string; readonly reason: string; readonly notFound: boolean }[];
  /** Folders and patterns that matched no script. */
  readonly empty: { readonly arg: string; readonly pattern: boolean }[];
}

/** At most this many files are collected from one folder or pattern. */
export const MAX_FILES_PER_ARGUMENT = 100_000;

export async function collect(args: readonly string[], configs: ConfigCache, cwd = process.cwd()): Promise<Collected> {
  const missing: { arg: string; reason: string; notFound: boolean }[] = [];
  const empty: { arg: string; pattern: boolean }[] = [];
  /** Per argument: its files (absolute paths) and whether they were searched for. */
  const sources: { readonly files: () => Iterable<string>; readonly searched: boolean }[] = [];
  const isEmpty = (files: () => Iterable<string>) => files()[Symbol.iterator]().next().done === true;

  for (const arg of args) {
    if (isDynamicPattern(arg) && !existsSync(resolve(cwd, arg))) {
      const found = await searchPattern(arg, cwd, configs);
      if (found.length === 0) empty.push({ arg, pattern: true });
      sources.push({ files: () => found, searched: true });
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
      sources.push({ files: () => [resolve(cwd, arg)], searched: false });
      continue;
    }
    const files = await searchFolder(resolve(cwd, arg), configs);
    if (isEmpty(files)) empty.push({ arg, pattern: false });
    sources.push({ files, searched: true });
  }
  // One argument cannot name a file twice; several may (a file and its folder).
  const dedupe = sources.length > 1;
  const targets: Iterable<Target> = {
    *[Symbol.iterator]() {
      const seen = new Set<string>();
      for (const { files, searched } of sources) {
        for (const absolute of files()) {
          if (dedupe) {
            if (seen.has(absolute)) continue;
            seen.add(absolute);
          }
          yield { path: shown(absolute, cwd), searched };
        }
      }
    },
  };
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

/**
 * A folder's scripts, sorted and bounded. With the default `files` patterns (the script files,
 * isScriptFileName) the folder is walked one folder at a time, in the order sorting the paths
 * would give; other patterns are globbed at once.
 */
async function searchFolder(folder: string, configs: ConfigCache): Promise<() => Iterable<string>> {
  // forScript looks in the folder of the file it is given: name one inside the searched folder.
  const { config } = configs.forScript(join(folder, "update.htm"));
  if (config.files.length === SCRIPT_FILE_PATTERNS.length && SCRIPT_FILE_PATTERNS.every((p) => config.files.includes(p))) {
    const kept = keeper(folder, configs);
    return () => walkScripts(folder, kept, MAX_FILES_PER_ARGUMENT);
  }
  const found = keep(await glob([...config.files], { cwd: folder, absolute: true, onlyFiles: true, followSymbolicLinks: false, dot: false, ignore: SKIPPED_FOLDERS }), folder, configs);
  return () => found;
}

/**
 * The script files below `root` that `kept` keeps, at most `max`, as the glob would find them
 * (regular files only, no links followed, no dot or node_modules folders) and sorted as their
 * paths sort: within a folder by name, a folder's name counting as if followed by its `/`.
 */
function* walkScripts(root: string, kept: (file: string) => boolean, max: number): Generator<string> {
  let count = 0;
  function* folder(dir: string): Generator<string> {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const items: { key: string; path: string; folder: boolean }[] = [];
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!isSkippedFolderName(entry.name)) items.push({ key: `${entry.name}/`, path: join(dir, entry.name), folder: true });
      } else if (entry.isFile() && isScriptFileName(entry.name)) items.push({ key: entry.name, path: join(dir, entry.name), folder: false });
    }
    items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const item of items) {
      if (count >= max) return;
      if (item.folder) yield* folder(item.path);
      else if (kept(item.path)) {
        count++;
        yield item.path;
      }
    }
  }
  yield* folder(root);
}

/** Drops what .gitignore or the config's `ignore` leaves out; sorted and bounded. */
function keep(found: readonly string[], folder: string, configs: ConfigCache): string[] {
  return found.filter(keeper(folder, configs)).sort().slice(0, MAX_FILES_PER_ARGUMENT);
}

/** Whether a file below `folder` is kept: not left out by .gitignore or the config's `ignore`. */
function keeper(folder: string, configs: ConfigCache): (file: string) => boolean {
  // `ignore` patterns are relative to the folder of the config file that set them.
  const loaded = configs.forScript(join(folder, "update.htm"));
  const { config } = loaded;
  const directory = loaded.ignoreDirectory ?? loaded.directory;
  const ignored = gitignoreFor(folder);
  const configIgnore = ignore().add([...config.ignore]);
  const noConfigIgnore = config.ignore.length === 0;
  return (file) => {
    if (ignored(file)) return false;
    if (noConfigIgnore) return true;
    const rel = relative(directory, file).split(sep).join("/");
    return rel.startsWith("..") || !configIgnore.ignores(rel);
  };
}
