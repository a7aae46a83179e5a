/**
 * `lint(text)` keeps no tree: it parses a run of lines at a time, the rules read each run and it
 * is dropped (docs/architecture.md, "Data flow"). The language server lints a tree it keeps
 * (`lintParsed`). Both must find the same, for any script, config, role, web root and git base,
 * and across runs of lines: long scripts are made here from many short ones.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "@upscript/grammar";
import { DEFAULT_CONFIG, lint, type LintOptions, type ResolvedFile } from "@upscript/language";
import { lintParsed } from "../../server/src/language/lint.js";
import { anyScript, mutatedScript } from "./arbitraries.js";

const RUNS = Number(process.env.UPSCRIPT_FUZZ_RUNS ?? 300);

const configs = [
  DEFAULT_CONFIG,
  { ...DEFAULT_CONFIG, target: { firmware: "6.00", products: ["IP21"] } },
  { ...DEFAULT_CONFIG, rules: { "keyword-case": "off" as const, "duplicate-check": "error" as const, "after-reset": "off" as const } },
];

const base = "mod cmd UP1 check ser 2026-11-20\nmod cmd UP0 cfg http://10.0.0.5/cfg/a.txt ser 17\nmod cmd UP0 prot http://192.168.0.10/firmware/ ireset 04-5679\n";

/** Every kind of answer a web root gives, chosen by the URL, so that both lints get the same. */
function resolver(atBase: boolean) {
  return (url: string): ResolvedFile => {
    let hash = atBase ? 7 : 0;
    for (let i = 0; i < url.length; i++) hash = (hash * 31 + url.charCodeAt(i)) >>> 0;
    switch (hash % 6) {
      case 0:
        return { kind: "found", path: "web/a.txt", text: `config change PHONE APP /lang ${atBase ? "de" : "en"}\nmod cmd UP0 cfg http://10.0.0.5/x.txt\n` };
      case 1:
        return { kind: "found", path: "web/b.txt", text: undefined, notRead: "too-large" };
      case 2:
        return { kind: "missing", path: "web/c.txt" };
      case 3:
        return { kind: "refused", reason: "an encoded '/' in the path" };
      case 4:
        return { kind: "unreadable", path: "web/d.txt", reason: "EACCES" };
      default:
        return { kind: "unmapped" };
    }
  };
}

/** Many short scripts one after the other: longer than one run of lines (16 K characters). */
const longScript = fc.array(mutatedScript, { minLength: 40, maxLength: 160 }).map((parts) => parts.join("\n"));

const options = fc.record({
  config: fc.constantFrom(...configs),
  role: fc.constantFrom("script" as const, "cfg-target" as const),
  fileName: fc.constantFrom("update-ip232.htm", "update.htm"),
  withBase: fc.boolean(),
  withWebRoot: fc.boolean(),
});

function both(text: string, o: { config: LintOptions["config"]; role: "script" | "cfg-target"; fileName: string; withBase: boolean; withWebRoot: boolean }): { stream: string; tree: string } {
  const lintOptions: LintOptions = {
    config: o.config,
    role: o.role,
    fileName: o.fileName,
    ...(o.withWebRoot && { resolve: resolver(false) }),
    ...(o.withBase && { base, ...(o.withWebRoot && { baseResolve: resolver(true) }) }),
  };
  return { stream: JSON.stringify(lint(text, lintOptions)), tree: JSON.stringify(lintParsed(parse(text), lintOptions)) };
}

describe("lint without a kept tree", () => {
  it("finds what the lint of the whole tree finds", () => {
    fc.assert(
      fc.property(anyScript, options, (text, o) => {
        const { stream, tree } = both(text, o);
        expect(stream).toBe(tree);
      }),
      { numRuns: RUNS },
    );
  });

  it("finds the same across runs of lines in long scripts", () => {
    fc.assert(
      fc.property(longScript, options, (text, o) => {
        const { stream, tree } = both(text, o);
        expect(stream).toBe(tree);
      }),
      { numRuns: Math.max(20, Math.floor(RUNS / 10)) },
    );
  });
});
