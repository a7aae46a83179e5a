/**
 * What counts as an update script by its file name: the one definition the CLI's folder search
 * (the default `files` patterns), the language server's workspace scan, the VS Code client's
 * language detection, the git hook and the pre-commit hook all use (docs/configuration.md,
 * "Which files are scripts"). Pure and free of imports, so the client can load it too.
 *
 * A script file is named `*.upscript`, `update*.htm` or `update*.txt`: exactly what the glob
 * patterns below match with a glob library's defaults, so case matters (`Update.HTM` is not
 * one) and a name starting with `.` is never one. `.html` is not: innovaphone devices ask for
 * `update.htm`-style names, and every other HTML file stays HTML.
 */

/** A script file name starts with `prefix` (may be empty) and ends with `extension`. */
export const SCRIPT_FILE_KINDS: readonly { readonly prefix: string; readonly extension: string }[] = [
  { prefix: "", extension: ".upscript" },
  { prefix: "update", extension: ".htm" },
  { prefix: "update", extension: ".txt" },
];

/** The glob patterns of script files in a folder tree: the default `files` of `.upscriptrc.json`. */
export const SCRIPT_FILE_PATTERNS: readonly string[] = SCRIPT_FILE_KINDS.map((kind) => `**/${kind.prefix}*${kind.extension}`);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The same test as an (extended, POSIX) regular expression over `/`-separated paths, for tools
 * that take one: `grep -E` in the git hook, `files` in .pre-commit-hooks.yaml.
 */
export const SCRIPT_PATH_REGEX_SOURCE = `(^|/)(${SCRIPT_FILE_KINDS.map((kind) => `${kind.prefix ? escapeRegExp(kind.prefix) : "[^./]"}[^/]*${escapeRegExp(kind.extension)}`).join("|")})$`;

/** The last segment of a path (either separator). */
function lastSegment(path: string): string {
  const at = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return at < 0 ? path : path.slice(at + 1);
}

/** Whether a file with this name (or path: its last segment counts) is an update script. */
export function isScriptFileName(nameOrPath: string): boolean {
  const name = lastSegment(nameOrPath);
  if (name.startsWith(".")) return false;
  return SCRIPT_FILE_KINDS.some((kind) => name.length >= kind.prefix.length + kind.extension.length && name.startsWith(kind.prefix) && name.endsWith(kind.extension));
}

/**
 * The product a script file's name names, as written: `update-ip232.htm` → `ip232`; undefined
 * when the name is no script file name or has no `update-` part.
 */
export function productNameInFileName(nameOrPath: string): string | undefined {
  const name = lastSegment(nameOrPath);
  if (!isScriptFileName(name) || !name.startsWith("update-")) return undefined;
  const kind = SCRIPT_FILE_KINDS.find((k) => name.endsWith(k.extension))!;
  const product = name.slice("update-".length, name.length - kind.extension.length);
  return product || undefined;
}

/**
 * Folders a search for scripts never enters: `node_modules` and every folder whose name starts
 * with `.` (`.git`, `.svn`, …), as the CLI's glob leaves them out.
 */
export function isSkippedFolderName(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}
