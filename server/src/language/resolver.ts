/**
 * How the validator reads other files: a function from a URL to the file the web root serves
 * there. The core never touches the disk; the CLI and the language server pass real resolvers.
 *
 * `path` is what messages show: the file relative to the folder of the config that declares the
 * web root. `fsPath`, when known, is the absolute location (for editor links).
 */
export type ResolvedFile =
  /**
   * `text` is undefined when the file was not read: too large to be a configuration (a firmware
   * image), or beyond what one script may load in all (`notRead` says which).
   */
  | { readonly kind: "found"; readonly path: string; readonly fsPath?: string; readonly text: string | undefined; readonly notRead?: NotRead }
  | { readonly kind: "missing"; readonly path: string; readonly fsPath?: string }
  /** The URL is not under any declared web root prefix. */
  | { readonly kind: "unmapped" }
  /**
   * Under a declared prefix, but the web root does not serve it: an encoded `/` or `..` in the
   * path, or a symbolic link out of the folder. Treated as outside the web root; never probed.
   */
  | { readonly kind: "refused"; readonly reason: string }
  | { readonly kind: "unreadable"; readonly path: string; readonly fsPath?: string; readonly reason: string };

export type Resolver = (url: string) => ResolvedFile;

/** Why a found file's text is not there. */
export type NotRead =
  /** Larger than the limit max-cfg-file-size. */
  | "too-large"
  /** The script's cfg targets together passed the limit max-cfg-bytes-per-script. */
  | "budget";
