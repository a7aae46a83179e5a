/**
 * Semantic tokens as deltas (`textDocument/semanticTokens/full/delta`): the server remembers the
 * tokens it last sent for each document, and a client that names them gets back one edit, the
 * span between their common start and common end, instead of every token of the document again.
 * After a keystroke on a 10,000-line script that is a few integers instead of 400,000.
 */
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensEdit } from "vscode-languageserver";
import type { LineNode } from "@upscript/grammar";
import { encodeTokens, tokenArray, type EncodedTokens } from "@upscript/language";

export class SemanticTokenResults {
  private readonly last = new Map<string, { readonly id: string; readonly data: Uint32Array }>();
  private readonly encodings = new Map<string, EncodedTokens>();
  private counter = 0;

  /**
   * The document's tokens in the LSP encoding, made from the last encoding of the same document:
   * after a keystroke only the lines it replaced are encoded again (encodeTokens).
   */
  encode(uri: string, lines: readonly LineNode[]): Uint32Array {
    const encoded = encodeTokens(lines, this.encodings.get(uri));
    this.encodings.set(uri, encoded);
    return encoded.data;
  }

  /** Every token, remembered under a new result id. */
  full(uri: string, data: Uint32Array): SemanticTokens {
    return { resultId: this.remember(uri, data), data: tokenArray(data) };
  }

  /**
   * The change since the result `previousResultId`, or every token when that is not the last one
   * sent. Compared as typed arrays: only the edit becomes a plain array.
   */
  delta(uri: string, previousResultId: string, data: Uint32Array): SemanticTokens | SemanticTokensDelta {
    const previous = this.last.get(uri);
    if (!previous || previous.id !== previousResultId) return this.full(uri, data);
    return { resultId: this.remember(uri, data), edits: edits(previous.data, data) };
  }

  forget(uri: string): void {
    this.last.delete(uri);
    this.encodings.delete(uri);
  }

  private remember(uri: string, data: Uint32Array): string {
    const resultId = String(++this.counter);
    this.last.set(uri, { id: resultId, data });
    return resultId;
  }
}

function edits(before: Uint32Array, after: Uint32Array): SemanticTokensEdit[] {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  // Block by block first (one native compare each), then the block that differs integer by integer.
  while (prefix + BLOCK <= max && sameBlock(before, prefix, after, prefix)) prefix += BLOCK;
  while (prefix < max && before[prefix] === after[prefix]) prefix++;
  if (prefix === before.length && prefix === after.length) return [];
  let suffix = 0;
  while (suffix + BLOCK <= max - prefix && sameBlock(before, before.length - suffix - BLOCK, after, after.length - suffix - BLOCK)) suffix += BLOCK;
  while (suffix < max - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return [{ start: prefix, deleteCount: before.length - prefix - suffix, data: tokenArray(after.subarray(prefix, after.length - suffix)) }];
}

const BLOCK = 1024;

function sameBlock(a: Uint32Array, from: number, b: Uint32Array, at: number): boolean {
  return Buffer.compare(bytesOf(a, from), bytesOf(b, at)) === 0;
}

function bytesOf(data: Uint32Array, from: number): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset + from * 4, BLOCK * 4);
}
