/**
 * Folding ranges: blocks of two or more consecutive comment lines (directives included), and
 * sections (see outline.ts) from their heading block to their last command.
 *
 * A comment block that starts on the same line as a section is left out: the section's fold
 * covers it, and editors keep only one fold per start line.
 */
import { findSections } from "./outline.js";
import type { DocumentContext, Fold } from "./types.js";

export function foldingRanges(context: DocumentContext): Fold[] {
  const lines = context.parsed.tree.lines;
  const regions: Fold[] = [];
  for (const section of findSections(lines)) {
    const endLine = section.commands[section.commands.length - 1]!.line;
    if (endLine > section.start) regions.push({ startLine: section.start, endLine, kind: "region" });
  }
  const regionStarts = new Set(regions.map((r) => r.startLine));
  const comments: Fold[] = [];
  let i = 0;
  while (i < lines.length) {
    const kind = lines[i]!.kind;
    if (kind !== "comment" && kind !== "directive") {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < lines.length && (lines[j + 1]!.kind === "comment" || lines[j + 1]!.kind === "directive")) j++;
    if (j > i && !regionStarts.has(i)) comments.push({ startLine: i, endLine: j, kind: "comment" });
    i = j + 1;
  }
  return [...regions, ...comments].sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
