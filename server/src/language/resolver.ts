/**
 * How the validator reads other files: a function from a URL to the file the web root serves
 * there. The core never touches the disk; the CLI and the language server pass real resolvers.
 */
export type ResolvedFile =
  | { readonly kind: "found"; readonly path: string; readonly text: string }
  | { readonly kind: "missing"; readonly path: string }
  /** The URL is not under any declared web root prefix. */
  | { readonly kind: "unmapped" }
  | { readonly kind: "unreadable"; readonly path: string; readonly reason: string };

export type Resolver = (url: string) => ResolvedFile;
