/**
 * Table-driven rule tests in the style of typescript-eslint's RuleTester: `valid` code must not
 * produce the rule, `invalid` code must produce exactly the listed findings (ranges written
 * `line:col-line:col`, 0-based), and `output` is the code after the rule's safe fixes.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, fixAll, lint, type Diagnostic, type ResolvedFile, type Severity, type UpscriptConfig } from "@upscript/language";
import type { RuleId } from "../../server/src/language/rules/ids.js";
import type { ScriptRole } from "../../server/src/language/rules/types.js";
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
}

export interface Expected {
  readonly range: string;
  readonly message?: string | RegExp;
  readonly severity?: Severity;
}

export interface InvalidCase extends Case {
  readonly errors: readonly Expected[];
  /** The code after applying this rule's safe fixes until none is left; omit when there is no fix. */
  readonly output?: string;
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
    ...(c.role && { role: c.role }),
    ...(c.fileName && { fileName: c.fileName }),
  });
}

export function ruleTester(rule: RuleId, cases: { valid: readonly (string | Case)[]; invalid: readonly InvalidCase[] }): void {
  const only = (c: Case) => lintCase(c).filter((d) => d.rule === rule);
  const title = (c: Case) => c.name ?? c.code.replace(/\n/g, "⏎").slice(0, 100);

  describe(rule, () => {
    it("has at least two valid and two invalid cases", () => {
      expect(cases.valid.length).toBeGreaterThanOrEqual(2);
      expect(cases.invalid.length).toBeGreaterThanOrEqual(2);
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
          if (c.output !== undefined) {
            const fixed = fixAll(c.code, (text) => only({ ...c, code: text })).text;
            expect(fixed).toBe(c.output);
            expect(only({ ...c, code: fixed }).filter((d) => d.fixes.length > 0)).toEqual([]);
          } else {
            expect(found.filter((d) => d.fixes.length > 0).map((d) => d.message)).toEqual([]);
          }
        });
      }
    });
  });
}
