/**
 * How the validator reads other files: a function from a URL to the file the web root serves
 * there. The core never touches the disk; the CLI and the language server pass real resolvers.
 *
 * `path` is what messages show: the file relative to the folder of the config that declares the
 * web root. `fsPath`, when known, is the absolute location (for editor links).
 */
export type ResolvedFile =
  /** `text` is undefined for a file too large to be a configuration (firmware images). */
  | { readonly kind: "found"; readonly path: string; readonly fsPath?: string; readonly text: string | undefined }
  | { readonly kind: "missing"; readonly path: string; readonly fsPath?: string }
  /** The URL is not under any declared web root prefix. */
  | { readonly kind: "unmapped" }
  | { readonly kind: "unreadable"; readonly path: string; readonly fsPath?: string; readonly reason: string };

export type Resolver = (url: string) => ResolvedFile;
