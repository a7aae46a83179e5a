/**
 * Files as they were at a git revision, read with `git show REV:path`: the base that
 * check-serial-unchanged compares a script with, and that cfg-serial-unchanged compares the files
 * its cfg lines load with. The CLI reads synchronously (`--base REV`); the language server runs
 * the same commands in the background (`gitAsync`) and answers from what it has read.
 *
 * The web root boundary holds here too (docs/security.md): a URL is mapped with `locate()`, and
 * only a path inside the declared folder is looked up in git.
 */
import { execFile, execFileSync } from "node:child_process";
import { dirname, isAbsolute, relative, sep } from "node:path";
import { LIMITS } from "@upscript/grammar";
import type { ResolvedFile, Resolver } from "@upscript/language";
import type { LoadedConfig } from "./config-files.js";
import { locate } from "./web-root.js";

/** Output git may hand back for one file: a script or a cfg target is far smaller. */
const MAX_OUTPUT = LIMITS.maxCfgFileBytes;

/** Runs git and returns its standard output; throws when git fails or says more than `maxBuffer`. */
export function gitSync(args: readonly string[], cwd: string, maxBuffer = 64 * 2 ** 20): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer });
}

/** The same in the background: `undefined` when git fails, `"too-large"` beyond `maxBuffer`. */
export function gitAsync(args: readonly string[], cwd: string, done: (output: string | undefined | "too-large") => void, maxBuffer = MAX_OUTPUT): void {
  execFile("git", args, { cwd, encoding: "utf8", timeout: 5000, maxBuffer }, (error, stdout) => {
    if (!error) return done(stdout);
    done((error as NodeJS.ErrnoException).code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER" ? "too-large" : undefined);
  });
}

/** The path of `file` inside the repository at `top`, with `/`; undefined when it lies outside. */
export function pathInRepo(top: string, file: string): string | undefined {
  const rel = relative(top, file);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return undefined;
  return rel.split(sep).join("/");
}

/** Where a web root URL leads, for a look-up in git: the file's path, inside the web root only. */
export function baseLocation(url: string, loaded: LoadedConfig): { readonly path: string; readonly fsPath: string; readonly shown: string } | Exclude<ResolvedFile, { kind: "found" | "missing" | "unreadable" }> {
  const where = locate(url, loaded);
  if (where.kind !== "inside") return where;
  // The real path when the file exists now (symbolic links inside the root resolved); else as mapped.
  return { path: where.realPath ?? where.fsPath, fsPath: where.fsPath, shown: where.shown };
}

const tops = new Map<string, string | undefined>();
const shown = new Map<string, string | undefined | "too-large">();

/**
 * A resolver for the web root at `revision`, for one script (the CLI's `--base REV`). Each file is
 * read from git once per run; a file that git does not have there is `missing`. As for the files
 * on disk, one script's files add up to at most max-cfg-bytes-per-script.
 */
export function baseResolverSync(loaded: LoadedConfig, revision: string): Resolver {
  const charged = new Set<string>();
  let budget: number = LIMITS.maxCfgBytesPerScript;
  return (url) => {
    const where = baseLocation(url, loaded);
    if (!("path" in where)) return where;
    const dir = dirname(where.path);
    if (!tops.has(dir)) {
      let top: string | undefined;
      try {
        top = gitSync(["rev-parse", "--show-toplevel"], dir).trim();
      } catch {
        top = undefined;
      }
      tops.set(dir, top);
    }
    const top = tops.get(dir);
    const inRepo = top === undefined ? undefined : pathInRepo(top, where.path);
    if (top === undefined || inRepo === undefined) return { kind: "missing", path: where.shown, fsPath: where.fsPath };
    const key = `${top}\0${revision}\0${inRepo}`;
    if (!shown.has(key)) {
      let text: string | undefined | "too-large";
      try {
        text = gitSync(["show", `${revision}:${inRepo}`], top, MAX_OUTPUT);
      } catch (error) {
        text = (error as NodeJS.ErrnoException).code === "ENOBUFS" ? "too-large" : undefined;
      }
      shown.set(key, text);
    }
    const text = shown.get(key);
    if (typeof text === "string" && !charged.has(key)) {
      if (text.length > budget) return { kind: "found", path: where.shown, fsPath: where.fsPath, text: undefined, notRead: "budget" };
      charged.add(key);
      budget -= text.length;
    }
    return baseFile(text, where.shown, where.fsPath);
  };
}

/** A file read from git (or not) as the resolver answers it. */
export function baseFile(text: string | undefined | "too-large", path: string, fsPath: string): ResolvedFile {
  if (text === undefined) return { kind: "missing", path, fsPath };
  if (text === "too-large") return { kind: "found", path, fsPath, text: undefined, notRead: "too-large" };
  return { kind: "found", path, fsPath, text };
}
