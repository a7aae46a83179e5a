/**
 * Semantic-token deltas (server/src/lsp/semantic-results.ts): applying the edit to the previous
 * data gives the new data, for any two token arrays, including changes at block boundaries.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SemanticTokensDelta } from "vscode-languageserver";
import { SemanticTokenResults } from "../../server/src/lsp/semantic-results.js";

function apply(before: readonly number[], delta: SemanticTokensDelta): number[] {
  const out = [...before];
  for (const edit of [...delta.edits].reverse()) out.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
  return out;
}

// Long arrays (fast-check's own arrays stay short) that repeat, so blocks of 1,024 integers meet.
const data = fc.tuple(fc.nat(6000), fc.integer({ min: 1, max: 7 })).map(([length, step]) => Array.from({ length }, (_, i) => (i * step) % 5));

describe("semantic token deltas", () => {
  it("turn the previous tokens into the new ones", () => {
    fc.assert(
      fc.property(data, fc.nat(6000), fc.nat(40), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 40 }), (before, at, remove, insert) => {
        const after = [...before];
        after.splice(Math.min(at, before.length), remove, ...insert);
        const results = new SemanticTokenResults();
        const first = results.full("u", Uint32Array.from(before));
        expect(first.data).toEqual(before);
        const delta = results.delta("u", first.resultId!, Uint32Array.from(after)) as SemanticTokensDelta;
        expect(apply(before, delta)).toEqual(after);
        if (before.length === after.length && before.every((v, i) => v === after[i])) expect(delta.edits).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("answers every token when the previous result is not the last one sent", () => {
    const results = new SemanticTokenResults();
    const first = results.full("u", Uint32Array.from([1, 2, 3, 4, 5]));
    results.full("u", Uint32Array.from([1, 2, 3, 4, 6]));
    expect(results.delta("u", first.resultId!, Uint32Array.from([0, 0, 0, 0, 1]))).toMatchObject({ data: [0, 0, 0, 0, 1] });
  });
});
