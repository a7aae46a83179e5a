import type { Diagnostic, Style } from "@upscript/language";

/** The diagnostics of one file, as the formatters receive them. */
export interface FileResult {
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * One report, written while the files are checked: `file` gives the text for one file as soon as
 * it is done, `end` what follows the last file (a summary, closing brackets). The pieces, in
 * order, are the whole report, byte for byte what one call over all the files would print; a
 * writer keeps only counts between the calls, never the diagnostics.
 */
export interface ReportWriter {
  file(result: FileResult): string;
  end(): string;
}

export type Formatter = (style: Style) => ReportWriter;

/** The whole report for results already at hand (tests, a single file). */
export function formatAll(formatter: Formatter, results: readonly FileResult[], style: Style): string {
  const writer = formatter(style);
  return results.map((r) => writer.file(r)).join("") + writer.end();
}
