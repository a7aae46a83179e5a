/**
 * The canonical layout of a script: words separated by one blank, no leading or trailing blanks,
 * comments and blank lines kept, every line keeping its own line end. Only blanks change, never a
 * word, so the device reads the formatted script exactly as before.
 */
import { parse, type LineNode, type Script } from "@upscript/grammar";
import type { TextEdit } from "./diagnostic.js";

/**
 * A line in canonical form. One exception keeps line ends intact: a blank line between a lone CR
 * and an LF keeps its blanks, since removing them would turn CR + LF into a single CRLF.
 */
function formatLine(line: LineNode, previous: LineNode | undefined, text: string): string {
  if (line.words.length === 0 && previous?.eol === "\r" && line.eol.startsWith("\n")) {
    return text.slice(line.fullRange.start, line.fullRange.end - line.eol.length);
  }
  return line.words.map((w) => w.text).join(" ");
}

/** The whole text, formatted. */
export function format(text: string, script: Script = parse(text).tree): string {
  let out = script.bom ? "\uFEFF" : "";
  script.lines.forEach((line, i) => (out += formatLine(line, script.lines[i - 1], text) + line.eol));
  return out;
}

/**
 * Edits that format the lines `fromLine`..`toLine` (0-based, inclusive); one edit per changed
 * line, covering the line without its line end. For the editor's range formatting.
 */
export function formatEdits(text: string, fromLine = 0, toLine = Number.MAX_SAFE_INTEGER, script: Script = parse(text).tree): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const line of script.lines) {
    if (line.line < fromLine || line.line > toLine) continue;
    const previous = script.lines[line.line - 1];
    const start = line.fullRange.start + (line.line === 0 && script.bom ? 1 : 0);
    const end = line.fullRange.end - line.eol.length;
    const formatted = formatLine(line, previous, text);
    if (text.slice(start, end) === formatted) continue;
    const column = start - line.fullRange.start;
    edits.push({
      range: { start, end, line: line.line, column, endLine: line.line, endColumn: column + end - start },
      newText: formatted,
    });
  }
  return edits;
}
