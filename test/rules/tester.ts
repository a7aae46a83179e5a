/**
 * Table-driven rule tests in the style of typescript-eslint's RuleTester: `valid` code must not
 * produce the rule, `invalid` code must produce exactly the listed findings (ranges written
 * `line:col-line:col`, 0-based), and `output` is the code after the rule's fixes. Every fix is
 * marked safe or unsafe as the rule's `fixable` says, and a safe one leaves what devices do (the
 * compiled dry-run program) unchanged.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, findRule, fixAll, lint, type Diagnostic, type ResolvedFile, type Severity, type UpscriptConfig } from "@upscript/language";
import type { RuleId } from "../../server/src/language/rules/ids.js";
import type { ScriptRole } from "../../server/src/language/rules/types.js";
import { behaviour, safeEdits } from "../helpers/behaviour.js";
import { showRange } from "../helpers/dump-tree.js";

export interface Case {
  readonly code: string;
  readonly name?: string;
  readonly config?: Partial<UpscriptConfig>;
  readonly base?: string;
  readonly role?: ScriptRole;
  readonly fileName?: string;
  /** Files under the web root http://10.0.0.5/ (URL → text); other URLs there are missing. */
  /** Files of the web root by URL; `null`: the file exists but is beyond the size read. */
  readonly files?: Readonly<Record<string, string | null>>;
  /** The web root's files at the git base (with `base`), the same way. */
  readonly baseFiles?: Readonly<Record<string, string | null>>;
}

export interface Expected {
  readonly range: string;
  readonly message?: string | RegExp;
  readonly severity?: Severity;
}

export interface InvalidCase extends Case {
  readonly errors: readonly Expected[];
  /**
   * The code after applying this rule's fixes, safe and unsafe (`--unsafe-fixes`), until none is
   * left; omit when there is no fix.
   */
  readonly output?: string;
  /**
   * The code after its safe fixes only (`--fix`). Omitted: `output` when every fix of the case is
   * safe, the code itself when every one is unsafe.
   */
  readonly safeOutput?: string;
}

export const WEB_ROOT = "http://10.0.0.5/";

function resolverFor(files: Readonly<Record<string, string | null>>) {
  return (url: string): ResolvedFile => {
    if (!url.startsWith(WEB_ROOT)) return { kind: "unmapped" };
    const path = url.slice(WEB_ROOT.length);
    const text = files[url];
    return text === undefined ? { kind: "missing", path } : { kind: "found", path, text: text ?? undefined };
  };
}

export function lintCase(c: Case): Diagnostic[] {
  const config: UpscriptConfig = { ...DEFAULT_CONFIG, ...c.config, server: { [WEB_ROOT]: "." , ...c.config?.server } };
  return lint(c.code, {
    config,
    ...(c.files && { resolve: resolverFor(c.files) }),
    ...(c.base !== undefined && { base: c.base }),
    ...(c.baseFiles && { baseResolve: resolverFor(c.baseFiles) }),
    ...(c.role && { role: c.role }),
    ...(c.fileName && { fileName: c.fileName }),
  });
}

/** Checks what every finding's fixes are marked against the rule's `fixable`, and that a safe edit changes nothing a device does. */
function checkSafety(rule: RuleId, code: string, found: readonly Diagnostic[]): void {
  const fixable = findRule(rule)!.fixable;
  for (const d of found) {
    for (const f of [...d.fixes, ...d.suggestions]) expect(["safe", "unsafe"], `${f.title}: safety`).toContain(f.safety);
    if (fixable === "none") expect(d.fixes.map((f) => f.title), `${rule} is fixable: none`).toEqual([]);
    if (fixable === "safe") expect(d.fixes.filter((f) => f.safety !== "safe").map((f) => f.title), `${rule} is fixable: safe`).toEqual([]);
  }
  for (const { fix, fixed } of safeEdits(code, found)) expect(behaviour(fixed), `safe fix '${fix.title}' changes what devices do`).toBe(behaviour(code));
}

export function ruleTester(rule: RuleId, cases: { valid: readonly (string | Case)[]; invalid: readonly InvalidCase[] }): void {
  const only = (c: Case) => lintCase(c).filter((d) => d.rule === rule);
  const title = (c: Case) => c.name ?? c.code.replace(/\n/g, "⏎").slice(0, 100);
  const fixable = findRule(rule)?.fixable;

  describe(rule, () => {
    it("has at least two valid and two invalid cases", () => {
      expect(cases.valid.length).toBeGreaterThanOrEqual(2);
      expect(cases.invalid.length).toBeGreaterThanOrEqual(2);
    });

    it(`fixable: ${fixable}, as its cases show`, () => {
      const safeties = new Set(cases.invalid.flatMap((c) => only(c).flatMap((d) => d.fixes.map((f) => f.safety))));
      if (fixable === "none") expect([...safeties]).toEqual([]);
      else expect(safeties.has(fixable!), `no case shows a ${fixable} fix`).toBe(true);
    });

    describe("valid", () => {
      for (const raw of cases.valid) {
        const c = typeof raw === "string" ? { code: raw } : raw;
        it(title(c), () => {
          expect(only(c).map((d) => `${showRange(d.range)} ${d.message}`)).toEqual([]);
        });
      }
    });

    describe("invalid", () => {
      for (const c of cases.invalid) {
        it(title(c), () => {
          const found = only(c);
          expect(found.map((d) => showRange(d.range))).toEqual(c.errors.map((e) => e.range));
          c.errors.forEach((e, i) => {
            const d = found[i]!;
            if (typeof e.message === "string") expect(d.message).toBe(e.message);
            else if (e.message) expect(d.message).toMatch(e.message);
            if (e.severity) expect(d.severity).toBe(e.severity);
          });
          checkSafety(rule, c.code, found);
          if (c.output !== undefined) {
            const fixed = fixAll(c.code, (text) => only({ ...c, code: text }), { unsafe: true }).text;
            expect(fixed).toBe(c.output);
            expect(only({ ...c, code: fixed }).filter((d) => d.fixes.length > 0)).toEqual([]);
            const safeties = new Set(found.flatMap((d) => d.fixes.map((f) => f.safety)));
            const safeOutput = c.safeOutput ?? (!safeties.has("unsafe") ? c.output : !safeties.has("safe") ? c.code : undefined);
            expect(safeOutput, "safe and unsafe fixes in one case: give safeOutput").toBeDefined();
            expect(fixAll(c.code, (text) => only({ ...c, code: text }), { unsafe: false }).text, "--fix (safe fixes only)").toBe(safeOutput);
          } else {
            expect(found.filter((d) => d.fixes.length > 0).map((d) => d.message)).toEqual([]);
          }
        });
      }
    });
  });
}
