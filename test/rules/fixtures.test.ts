/**
 * The fixture web root: each script is linted with the web root's config and a real resolver,
 * and its diagnostics are compared with a golden file (`<file>.diagnostics`). Applying every
 * safe fix gives the golden `<file>.fixed`; the fixed script no longer has those problems, has
 * no new syntax error, and fixing it again changes nothing. Files under cfg/ are cfg targets.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { fixAll, lint, type Diagnostic } from "@upscript/language";
import { loadConfigFile } from "../../server/src/node/config-files.js";
import { fsResolver } from "../../server/src/node/web-root.js";
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

const show = (d: Diagnostic) => `${showRange(d.range)} ${d.severity} ${d.rule}: ${d.message}${d.fixes.length ? " [fix]" : ""}`;

describe("rule fixtures", () => {
  it("the config is valid", () => expect(loaded.problems).toEqual([]));

  for (const path of files) {
    const name = relative(root, path);
    const golden = join(expected, name.replace(/\//g, "__"));
    const text = readFileSync(path, "utf8");

    it(`${name}: diagnostics`, () => {
      expectGolden(lintFile(path, text).map(show).join("\n") + "\n", `${golden}.diagnostics`);
    });

    it(`${name}: fixes`, () => {
      const before = lintFile(path, text);
      const fixed = fixAll(text, (t) => lintFile(path, t));
      expectGolden(fixed.text, `${golden}.fixed`);
      const after = lintFile(path, fixed.text);
      expect(after.filter((d) => d.fixes.length > 0).map(show)).toEqual([]);
      const syntaxBefore = before.filter((d) => d.rule === "syntax").length;
      expect(after.filter((d) => d.rule === "syntax").length).toBeLessThanOrEqual(syntaxBefore);
      expect(fixAll(fixed.text, (t) => lintFile(path, t)).text).toBe(fixed.text);
    });
  }
});
