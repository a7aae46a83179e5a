import type { Diagnostic, Style } from "@upscript/language";

/** The diagnostics of one file, as the formatters receive them. */
export interface FileResult {
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
}

export type Formatter = (results: readonly FileResult[], style: Style) => string;
