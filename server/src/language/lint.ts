/**
 * `lint(text)`: all diagnostics for one script. Pure: no I/O, no LSP. For now it reports what
 * the grammar finds (`syntax`); the rule catalogue plugs in here.
 */
import { parse } from "@upscript/grammar";
import { compareDiagnostics, docsUrl, type Diagnostic } from "./diagnostic.js";

export function lint(text: string): Diagnostic[] {
  const { syntaxDiagnostics } = parse(text);
  return syntaxDiagnostics
    .map((d): Diagnostic => ({ rule: d.code, severity: d.severity, message: d.message, range: d.range, docsUrl: docsUrl(d.code), fixes: [] }))
    .sort(compareDiagnostics);
}
