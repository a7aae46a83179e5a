/**
 * The fixture web root: each script is linted with the web root's config and a real resolver,
 * and its diagnostics are compared with a golden file (`<file>.diagnostics`). Applying the safe
 * fixes (`--fix`) gives the golden `<file>.fixed` and leaves what devices do unchanged; applying
 * every fix (`--unsafe-fixes`) gives `<file>.unsafe-fixed`, which no longer has a fixable problem.
 * Neither adds a syntax error, and fixing again changes nothing. Files under cfg/ are cfg targets.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { fixAll, lint, type Diagnostic } from "@upscript/language";
import { loadConfigFile } from "../../server/src/node/config-files.js";
import { fsResolver } from "../../server/src/node/web-root.js";
import { behaviour } from "../helpers/behaviour.js";
import { showRange } from "../helpers/dump-tree.js";
import { expectGolden } from "../helpers/golden.js";

const root = join(import.meta.dirname, "fixtures", "webroot");
const expected = join(import.meta.dirname, "fixtures", "expected");
const loaded = loadConfigFile(join(root, ".upscriptrc.json"));

function scripts(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return scripts(path);
    return /\.(htm|txt|upscript)$/.test(name) ? [path] : [];
  });
}

const files = scripts(root).sort();

function lintFile(path: string, text: string): Diagnostic[] {
  const role = relative(root, path).startsWith("cfg/") ? "cfg-target" : "script";
  return lint(text, { config: loaded.config, resolve: fsResolver(loaded), fileName: path, role });
}

const show = (d: Diagnostic) => `${showRange(d.range)} ${d.severity} ${d.rule}: ${d.message}${d.fixes[0] ? (d.fixes[0].safety === "safe" ? " [fix]" : " [unsafe fix]") : ""}`;

describe("rule fixtures", () => {
  it("the config is valid", () => expect(loaded.problems).toEqual([]));

  for (const path of files) {
    const name = relative(root, path);
    const golden = join(expected, name.replace(/\//g, "__"));
    const text = readFileSync(path, "utf8");

    it(`${name}: diagnostics`, () => {
      expectGolden(lintFile(path, text).map(show).join("\n") + "\n", `${golden}.diagnostics`);
    });

    it(`${name}: safe fixes`, () => {
      const before = lintFile(path, text);
      const fixed = fixAll(text, (t) => lintFile(path, t), { unsafe: false });
      expectGolden(fixed.text, `${golden}.fixed`);
      expect(behaviour(fixed.text), "--fix changed what devices do").toBe(behaviour(text));
      const after = lintFile(path, fixed.text);
      expect(after.filter((d) => d.fixes.some((f) => f.safety === "safe")).map(show)).toEqual([]);
      expect(fixed.unsafeLeft).toBe(after.filter((d) => d.fixes.length > 0).length);
      const syntaxBefore = before.filter((d) => d.rule === "syntax").length;
      expect(after.filter((d) => d.rule === "syntax").length).toBeLessThanOrEqual(syntaxBefore);
      expect(fixAll(fixed.text, (t) => lintFile(path, t), { unsafe: false }).text).toBe(fixed.text);
    });

    it(`${name}: unsafe fixes`, () => {
      const before = lintFile(path, text);
      const fixed = fixAll(text, (t) => lintFile(path, t), { unsafe: true });
      expectGolden(fixed.text, `${golden}.unsafe-fixed`);
      const after = lintFile(path, fixed.text);
      expect(after.filter((d) => d.fixes.length > 0).map(show)).toEqual([]);
      const syntaxBefore = before.filter((d) => d.rule === "syntax").length;
      expect(after.filter((d) => d.rule === "syntax").length).toBeLessThanOrEqual(syntaxBefore);
      expect(fixAll(fixed.text, (t) => lintFile(path, t), { unsafe: true }).text).toBe(fixed.text);
    });
  }
});
