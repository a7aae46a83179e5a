/**
 * Semantic tokens as deltas (`textDocument/semanticTokens/full/delta`): the server remembers the
 * tokens it last sent for each document, and a client that names them gets back one edit, the
 * span between their common start and common end, instead of every token of the document again.
 * After a keystroke on a 10,000-line script that is a few integers instead of 400,000.
 */
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensEdit } from "vscode-languageserver";

export class SemanticTokenResults {
  private readonly last = new Map<string, { readonly id: string; readonly data: readonly number[] }>();
  private counter = 0;

  /** Every token, remembered under a new result id. */
  full(uri: string, data: number[]): SemanticTokens {
    const resultId = String(++this.counter);
    this.last.set(uri, { id: resultId, data });
    return { resultId, data };
  }

  /** The change since the result `previousResultId`, or every token when that is not the last one sent. */
  delta(uri: string, previousResultId: string, data: number[]): SemanticTokens | SemanticTokensDelta {
    const previous = this.last.get(uri);
    const result = this.full(uri, data);
    if (!previous || previous.id !== previousResultId) return result;
    return { resultId: result.resultId, edits: edits(previous.data, data) };
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}

function edits(before: readonly number[], after: readonly number[]): SemanticTokensEdit[] {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before[prefix] === after[prefix]) prefix++;
  if (prefix === before.length && prefix === after.length) return [];
  let suffix = 0;
  while (suffix < max - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return [{ start: prefix, deleteCount: before.length - prefix - suffix, data: after.slice(prefix, after.length - suffix) }];
}
