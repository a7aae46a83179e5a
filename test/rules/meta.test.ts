/**
 * Every rule is complete: its id is one of semantics.md §8, it has a docs page with the
 * expected sections and the right severity, a table-driven test, and no placeholder left.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "@upscript/language";
import { rulesIndexMarkdown } from "../../server/src/language/rules-index.js";

const root = join(import.meta.dirname, "..", "..");

/** The rule table of semantics.md §8, written out here on purpose: the registry must match it. */
const SPEC_RULES: Record<string, string> = {
  syntax: "error",
  "unknown-command": "info",
  "unknown-up-verb": "error",
  "keyword-case": "error",
  "missing-url": "error",
  "missing-final-command": "error",
  "unknown-final-command": "error",
  "missing-serial": "error",
  "too-many-arguments": "error",
  "times-hours": "error",
  "times-duplicate-hour": "warning",
  "times-arguments": "error",
  "times-after-action": "warning",
  "duplicate-check": "warning",
  "nested-cfg": "error",
  "reused-backup-index": "error",
  "meta-not-expanded": "warning",
  "unknown-meta": "warning",
  "scfg-force": "error",
  "bmc-default-name": "warning",
  "cfg-not-activated": "warning",
  "after-reset": "info",
  "wlan-power-unpaired": "info",
  "url-malformed": "error",
  "url-host-name": "info",
  "url-credentials": "warning",
  "plain-http-transfer": "info",
  "missing-file": "warning",
  "version-feature": "warning",
  "check-serial-unchanged": "error",
  "cfg-serial-unchanged": "error",
  "times-disjoint": "error",
  "conflicting-builds": "warning",
  "download-not-activated": "info",
  "check-stores-on-failure": "info",
  "no-firmware-for-product": "warning",
  "poll-interval": "info",
  "scfg-always": "error",
  "unused-disable": "warning",
};

describe("rule catalogue", () => {
  it("has exactly the rules of semantics.md §8 with their default severities", () => {
    expect(Object.fromEntries(RULES.map((r) => [r.id, r.severity]))).toEqual(SPEC_RULES);
  });

  it("has no duplicate ids", () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const source = readFileSync(join(root, "server", "src", "language", "rules", `${rule.id}.ts`), "utf8");
      const docPath = join(root, "docs", "rules", `${rule.id}.md`);
      const testPath = join(root, "test", "rules", `${rule.id}.test.ts`);

      it("is implemented (no placeholder)", () => {
        expect(source).not.toMatch(/PLACEHOLDER/);
        expect(rule.description.length).toBeGreaterThan(20);
      });

      it("has a docs page with every section", () => {
        expect(existsSync(docPath)).toBe(true);
        const doc = readFileSync(docPath, "utf8");
        expect(doc.startsWith(`# ${rule.id}\n`)).toBe(true);
        expect(doc).toContain(`**Default severity:** ${rule.severity}`);
        expect(doc).toContain(`**Category:** ${rule.category}`);
        for (const section of ["## Why it matters on the device", "## Examples", "## How to fix", "## Fix safety", "## Turning it off"]) expect(doc).toContain(section);
        // What the fix is, as the registry says it (safe, unsafe or none), and why, under "Fix safety".
        expect(doc).toContain(`**Fix:** ${rule.fixable}`);
      });

      it("has a table-driven test", () => {
        expect(existsSync(testPath)).toBe(true);
        const test = readFileSync(testPath, "utf8");
        expect(test).toContain(`ruleTester("${rule.id}"`);
        if (rule.fixable !== "none") expect(test).toMatch(/output:/);
      });
    });
  }

  it("docs/rules.md lists every rule and is up to date (npm run generate)", () => {
    expect(readFileSync(join(root, "docs", "rules.md"), "utf8")).toBe(rulesIndexMarkdown());
  });

  it("has no docs page for a rule that does not exist", () => {
    const pages = readdirSync(join(root, "docs", "rules")).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3));
    expect(pages.filter((p) => !(p in SPEC_RULES))).toEqual([]);
  });
});

describe("the README", () => {
  it("names the number of rules there are", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");
    expect(readme).toContain(`(${RULES.length} rules, [list](docs/rules.md))`);
  });
});
