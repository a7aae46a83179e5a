/** A resolver that reads files of the declared web root from disk (for the CLI and the server). */
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import { LIMITS } from "@upscript/grammar";
import { mapUrl, type ResolvedFile, type Resolver } from "@upscript/language";
import type { LoadedConfig } from "./config-files.js";
import { describeFsError } from "./fs-errors.js";

/**
 * `overlay` lets the language server answer with the text of an open, unsaved editor instead of
 * the file on disk.
 */
export function fsResolver(loaded: LoadedConfig, overlay?: (path: string) => string | undefined): Resolver {
  const cache = new Map<string, ResolvedFile>();
  return (url) => {
    const mapped = mapUrl(url, loaded.config.server);
    if (!mapped) return { kind: "unmapped" };
    const folder = isAbsolute(mapped.folder) ? mapped.folder : join(loaded.directory, mapped.folder);
    const fsPath = join(folder, ...mapped.relativePath.split("/"));
    const shown = relative(loaded.directory, fsPath);
    const path = shown.startsWith("..") || isAbsolute(shown) ? fsPath : shown.split(sep).join("/");
    const open = overlay?.(fsPath);
    if (open !== undefined) return { kind: "found", path, fsPath, text: open };
    const cached = cache.get(fsPath);
    if (cached) return cached;
    const result = readTarget(path, fsPath);
    cache.set(fsPath, result);
    return result;
  };
}

function readTarget(path: string, fsPath: string): ResolvedFile {
  try {
    const stat = statSync(fsPath);
    if (stat.isDirectory()) return { kind: "missing", path, fsPath };
    // Too large for a configuration file (firmware by mistake): it exists, but is not read.
    if (stat.size > LIMITS.maxCfgFileBytes) return { kind: "found", path, fsPath, text: undefined };
    return { kind: "found", path, fsPath, text: readFileSync(fsPath, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing", path, fsPath };
    return { kind: "unreadable", path, fsPath, reason: describeFsError(error) };
  }
}
