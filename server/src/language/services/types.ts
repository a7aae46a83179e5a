/**
 * Editor services as pure functions over a parsed document: hover, completion, signature help,
 * semantic tokens, outline, folding, inlay hints, links. Their results are plain data in our own
 * shapes (0-based lines, UTF-16 columns, like the syntax tree); only the LSP adapter turns them
 * into protocol types.
 */
import type { ParseResult, ProductSpec, Range } from "@upscript/grammar";
import type { UpscriptConfig } from "../config.js";
import type { Resolver } from "../resolver.js";

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Everything a service may look at; built once per document version by the caller. */
export interface DocumentContext {
  readonly text: string;
  readonly parsed: ParseResult;
  readonly config: UpscriptConfig;
  /** The file name (for the product an `update-ip232.htm` is for). */
  readonly fileName?: string;
  /** The product the file name names, else `target.products` (`scriptProducts`). */
  readonly products: readonly ProductSpec[];
  readonly resolve?: Resolver;
}

export interface HoverResult {
  /** Markdown. */
  readonly contents: string;
  readonly range: Range;
}

export type CompletionKind = "keyword" | "module" | "verb" | "final" | "switch" | "meta" | "value" | "snippet" | "url";

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line shown next to the label. */
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Text to insert; a snippet (with `${1:…}` placeholders) when `snippet` is true. */
  readonly insertText: string;
  readonly snippet?: boolean;
  /** The range the insertion replaces (the word being typed). */
  readonly range: Range;
  readonly sortText?: string;
}

export interface SignatureResult {
  readonly label: string;
  readonly documentation: string;
  readonly parameters: readonly { readonly label: string; readonly documentation: string }[];
  /** Index into `parameters`, or -1 when the cursor is on no parameter. */
  readonly activeParameter: number;
}

export type SemanticTokenType = "keyword" | "module" | "verb" | "final" | "switch" | "url" | "meta" | "serial" | "number" | "comment";

export interface SemanticToken {
  readonly line: number;
  readonly column: number;
  readonly length: number;
  readonly type: SemanticTokenType;
}

export type SymbolKind = "command" | "transfer" | "check" | "times" | "config" | "section";

export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKind;
  readonly range: Range;
  readonly selectionRange: Range;
  readonly children?: readonly OutlineSymbol[];
}

export interface Fold {
  readonly startLine: number;
  readonly endLine: number;
  readonly kind: "comment" | "region";
}

export interface InlayHintResult {
  readonly position: Position;
  readonly label: string;
  readonly tooltip?: string;
}

export interface LinkResult {
  readonly range: Range;
  /** Absolute file path the link opens. */
  readonly fsPath: string;
}
