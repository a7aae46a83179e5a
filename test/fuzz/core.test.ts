/**
 * Fuzzing beyond the parser: the validator, the fixes, the formatter and the dry-run on random and
 * mutated scripts. `UPSCRIPT_FUZZ_RUNS` sets the number of cases (a few hundred in `npm test`;
 * `npm run fuzz` runs the long version).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findProduct, parse } from "@upscript/grammar";
import { compile, createDevice, fixAll, format, lint, parseLocalTime, runPoll, simulate, type ResolvedFile } from "@upscript/language";
import { behaviour, safeEdits } from "../helpers/behaviour.js";
import { anyScript, mutatedScript } from "./arbitraries.js";

const RUNS = Number(process.env.UPSCRIPT_FUZZ_RUNS ?? 300);

const resolve = (url: string): ResolvedFile =>
  url.includes("/cfg/") ? { kind: "found", path: "cfg/x.txt", text: "config change A B\nmod cmd UP0 cfg http://10.0.0.5/cfg/x.txt ser 1\n" } : { kind: "missing", path: "x" };
const config = { rules: {}, target: { firmware: "6.00", products: ["IP21"] }, server: { "http://10.0.0.5/": "." }, files: [], ignore: [], dryRun: {}, fileNames: {} };
const syntaxErrors = (text: string) => lint(text).filter((d) => d.rule === "syntax").length;

describe("fuzz", () => {
  it("lint never throws and keeps every range inside the text", () => {
    fc.assert(
      fc.property(anyScript, (text) => {
        for (const d of lint(text, { config, resolve, base: "mod cmd UP1 check ser 2026-11-20\n", fileName: "update-ip232.htm" })) {
          expect(d.range.start).toBeGreaterThanOrEqual(0);
          expect(d.range.end).toBeLessThanOrEqual(text.length);
          expect(d.message.length).toBeGreaterThan(0);
          for (const f of [...d.fixes, ...d.suggestions]) {
            expect(["safe", "unsafe"]).toContain(f.safety);
            for (const e of f.edits) expect(e.range.end).toBeLessThanOrEqual(text.length);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("applying the fixes (safe only, or all) never adds a syntax error, and a second pass changes nothing", () => {
    fc.assert(
      fc.property(mutatedScript, fc.boolean(), (text, unsafe) => {
        const fixed = fixAll(text, (t) => lint(t), { unsafe }).text;
        expect(syntaxErrors(fixed)).toBeLessThanOrEqual(syntaxErrors(text));
        expect(fixAll(fixed, (t) => lint(t), { unsafe }).text).toBe(fixed);
      }),
      { numRuns: RUNS },
    );
  });

  it("a safe fix never changes what devices do, alone or all of them with --fix", () => {
    fc.assert(
      fc.property(mutatedScript, (text) => {
        const before = behaviour(text);
        for (const { diagnostic, fix, fixed } of safeEdits(text, lint(text))) expect(behaviour(fixed), `${diagnostic.rule}: ${fix.title}`).toBe(before);
        const all = fixAll(text, (t) => lint(t), { unsafe: false });
        expect(behaviour(all.text)).toBe(before);
        expect(all.unsafeApplied).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });

  it("formatting never changes a word", () => {
    fc.assert(
      fc.property(anyScript, (text) => {
        const words = (t: string) => parse(t).tree.lines.flatMap((l) => l.words.map((w) => w.text));
        expect(words(format(text))).toEqual(words(text));
      }),
      { numRuns: RUNS },
    );
  });

  it("the dry-run never throws, for any device state", () => {
    const device = fc.record({
      product: fc.constantFrom("IP232", "IP1200", "IP21", "IPBS", "IP72"),
      firmware: fc.constantFrom("04-5656", "04-5679", "unknown", ""),
      clock: fc.option(fc.integer({ min: 0, max: 60 * 24 * 366 * 60 })),
      uptime: fc.nat({ max: 10_000 }),
      fresh: fc.boolean(),
      CHECK: fc.constantFrom("", "2026-11-20", "7"),
      SCFG: fc.constantFrom("", "WEEKLY"),
      backupIndex: fc.nat({ max: 9 }),
    });
    fc.assert(
      fc.property(mutatedScript, device, (text, d) => {
        const state = createDevice({
          product: findProduct(d.product)!,
          firmware: d.firmware,
          clock: d.clock === null ? null : d.clock,
          uptimeMinutes: d.uptime,
          fresh: d.fresh,
          variables: { CHECK: d.CHECK, SCFG: d.SCFG },
          backupIndex: d.backupIndex,
        });
        const program = compile(text);
        const env = { updateUrl: "http://10.0.0.5/", resolve, fail: (url: string) => (url.includes("b.txt") ? 500 : undefined) };
        const plan = runPoll(program, state, env);
        expect(plan.lines).toHaveLength(program.instructions.length);
        simulate(program, { ...state, clock: parseLocalTime("2026-11-20T12:00")! }, env, { days: 1 });
      }),
      { numRuns: Math.max(20, Math.floor(RUNS / 3)) },
    );
  });
});
