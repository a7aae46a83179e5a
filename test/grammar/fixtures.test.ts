/**
 * Every fixture script parses into one node per line; the tree (with ranges) and the syntax
 * diagnostics are compared with golden files next to the fixture.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, pieces } from "@upscript/grammar";
import { dumpTree, showRange } from "../helpers/dump-tree.js";
import { expectGolden } from "../helpers/golden.js";

const dir = join(import.meta.dirname, "fixtures");
const fixtures = readdirSync(dir).filter((f) => f.endsWith(".upscript"));

describe("syntax fixtures", () => {
  it("exist", () => expect(fixtures.length).toBeGreaterThanOrEqual(5));

  for (const name of fixtures) {
    it(name, () => {
      const text = readFileSync(join(dir, name), "utf8");
      const { tree, syntaxDiagnostics } = parse(text);
      expect(tree.lines).toHaveLength(text.split("\n").length - 1);
      expect([...pieces(tree)].map((p) => p.text).join("")).toBe(text);
      const diagnostics = syntaxDiagnostics.map((d) => `${showRange(d.range)} ${d.code}: ${d.message}`).join("\n");
      expectGolden(`${dumpTree(tree)}--- syntax diagnostics\n${diagnostics}\n`, join(dir, name.replace(/\.upscript$/, ".tree")));
    });
  }
});
