/**
 * The incremental document keeps what a rule with `reads` found while the lines it reads stay
 * the same (server/src/language/lint.ts, `KeptFindings`); the fuzz property checks the results
 * equal a fresh lint, this checks the work is really skipped and the kept findings still move.
 */
import { describe, expect, it } from "vitest";
import { editDocument, lint, lintDocument, openDocument, RULES, type Diagnostic } from "@upscript/language";

const script = [
  "# site 1",
  "mod cmd UP1 check ser 2026-11-01",
  "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765",
  "mod cmd UP1 check ser 2026-11-02",
  "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138999",
  "",
].join("\n");

const of = (list: Diagnostic[], rule: string) => list.filter((d) => d.rule === rule);

describe("kept cross-line findings", () => {
  it("every rule that says what it reads reads lists from the index, and the rules using files do not say so", () => {
    const withReads = RULES.filter((r) => r.reads).map((r) => r.id);
    expect(withReads).toContain("duplicate-check");
    for (const id of ["missing-file", "nested-cfg", "cfg-serial-unchanged", "check-serial-unchanged"]) expect(withReads).not.toContain(id);
    for (const rule of RULES) expect(rule.reads && rule.scope === "line").toBeFalsy();
  });

  it("are the same objects after an edit of a line no rule reads, moved with their lines", () => {
    let doc = openDocument(script);
    const first = lintDocument(doc);
    const duplicate = of(first, "duplicate-check")[0]!;
    const conflict = of(first, "conflicting-builds")[0]!;
    expect(duplicate.range.line).toBe(3);
    const startBefore = duplicate.range.start;

    doc = editDocument(doc, { start: 2, end: 2, text: "more " });
    const second = lintDocument(doc);
    expect(of(second, "duplicate-check")[0]).toBe(duplicate);
    expect(of(second, "conflicting-builds")[0]).toBe(conflict);
    expect(duplicate.range.start).toBe(startBefore + 5);
    expect(second).toEqual(lint(doc.text));
  });

  it("are found again when a line they read changes or moves", () => {
    let doc = openDocument(script);
    const duplicate = of(lintDocument(doc), "duplicate-check")[0]!;

    // The second check's serial changes: its finding is made again with the new message.
    const at = doc.text.indexOf("2026-11-02") + 9;
    doc = editDocument(doc, { start: at, end: at + 1, text: "1" });
    const changed = lintDocument(doc);
    expect(of(changed, "duplicate-check")[0]).not.toBe(duplicate);
    expect(changed).toEqual(lint(doc.text));

    // A line above moves every line below: messages name line numbers, so all is found again.
    const kept = of(changed, "conflicting-builds")[0]!;
    doc = editDocument(doc, { start: 0, end: 0, text: "\n" });
    const moved = lintDocument(doc);
    expect(of(moved, "conflicting-builds")[0]).not.toBe(kept);
    expect(of(moved, "conflicting-builds")[0]!.message).toContain("line 4");
    expect(moved).toEqual(lint(doc.text));
  });

  it("are found again after edits that moved a line they read and then moved some lines back", () => {
    let doc = openDocument("mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1\n# between\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-2\n");
    expect(of(lintDocument(doc), "conflicting-builds")[0]!.message).toContain("on line 1");
    doc = editDocument(doc, { start: 0, end: 0, text: "# top\n" });
    const between = doc.text.indexOf("# between\n");
    doc = editDocument(doc, { start: between, end: between + "# between\n".length, text: "" });
    // The second prot is on line 3 again, the first one moved from line 1 to line 2.
    const found = of(lintDocument(doc), "conflicting-builds");
    expect(found[0]!.message).toContain("on line 2");
    expect(lintDocument(doc)).toEqual(lint(doc.text));
  });

  it("are dropped when the options change", () => {
    const doc = openDocument(script);
    const duplicate = of(lintDocument(doc), "duplicate-check")[0]!;
    const other = lintDocument(doc, { fileName: "update-ip232.htm" });
    expect(of(other, "duplicate-check")[0]).not.toBe(duplicate);
    expect(other).toEqual(lint(script, { fileName: "update-ip232.htm" }));
  });
});

describe("the incremental document beyond the limits", () => {
  it("reports max-lines as lint does, also after an edit brings it there", () => {
    const near = "\n".repeat(299_999);
    let doc = openDocument(near);
    expect(lintDocument(doc)).toEqual(lint(near));
    doc = editDocument(doc, { start: 0, end: 0, text: "\n\n" });
    const over = lintDocument(doc);
    expect(over).toEqual(lint(doc.text));
    expect(over[0]!.message).toContain("limit max-lines");
  });
});
