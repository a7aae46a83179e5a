/**
 * The declared web root on disk: which file a URL names, and reading it. The one module the CLI,
 * the dry-run and the language server use for it, so all of them keep to the same boundary
 * (docs/security.md): a URL names a file only when every decoded segment is a plain name
 * (`mapUrl`) and the file's real path, symbolic links resolved, lies inside the real path of the
 * declared folder. Anything else is `refused`: never read, linked, linted or rewritten.
 *
 * Reads are bounded (regular files only, `max-cfg-file-size` each, `max-cfg-bytes-per-script`
 * for all the cfg targets of one script) and cached by real path and file identity, so a file
 * that 100 cfg lines load is read and parsed once.
 */
import { lstatSync, realpathSync as jsRealpathSync, statSync } from "node:fs";

/**
 * The system's realpath(3): one call instead of an lstat per path component. Finding cfg and
 * firmware files was the larger part of linting a folder with a web root (10,000 scripts: 6.8 s
 * of 14.8 s); with this and existence asked without exceptions (realPathWithin), 10.2 s. Same
 * answer and the same ENOENT, ENOTDIR and ELOOP errors.
 */
const realpathSync = jsRealpathSync.native;
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { LIMITS } from "@upscript/grammar";
import { isRefused, mapUrl, type ResolvedFile, type Resolver } from "@upscript/language";
import { readBounded } from "./bounded-read.js";
import type { LoadedConfig } from "./config-files.js";
import { describeFsError } from "./fs-errors.js";

/** Where a URL leads on disk, before anything is read. */
export type Located =
  | { readonly kind: "unmapped" }
  | { readonly kind: "refused"; readonly reason: string }
  /** `fsPath`: the path as mapped (what editors open); `realPath`: symbolic links resolved, inside the root; undefined when nothing exists there. */
  | { readonly kind: "inside"; readonly fsPath: string; readonly realPath: string | undefined; readonly shown: string };

/** The folder a `server` entry declares, absolute. */
export function webRootFolder(folder: string, loaded: LoadedConfig): string {
  return isAbsolute(folder) ? folder : resolve(loaded.directory, folder);
}

/** Maps a URL to its file in the web root, checking the boundary; reads nothing. */
export function locate(url: string, loaded: LoadedConfig): Located {
  const mapped = mapUrl(url, loaded.config.server);
  if (!mapped) return { kind: "unmapped" };
  if (isRefused(mapped)) return { kind: "refused", reason: mapped.refused };
  const folder = webRootFolder(mapped.folder, loaded);
  const fsPath = mapped.relativePath ? join(folder, ...mapped.relativePath.split("/")) : folder;
  const shownRel = relative(loaded.directory, fsPath);
  const shown = shownRel.startsWith("..") || isAbsolute(shownRel) ? fsPath : shownRel.split(sep).join("/") || ".";
  let realRoot: string;
  try {
    realRoot = realpathSync(folder);
  } catch {
    // The folder itself is not there: nothing below it exists.
    return { kind: "inside", fsPath, realPath: undefined, shown };
  }
  const real = realPathWithin(fsPath, folder, realRoot);
  if (real === "outside") return { kind: "refused", reason: "it leads out of the web root folder through a symbolic link" };
  return { kind: "inside", fsPath, realPath: real, shown };
}

/**
 * The real path of `fsPath` when it exists and lies inside `realRoot`; undefined when it does not
 * exist (and the part of it that does exist lies inside); "outside" when a symbolic link on the
 * way leads out.
 */
function realPathWithin(fsPath: string, folder: string, realRoot: string): string | undefined | "outside" {
  const inside = (p: string) => p === realRoot || p.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  const missing = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP";
  };
  // Whether it exists is asked without an exception for ENOENT: a thrown error costs more than
  // the lookup, and most cfg and firmware URLs of a folder being written name files not there yet.
  let exists = false;
  try {
    exists = statSync(fsPath, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    if (!missing(error)) return "outside";
  }
  if (exists) {
    try {
      const real = realpathSync(fsPath);
      return inside(real) ? real : "outside";
    } catch (error) {
      if (!missing(error)) return "outside";
    }
  }
  // Missing: the deepest part that exists must still be inside (a dangling link out is outside).
  for (let dir = dirname(fsPath); dir.length >= folder.length; dir = dirname(dir)) {
    try {
      const link = lstatSync(dir, { throwIfNoEntry: false });
      if (link && (link.isSymbolicLink() || statSync(dir).isDirectory())) return inside(realpathSync(dir)) ? undefined : "outside";
    } catch {
      // not there either (or a dangling link): one level up
    }
    if (dir === dirname(dir)) break;
  }
  return undefined;
}

interface CachedRead {
  readonly identity: string;
  readonly result: ResolvedFile;
  readonly bytes: number;
}

/**
 * Reads web root files for one run (the CLI) or one server (the language server). A file is read
 * again only when its identity (device, inode, size, mtime) changed, so an editor's keystroke
 * does not re-read an unchanged 4 MB cfg target, and the same resolved object is handed out, so
 * the core's parse cache (keyed by it) parses it once.
 */
export class WebRootFiles {
  private readonly cache = new Map<string, CachedRead>();
  /** Per config, where each URL leads; only for a store whose web root does not change while it lives. */
  private readonly located: WeakMap<LoadedConfig, Map<string, Located>> | undefined;

  /**
   * `settled`: no file appears, disappears or moves under the web root while this store lives (one
   * CLI run, which writes only fixed scripts, in place), so each URL is located once: 10,000 scripts
   * loading the same cfg file made 10,000 lookups. A file's text is read again when it changed.
   */
  constructor(options: { readonly settled?: boolean } = {}) {
    this.located = options.settled ? new WeakMap() : undefined;
  }

  /** `locate`, once per config and URL in a settled store. */
  locate(url: string, loaded: LoadedConfig): Located {
    if (!this.located) return locate(url, loaded);
    let known = this.located.get(loaded);
    if (!known) this.located.set(loaded, (known = new Map()));
    let where = known.get(url);
    if (!where) known.set(url, (where = locate(url, loaded)));
    return where;
  }

  /**
   * A resolver for one script. `overlay` lets the language server answer with the text of an
   * open, unsaved editor instead of the file on disk.
   */
  resolver(loaded: LoadedConfig, overlay?: (fsPath: string) => string | undefined): Resolver {
    // Bytes of distinct files this script has loaded so far: the limit max-cfg-bytes-per-script.
    const charged = new Set<string>();
    let budget: number = LIMITS.maxCfgBytesPerScript;
    return (url) => {
      const where = this.locate(url, loaded);
      if (where.kind !== "inside") return where;
      const { fsPath, realPath, shown } = where;
      const open = overlay?.(fsPath) ?? (realPath !== undefined && realPath !== fsPath ? overlay?.(realPath) : undefined);
      if (open !== undefined) return { kind: "found", path: shown, fsPath, text: open };
      if (realPath === undefined) return { kind: "missing", path: shown, fsPath };
      const read = this.read(realPath, shown, fsPath);
      if (read.result.kind !== "found" || read.result.text === undefined || charged.has(realPath)) return read.result;
      if (read.bytes > budget) return { kind: "found", path: shown, fsPath, text: undefined, notRead: "budget" };
      charged.add(realPath);
      budget -= read.bytes;
      return read.result;
    };
  }

  /** Forgets what was read (the language server, after files changed on disk). */
  clear(): void {
    this.cache.clear();
  }

  private read(realPath: string, shown: string, fsPath: string): CachedRead {
    let identity: string;
    try {
      const s = statSync(realPath);
      identity = `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch (error) {
      return { identity: "", bytes: 0, result: fsFailure(error, shown, fsPath) };
    }
    // Keyed by how it is shown too: the same file seen from two configs gets two names.
    const key = `${realPath}\0${shown}`;
    const cached = this.cache.get(key);
    if (cached && cached.identity === identity) return cached;
    // realPath has no symbolic link left in it: one swapped in since is refused, not followed.
    const bytes = readBounded(realPath, LIMITS.maxCfgFileBytes, { noFollow: true });
    let result: ResolvedFile;
    if (bytes.ok) result = { kind: "found", path: shown, fsPath, text: bytes.bytes.toString("utf8") };
    else if (bytes.kind === "too-large") result = { kind: "found", path: shown, fsPath, text: undefined, notRead: "too-large" };
    else if (bytes.kind === "missing") result = { kind: "missing", path: shown, fsPath };
    else result = { kind: "unreadable", path: shown, fsPath, reason: bytes.reason };
    const entry = { identity, result, bytes: bytes.ok ? bytes.bytes.length : 0 };
    this.cache.set(key, entry);
    return entry;
  }
}

function fsFailure(error: unknown, shown: string, fsPath: string): ResolvedFile {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing", path: shown, fsPath };
  return { kind: "unreadable", path: shown, fsPath, reason: describeFsError(error) };
}

/** The CLI's one store per process (one run). */
export const runFiles = new WebRootFiles();

/** A resolver through the run's store: for the CLI's commands. */
export function fsResolver(loaded: LoadedConfig, overlay?: (fsPath: string) => string | undefined): Resolver {
  return runFiles.resolver(loaded, overlay);
}

/**
 * Whether the config maps any URL to a web root folder. Without one every URL is unmapped, so a
 * lint gets no resolver at all and the rules that read files skip their lookups (a lookup per
 * transfer line was a tenth of a keystroke's lint on a long script).
 */
export function declaresWebRoot(loaded: LoadedConfig): boolean {
  return Object.keys(loaded.config.server).length > 0;
}
