/**
 * Finding, reading and merging the `.upscriptrc.json` files that apply to a script. Shared by
 * the CLI and the language server so both see the same settings (docs/configuration.md).
 *
 * The walk starts in the script's folder and goes up, but never beyond a boundary:
 *   - the repository root: the nearest folder above the script that holds `.git` (file or folder);
 *   - a workspace folder of the language server that holds the script (`stopAt`);
 *   - outside both: the working directory of the CLI, when the script is inside it; otherwise
 *     the script's own folder only (the language server has no working directory to go by);
 *   - and before any of these, a file with `"root": true`.
 * A file owned by another user (not root) is ignored with a warning (POSIX only): a
 * `.upscriptrc.json` dropped into a shared folder must not switch rules off for someone else.
 *
 * All files found are merged, outermost first, nearest last (mergeConfigs). Folders in a file's
 * `server` map are made absolute against that file's folder before merging, so an inherited web
 * root keeps pointing where its file meant.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { CONFIG_FILE_NAME, mergeConfigs, parseConfig, type ConfigProblem, type DeclaredConfig, type UpscriptConfig } from "@upscript/language";
import { readBounded } from "./bounded-read.js";

/** A configuration is a few hundred bytes; anything beyond this is not one (limit max-config-size). */
export const MAX_CONFIG_BYTES = 2 ** 20;

/** One config file as read. */
export interface ConfigSource {
  readonly path: string;
  /** Its folder: its relative `server` folders and `ignore` patterns start here. */
  readonly directory: string;
  /** What it sets, with `server` folders made absolute. */
  readonly declared: DeclaredConfig;
  /** `"root": true`: the folders above were not searched. */
  readonly root: boolean;
  readonly problems: readonly ConfigProblem[];
  /** Set when the file exists but cannot be read at all. */
  readonly error?: string;
}

/** A config file found on the walk and not used. */
export interface IgnoredConfig {
  readonly path: string;
  readonly reason: string;
}

/** Why the walk for a script's folder stopped where it did. */
export type WalkEnd = "root-true" | "repository-root" | "workspace-folder" | "working-directory" | "script-folder" | "filesystem-root" | "explicit";

/**
 * The configuration for one script folder. The fields marked "absent" are missing only in a
 * LoadedConfig put together by hand (tests): read them with `?? []` or `?? directory`.
 */
export interface LoadedConfig {
  /** The merged configuration; every `server` folder in it is absolute. */
  readonly config: UpscriptConfig;
  /** The nearest file; undefined when no config file applies. */
  readonly path: string | undefined;
  /** Paths of web root files are shown relative to this: the outermost file's folder, else the script's. */
  readonly directory: string;
  /** Problems of the nearest file (each file's are in `sources`). */
  readonly problems: readonly ConfigProblem[];
  /** Set when the nearest file exists but cannot be read at all. */
  readonly error?: string;
  /** The files it was merged from, outermost first, nearest last (absent: `path` alone). */
  readonly paths?: readonly string[];
  /** The same files with their own settings and problems, in the same order. */
  readonly sources?: readonly ConfigSource[];
  /** Files found on the walk but not used (owned by another user). */
  readonly ignored?: readonly IgnoredConfig[];
  /** Folder the `ignore` patterns in effect are relative to: that of the file that set them (absent: `directory`). */
  readonly ignoreDirectory?: string;
  /** The last folder searched, and why the walk stopped there. */
  readonly stop?: { readonly folder: string; readonly reason: WalkEnd };
}

/** The files a LoadedConfig came from, also for one put together by hand. */
export function sourcesOf(loaded: LoadedConfig): readonly ConfigSource[] {
  if (loaded.sources) return loaded.sources;
  if (!loaded.path) return [];
  return [{ path: loaded.path, directory: loaded.directory, declared: {}, root: false, problems: loaded.problems, ...(loaded.error !== undefined && { error: loaded.error }) }];
}

export interface DiscoveryOptions {
  /**
   * Workspace folders (the language server): the walk stops at the one holding the script.
   * When given, even empty, the working directory plays no part.
   */
  readonly stopAt?: readonly string[];
  /** The CLI's working directory (default process.cwd()). */
  readonly cwd?: string;
}

/** True when `path` is `folder` or lies below it. */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}

/** The nearest folder at or above `directory` that holds `.git` (a folder, or a file in worktrees and submodules). */
export function repositoryRoot(directory: string): string | undefined {
  for (let dir = resolve(directory); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The highest folder the walk from `directory` may reach, and why. */
export function walkCeiling(directory: string, options: DiscoveryOptions = {}): { folder: string; reason: WalkEnd } {
  const start = resolve(directory);
  const bounds: { folder: string; reason: WalkEnd }[] = [];
  const repo = repositoryRoot(start);
  if (repo) bounds.push({ folder: repo, reason: "repository-root" });
  for (const folder of options.stopAt ?? []) {
    const absolute = resolve(folder);
    if (isInside(start, absolute)) bounds.push({ folder: absolute, reason: "workspace-folder" });
  }
  // The nearest boundary wins: the deepest folder.
  if (bounds.length) return bounds.reduce((a, b) => (b.folder.length > a.folder.length ? b : a));
  if (!options.stopAt) {
    const cwd = resolve(options.cwd ?? process.cwd());
    if (isInside(start, cwd)) return { folder: cwd, reason: dirname(cwd) === cwd ? "filesystem-root" : "working-directory" };
  }
  return { folder: start, reason: "script-folder" };
}

/**
 * The nearest config file for a script folder under the same rules as the walk (within the
 * boundaries, not owned by another user), without reading it; undefined when none applies.
 */
export function findConfigFile(startDirectory: string, options: DiscoveryOptions = {}): string | undefined {
  const start = resolve(startDirectory);
  const ceiling = walkCeiling(start, options);
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate) && ownedByUs(candidate)) return candidate;
    if (dir === ceiling.folder || dirname(dir) === dir) return undefined;
  }
}

function ownedByUs(path: string): boolean {
  const uid = currentUid();
  if (uid === undefined) return true;
  try {
    const owner = statSync(path).uid;
    return owner === uid || owner === 0;
  } catch {
    return false;
  }
}

function currentUid(): number | undefined {
  return typeof process.getuid === "function" ? process.getuid() : undefined;
}

type Read = { kind: "used"; source: ConfigSource } | { kind: "ignored"; ignored: IgnoredConfig };

/** Reads one config file; `checkOwner`: ignore it when another user owns it. */
function readConfigFile(path: string, checkOwner: boolean): Read {
  const directory = dirname(resolve(path));
  const read = readBounded(path, MAX_CONFIG_BYTES);
  if (!read.ok) {
    const error = read.kind === "too-large" ? `${read.reason} (limit max-config-size)` : read.reason;
    return { kind: "used", source: { path, directory, declared: {}, root: false, problems: [], error } };
  }
  const uid = currentUid();
  if (checkOwner && uid !== undefined && read.identity.uid !== uid && read.identity.uid !== 0) {
    return { kind: "ignored", ignored: { path, reason: `owned by uid ${read.identity.uid}, not by you (uid ${uid}) or root` } };
  }
  const { declared, root, problems } = parseConfig(read.bytes.toString("utf8"));
  return { kind: "used", source: { path, directory, declared: withAbsoluteServer(declared, directory), root, problems } };
}

function withAbsoluteServer(declared: DeclaredConfig, directory: string): DeclaredConfig {
  if (!declared.server) return declared;
  const server: Record<string, string> = Object.create(null);
  for (const [prefix, folder] of Object.entries(declared.server)) server[prefix] = resolve(directory, folder);
  return { ...declared, server };
}

function merged(sources: readonly ConfigSource[], ignored: readonly IgnoredConfig[], scriptDirectory: string, stop: NonNullable<LoadedConfig["stop"]>): LoadedConfig {
  const nearest = sources.at(-1);
  const outermost = sources[0];
  const ignoreFrom = [...sources].reverse().find((s) => s.declared.ignore !== undefined);
  return {
    config: mergeConfigs(sources.map((s) => s.declared)),
    paths: sources.map((s) => s.path),
    sources,
    ignored,
    path: nearest?.path,
    directory: outermost?.directory ?? scriptDirectory,
    ignoreDirectory: ignoreFrom?.directory ?? nearest?.directory ?? scriptDirectory,
    problems: nearest?.problems ?? [],
    ...(nearest?.error !== undefined && { error: nearest.error }),
    stop,
  };
}

/** One config file on its own (`--config FILE`): no walk, no owner check; the user named it. */
export function loadConfigFile(path: string): LoadedConfig {
  const read = readConfigFile(path, false);
  const source = read.kind === "used" ? read.source : undefined;
  const directory = dirname(resolve(path));
  return merged(source ? [source] : [], [], directory, { folder: directory, reason: "explicit" });
}

export interface ConfigCacheOptions {
  /** Workspace folders (the language server); a function is asked on every new folder. */
  readonly stopAt?: readonly string[] | (() => readonly string[]);
  /** The working directory (default process.cwd()); unused when `stopAt` is given. */
  readonly cwd?: string;
  /** Told once per file about a config file that is ignored (the language server logs it). */
  readonly warn?: (message: string) => void;
  /** Told which files apply to each script folder (`--debug`); default: setConfigDebug's sink. */
  readonly debug?: (message: string) => void;
}

let debugSink: ((message: string) => void) | undefined;

/** Where the CLI's `--debug` lines about config files go (unset: nowhere). */
export function setConfigDebug(sink: ((message: string) => void) | undefined): void {
  debugSink = sink;
}

/** Loads configs by folder, reading each file once per run. */
export class ConfigCache {
  private readonly byDirectory = new Map<string, LoadedConfig>();
  private readonly byPath = new Map<string, Read>();
  private readonly explicitLoaded = new Map<string, LoadedConfig>();
  private readonly warned = new Set<string>();

  /** `explicit`: a `--config FILE` that applies to every script. */
  constructor(
    private readonly explicit?: string,
    private readonly options: ConfigCacheOptions = {},
  ) {}

  forScript(scriptPath: string): LoadedConfig {
    if (this.explicit) return this.loadExplicit(this.explicit);
    const directory = dirname(resolve(scriptPath));
    const cached = this.byDirectory.get(directory);
    if (cached) return cached;
    const loaded = this.walk(directory);
    this.byDirectory.set(directory, loaded);
    this.describe(directory, loaded);
    return loaded;
  }

  private walk(start: string): LoadedConfig {
    const stopAt = typeof this.options.stopAt === "function" ? this.options.stopAt() : this.options.stopAt;
    const ceiling = walkCeiling(start, { ...(stopAt && { stopAt }), ...(this.options.cwd !== undefined && { cwd: this.options.cwd }) });
    const found: ConfigSource[] = [];
    const ignored: IgnoredConfig[] = [];
    let stop: NonNullable<LoadedConfig["stop"]> = ceiling;
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, CONFIG_FILE_NAME);
      if (existsSync(candidate)) {
        const read = this.read(candidate);
        if (read.kind === "ignored") ignored.push(read.ignored);
        else {
          found.push(read.source);
          if (read.source.root) {
            stop = { folder: dir, reason: "root-true" };
            break;
          }
        }
      }
      if (dir === ceiling.folder || dirname(dir) === dir) break;
    }
    return merged(found.reverse(), ignored, start, stop);
  }

  private read(path: string): Read {
    const key = resolve(path);
    let read = this.byPath.get(key);
    if (!read) {
      read = readConfigFile(path, true);
      this.byPath.set(key, read);
      if (read.kind === "ignored" && !this.warned.has(key)) {
        this.warned.add(key);
        this.options.warn?.(`ignoring config '${path}': ${read.ignored.reason}`);
      }
    }
    return read;
  }

  private loadExplicit(path: string): LoadedConfig {
    const key = resolve(path);
    let loaded = this.explicitLoaded.get(key);
    if (!loaded) {
      loaded = loadConfigFile(path);
      this.explicitLoaded.set(key, loaded);
      this.describe(undefined, loaded);
    }
    return loaded;
  }

  private describe(directory: string | undefined, loaded: LoadedConfig): void {
    const sink = this.options.debug ?? debugSink;
    if (!sink) return;
    sink(describeLoaded(directory, loaded));
  }

  /** Every config file read so far, each once. */
  loaded(): ConfigSource[] {
    const sources = [...this.byPath.values()].flatMap((r) => (r.kind === "used" ? [r.source] : []));
    for (const l of this.explicitLoaded.values()) sources.push(...sourcesOf(l));
    return sources;
  }

  /** Forgets everything read, after a config file changed. */
  clear(): void {
    this.byDirectory.clear();
    this.byPath.clear();
    this.explicitLoaded.clear();
  }
}

const WALK_END: Record<WalkEnd, string> = {
  "root-true": 'a config with "root": true',
  "repository-root": "the repository root",
  "workspace-folder": "the workspace folder",
  "working-directory": "the working directory",
  "script-folder": "the script's folder (outside any repository and the working directory)",
  "filesystem-root": "the filesystem root",
  explicit: "--config",
};

/** Paths as the user will see them: relative to the working directory when inside it. */
export function shownPath(path: string, cwd = process.cwd()): string {
  const absolute = resolve(path);
  return isInside(absolute, cwd) ? relative(cwd, absolute) || "." : absolute;
}

/** One `--debug` line: which files apply to a script folder, and where the walk stopped. */
export function describeLoaded(directory: string | undefined, loaded: LoadedConfig): string {
  const paths = sourcesOf(loaded).map((s) => s.path);
  const files = paths.length ? paths.map((p) => shownPath(p)).join(", ") : "none";
  const ignored = (loaded.ignored ?? []).map((i) => `; ignored ${shownPath(i.path)} (${i.reason})`).join("");
  const where = directory === undefined ? "every script" : `scripts in ${shownPath(directory)}`;
  const stop = !loaded.stop || loaded.stop.reason === "explicit" ? "given with --config" : `searched up to ${shownPath(loaded.stop.folder)}, stopped at ${WALK_END[loaded.stop.reason]}`;
  return `config for ${where}: ${files}${paths.length > 1 ? " (merged, nearest last)" : ""}${ignored} — ${stop}`;
}
