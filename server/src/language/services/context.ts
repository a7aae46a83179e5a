/** Building a DocumentContext, and finding what lies under a position. */
import { parse, type LineNode, type ParseResult, type Range, type Word } from "@upscript/grammar";
import { DEFAULT_CONFIG, type UpscriptConfig } from "../config.js";
import type { Resolver } from "../resolver.js";
import { scriptProducts } from "../webroot.js";
import type { DocumentContext, Position } from "./types.js";

export function documentContext(
  text: string,
  options: { config?: UpscriptConfig; fileName?: string; resolve?: Resolver; parsed?: ParseResult } = {},
): DocumentContext {
  const config = options.config ?? DEFAULT_CONFIG;
  return {
    text,
    parsed: options.parsed ?? parse(text),
    config,
    ...(options.fileName !== undefined && { fileName: options.fileName }),
    products: scriptProducts(config, options.fileName),
    ...(options.resolve && { resolve: options.resolve }),
  };
}

export function lineAt(context: DocumentContext, position: Position): LineNode | undefined {
  return context.parsed.tree.lines[position.line];
}

export function contains(range: Range, position: Position): boolean {
  if (position.line < range.line || position.line > range.endLine) return false;
  if (position.line === range.line && position.column < range.column) return false;
  if (position.line === range.endLine && position.column > range.endColumn) return false;
  return true;
}

/** The word the position touches (its start, inside, or its end), if any. */
export function wordAt(line: LineNode, position: Position): Word | undefined {
  return line.words.find((w) => contains(w.range, position));
}
