/**
 * The incremental document (server/src/language/incremental.ts) against a fresh parse: after any
 * sequence of edits (characters, line ends of every kind, whole lines, a byte order mark, at any
 * place, from any text including the empty one) its tree equals `parse` of the final text and its
 * diagnostics equal `lint`. `UPSCRIPT_FUZZ_RUNS` sets the number of cases (a few hundred in
 * `npm test`; `npm run fuzz` runs the long version).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "@upscript/grammar";
import { DEFAULT_CONFIG, documentContext, editDocument, encodeTokens, encodedSemanticTokens, lint, lintDocument, openDocument, updateDocument, type EncodedTokens, type IncrementalDocument, type LintOptions } from "@upscript/language";
import { lineIndex } from "../../server/src/language/rules/util-index.js";
import { anyScript, SEED_LINES } from "./arbitraries.js";

const RUNS = Number(process.env.UPSCRIPT_FUZZ_RUNS ?? 300);

const configs = [
  DEFAULT_CONFIG,
  { ...DEFAULT_CONFIG, target: { firmware: "6.00", products: ["IP21"] } },
  { ...DEFAULT_CONFIG, target: { firmware: "13r1", products: [] }, rules: { "keyword-case": "off" as const, "too-many-arguments": "warning" as const } },
];
const base = "mod cmd UP1 check ser 2026-11-20\nmod cmd UP0 cfg http://10.0.0.5/cfg/a.txt ser 17\n";

const piece = fc.oneof(
  fc.constantFrom("", " ", "\t", "\n", "\r", "\r\n", "\uFEFF", "#", "/", ",", "-", "0", "9", "a", "%", "x", "é", "\u0000"),
  fc.constantFrom(...SEED_LINES).chain((line) => fc.constantFrom(line, `${line}\n`, `${line}\r\n`, `${line}\r`, `\n${line}`)),
  fc.string({ unit: fc.constantFrom(..."mod cmd UP01 /allow#bnhttp:ireset,-\n\r\t"), maxLength: 12 }),
);

/** An edit at a relative place (0..1 of the text), removing up to `remove` characters. */
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), near: fc.constantFrom("anywhere", "line end", "line start"), remove: fc.oneof(fc.constant(0), fc.nat(3), fc.nat(80)), insert: piece, how: fc.constantFrom("edit", "update"), lintNow: fc.boolean() });

/** Where an edit goes: anywhere, or (where line ends join and split) just before or after a line end. */
function place(text: string, at: number, near: string): number {
  const anywhere = Math.floor(at * text.length);
  if (near === "anywhere") return anywhere;
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n" || text[i] === "\r") ends.push(near === "line end" ? i : i + 1);
  return ends.length ? ends[Math.min(ends.length - 1, Math.floor(at * ends.length))]! : anywhere;
}

const start = fc.oneof(anyScript, fc.constant(""), anyScript.map((t) => `\uFEFF${t}`));

describe("incremental document", () => {
  it("after any edits equals a fresh parse and lint of the final text", () => {
    fc.assert(
      fc.property(start, fc.array(edit, { maxLength: 12 }), fc.nat(configs.length - 1), fc.boolean(), (initial, edits, which, withBase) => {
        const options: LintOptions = { config: configs[which]!, fileName: "update-ip232.htm", ...(withBase && { base }) };
        let text = initial;
        let doc: IncrementalDocument = openDocument(text);
        // Semantic tokens encoded from the previous version's (as the language server does), now and then.
        let tokens: EncodedTokens = encodeTokens(doc.parsed.tree.lines);
        if (edits[0]?.lintNow) lintDocument(doc, options);
        for (const e of edits) {
          const at = place(text, e.at, e.near);
          const end = Math.min(text.length, at + e.remove);
          text = text.slice(0, at) + e.insert + text.slice(end);
          doc = e.how === "edit" ? editDocument(doc, { start: at, end, text: e.insert }) : updateDocument(doc, text);
          expect(doc.text).toBe(text);
          if (e.lintNow) lintDocument(doc, options);
          if (e.lintNow || e.remove === 0) tokens = encodeTokens(doc.parsed.tree.lines, tokens);
        }
        const fresh = parse(text);
        expect(doc.parsed.tree).toEqual(fresh.tree);
        expect(doc.parsed.syntaxDiagnostics).toEqual(fresh.syntaxDiagnostics);
        expect(lintDocument(doc, options)).toEqual(lint(text, options));
        expect([...encodeTokens(doc.parsed.tree.lines, tokens).data]).toEqual([...encodedSemanticTokens(documentContext(text, { parsed: fresh }))]);
        // The line index carried over the edits (carryIndex) is the one built from scratch.
        expect(lineIndex(doc.parsed.tree)).toEqual(lineIndex(fresh.tree));
      }),
      { numRuns: RUNS },
    );
  });

  it("encodes semantic tokens from the previous version's as a fresh encoding does, on long scripts", () => {
    const long = fc.array(fc.constantFrom(...SEED_LINES, "", "   ", "# c"), { minLength: 20, maxLength: 200 }).map((lines) => lines.join("\n"));
    fc.assert(
      fc.property(long, fc.array(edit, { minLength: 1, maxLength: 10 }), (initial, edits) => {
        let text = initial;
        let doc = openDocument(text);
        let tokens = encodeTokens(doc.parsed.tree.lines);
        for (const e of edits) {
          const at = place(text, e.at, e.near);
          const end = Math.min(text.length, at + e.remove);
          text = text.slice(0, at) + e.insert + text.slice(end);
          doc = editDocument(doc, { start: at, end, text: e.insert });
          tokens = encodeTokens(doc.parsed.tree.lines, tokens);
          expect([...tokens.data]).toEqual([...encodeTokens(parse(text).tree.lines).data]);
        }
      }),
      { numRuns: Math.max(200, RUNS) },
    );
  });

  it("joins and splits CRLF line ends", () => {
    for (const [text, edit] of [
      ["a\rb", { start: 2, end: 2, text: "\n" }],
      ["a\rx\nb", { start: 2, end: 3, text: "" }],
      ["a\r\nb", { start: 2, end: 2, text: "x" }],
      ["\uFEFFmod\nx", { start: 0, end: 1, text: "" }],
      ["mod\nx", { start: 0, end: 0, text: "\uFEFF" }],
      ["\n\uFEFF", { start: 0, end: 1, text: "" }],
      ["", { start: 0, end: 0, text: "a\r" }],
    ] as const) {
      const doc = editDocument(openDocument(text), edit);
      expect(doc.parsed).toEqual(parse(doc.text));
    }
  });

  it("keeps the nodes of the lines an edit did not touch", () => {
    const lines = Array.from({ length: 50 }, (_, i) => SEED_LINES[i % SEED_LINES.length]).join("\n");
    const doc = openDocument(lines);
    const middle = doc.parsed.tree.lines[25]!.fullRange.start + 3;
    const before = doc.parsed.tree.lines.slice();
    const line30At = before[30]!.fullRange.start;
    const next = editDocument(doc, { start: middle, end: middle, text: "x" });
    for (let i = 0; i < 24; i++) expect(next.parsed.tree.lines[i]).toBe(before[i]);
    // The lines below are the same nodes, moved in place.
    expect(next.parsed.tree.lines[30]).toBe(before[30]);
    expect(next.parsed.tree.lines[30]!.fullRange.start).toBe(line30At + 1);
    expect(next.parsed.tree).toEqual(parse(next.text).tree);
    // A moved line keeps its words shared the way parse shares them.
    for (const line of next.parsed.tree.lines.slice(26)) if (line.kind === "module" && line.verb) expect(line.words).toContain(line.verb);
  });
});
