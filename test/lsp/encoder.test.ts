/**
 * The framed transports' encoder (server/src/lsp/encoder.ts) writes the JSON vscode-jsonrpc
 * would, byte for byte, for any message; diagnostics it has written before are taken from what it
 * wrote then, which must still be right when the same objects are published again.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeMessage, sentUnchanged } from "../../server/src/lsp/encoder.js";

const text = fc.string({ unit: "binary", maxLength: 40 });
const diagnostic = fc.record({
  range: fc.record({ start: fc.record({ line: fc.nat(), character: fc.nat() }), end: fc.record({ line: fc.nat(), character: fc.nat() }) }),
  severity: fc.integer({ min: 1, max: 4 }),
  code: fc.oneof(text, fc.constant('"diagnostics":[]')),
  source: fc.constant("upscript"),
  message: fc.oneof(text, fc.constant('x","diagnostics":[]}')),
});

describe("the message encoder", () => {
  it("writes JSON.stringify's bytes, also for diagnostics encoded before", () => {
    fc.assert(
      fc.property(text, fc.array(diagnostic, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 30 }), (uri, diagnostics, picks) => {
        const first = { jsonrpc: "2.0", method: "textDocument/publishDiagnostics", params: { uri, version: 1, diagnostics } };
        expect(encodeMessage(first).toString("utf8")).toBe(JSON.stringify(first));
        // The same objects again, in another order and some twice.
        const again = picks.map((i) => diagnostics[i % Math.max(1, diagnostics.length)]).filter((d) => d !== undefined);
        const second = { jsonrpc: "2.0", method: "textDocument/publishDiagnostics", params: { uri, diagnostics: again } };
        expect(encodeMessage(second).toString("utf8")).toBe(JSON.stringify(second));
      }),
      { numRuns: 500 },
    );
  });

  it("writes JSON.stringify's bytes for results of kept objects and their children, also when sent before", () => {
    const range = fc.record({ start: fc.record({ line: fc.nat(), character: fc.nat() }), end: fc.record({ line: fc.nat(), character: fc.nat() }) });
    const leaf = fc.record({ name: fc.oneof(text, fc.constant('"children":[]}')), detail: text, kind: fc.nat(26), range, selectionRange: range });
    const keptLeaf = leaf.map((s) => sentUnchanged(s));
    // Sections: new objects each time, children last (or not: then written whole).
    const section = fc.tuple(leaf, fc.array(fc.oneof(keptLeaf, leaf), { maxLength: 8 }), fc.boolean()).map(([s, children, last]) =>
      last ? { ...s, children } : { children, ...s },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(section, keptLeaf, leaf), { minLength: 1, maxLength: 12 }), fc.nat(), (result, id) => {
        const message = { jsonrpc: "2.0", id, result };
        expect(encodeMessage(message).toString("utf8")).toBe(JSON.stringify(message));
        const again = { jsonrpc: "2.0", id: id + 1, result: [...result].reverse() };
        expect(encodeMessage(again).toString("utf8")).toBe(JSON.stringify(again));
      }),
      { numRuns: 500 },
    );
  });

  it("writes any other message as JSON.stringify does", () => {
    const message = { jsonrpc: "2.0", id: 3, result: { contents: { kind: "markdown", value: "ä \u2028 \"q\"" } } };
    expect(encodeMessage(message).toString("utf8")).toBe(JSON.stringify(message));
  });
});
