/**
 * The one definition of "is a script file" (server/src/language/script-files.ts): the predicate,
 * the glob patterns and the regular expression derived from the same data, and the hooks that
 * carry the regular expression as text (.pre-commit-hooks.yaml, the git hook in the docs).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { globSync } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, SCRIPT_FILE_PATTERNS, SCRIPT_PATH_REGEX_SOURCE, isScriptFileName, isSkippedFolderName, productFromFileName, productNameInFileName } from "@upscript/language";

const repoRoot = join(import.meta.dirname, "..", "..");

/** name → is it a script file */
const TABLE: [string, boolean][] = [
  ["update.htm", true],
  ["update-ip232.htm", true],
  ["update ip1200.htm", true],
  ["update.txt", true],
  ["update-dect.txt", true],
  ["updates.htm", true],
  ["site.upscript", true],
  ["update-ip232.upscript", true],
  ["a.b.upscript", true],
  ["update.html", false],
  ["update-ip232.html", false],
  ["Update.htm", false],
  ["UPDATE-IP232.HTM", false],
  ["update.HTM", false],
  ["site.UPSCRIPT", false],
  [".upscript", false],
  [".hidden.upscript", false],
  [".update.htm", false],
  ["index.htm", false],
  ["myupdate.htm", false],
  ["notes.txt", false],
  ["update", false],
  ["update.htm.bak", false],
  ["update.htm~", false],
  ["upscript", false],
  ["README.md", false],
  ["site-berlin.cfg", false],
];

describe("isScriptFileName", () => {
  it.each(TABLE)("%s → %s", (name, expected) => {
    expect(isScriptFileName(name)).toBe(expected);
    // A path counts by its last segment, with either separator.
    expect(isScriptFileName(`phones/berlin/${name}`)).toBe(expected);
    expect(isScriptFileName(`C:\\web\\${name}`)).toBe(expected);
  });

  it("a folder named like a script does not make the files in it scripts", () => {
    expect(isScriptFileName("update.htm/readme.md")).toBe(false);
    expect(isScriptFileName("update/site.htm")).toBe(false);
  });

  it("agrees with the glob patterns (the default `files`), matched by the glob library the CLI searches with", () => {
    expect(DEFAULT_CONFIG.files).toEqual(SCRIPT_FILE_PATTERNS);
    expect(SCRIPT_FILE_PATTERNS).toEqual(["**/*.upscript", "**/update*.htm", "**/update*.txt"]);
    const dir = mkdtempSync(join(tmpdir(), "upscript-script-files-"));
    try {
      mkdirSync(join(dir, "a", "b"), { recursive: true });
      for (const [name] of TABLE) {
        writeFileSync(join(dir, name), "");
        writeFileSync(join(dir, "a", "b", name), "");
      }
      // As cli/files.ts searches a folder (dot: false, no links followed).
      const found = new Set(globSync([...SCRIPT_FILE_PATTERNS], { cwd: dir, onlyFiles: true, dot: false, followSymbolicLinks: false }));
      for (const [name, expected] of TABLE) {
        expect([name, found.has(name)]).toEqual([name, expected]);
        expect([name, found.has(`a/b/${name}`)]).toEqual([name, expected]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("agrees with the regular expression, and the hooks carry that expression", () => {
    const re = new RegExp(SCRIPT_PATH_REGEX_SOURCE);
    for (const [name, expected] of TABLE) {
      expect([name, re.test(name)]).toEqual([name, expected]);
      expect([name, re.test(`a/b/${name}`)]).toEqual([name, expected]);
    }
    const yaml = readFileSync(join(repoRoot, ".pre-commit-hooks.yaml"), "utf8");
    expect(/^\s*files:\s*'([^']+)'\s*$/m.exec(yaml)?.[1]).toBe(SCRIPT_PATH_REGEX_SOURCE);
    expect(readFileSync(join(repoRoot, "docs", "git-hooks-and-ci.md"), "utf8")).toContain(`grep -E '${SCRIPT_PATH_REGEX_SOURCE}'`);
  });

  it("folders never searched: node_modules and dot folders", () => {
    for (const name of ["node_modules", ".git", ".svn", ".hg", ".vscode"]) expect([name, isSkippedFolderName(name)]).toEqual([name, true]);
    for (const name of ["dist", "out", "webroot", "update.htm", "node_modules2"]) expect([name, isSkippedFolderName(name)]).toEqual([name, false]);
  });
});

describe("the product in a script file's name", () => {
  it.each([
    ["update-ip232.htm", "ip232"],
    ["phones/update-IP232.htm", "IP232"],
    ["update-ip1200.txt", "ip1200"],
    ["update-ip232.upscript", "ip232"],
    ["update.htm", undefined],
    ["update-.htm", undefined],
    ["update-ip232.html", undefined],
    ["site-ip232.upscript", undefined],
  ])("%s → %s", (name, product) => {
    expect(productNameInFileName(name)).toBe(product);
  });

  it("productFromFileName finds the product only in script file names", () => {
    expect(productFromFileName("/srv/www/update-ip232.htm")?.name).toBe("IP232");
    expect(productFromFileName("update-ip232.html")).toBeUndefined();
  });
});
