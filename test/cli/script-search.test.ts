/**
 * One definition of a script file (docs/configuration.md, "Which files are scripts"): in one
 * folder tree, the CLI's folder search (cli/files.ts) and the language server's workspace scan
 * (lsp/cfg-index.ts) pick the same files.
 */
import { mkdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { isScriptFileName } from "@upscript/language";
import { collect } from "../../server/src/cli/files.js";
import { CfgIndex } from "../../server/src/lsp/cfg-index.js";
import { ConfigCache } from "../../server/src/node/config-files.js";
import { tempDir, writeTree } from "./tmp.js";

const SCRIPT = "mod cmd UP1 times /allow 23,0,1\n";

describe("the CLI's folder search and the language server's scan", () => {
  const root = writeTree(tempDir("script-search"), {
    ".gitignore": "ignored/\n*.tmp.htm\n",
    "update.htm": SCRIPT,
    "update-ip232.htm": SCRIPT,
    "update-dect.txt": SCRIPT,
    "site.upscript": SCRIPT,
    "update.html": SCRIPT,
    "Update-IP232.HTM": SCRIPT,
    "index.htm": "<html></html>\n",
    "notes.txt": "notes\n",
    ".hidden.upscript": SCRIPT,
    "update.tmp.htm": SCRIPT,
    "phones/update-ip1200.htm": SCRIPT,
    "phones/berlin/update-ip232.txt": SCRIPT,
    "phones/berlin/.gitignore": "update-ip232.txt\n",
    "phones/munich/update-ip232.htm": SCRIPT,
    "dist/update.htm": SCRIPT,
    "out/site.upscript": SCRIPT,
    "ignored/update.htm": SCRIPT,
    "node_modules/pkg/update.htm": SCRIPT,
    ".git/update.htm": SCRIPT,
    ".svn/update.htm": SCRIPT,
    "update.htm.d/readme.md": "folder named like a script\n",
  });
  mkdirSync(join(root, "empty"));
  const rel = (path: string) => relative(root, path).split(sep).join("/");

  it("pick the same files", async () => {
    const configs = new ConfigCache(undefined, { cwd: root });
    const cli = [...(await collect(["."], configs, root)).targets].map((t) => rel(join(root, t.path))).sort();

    const index = new CfgIndex(new ConfigCache(undefined, { stopAt: [root] }));
    const scanned: string[] = [];
    index.update = (path: string) => void scanned.push(rel(path));
    expect(await index.scan([root], () => false)).toEqual({ files: scanned.length, complete: true });

    expect(scanned.sort()).toEqual(cli);
    expect(cli).toEqual([
      "dist/update.htm",
      "out/site.upscript",
      "phones/munich/update-ip232.htm",
      "phones/update-ip1200.htm",
      "site.upscript",
      "update-dect.txt",
      "update-ip232.htm",
      "update.htm",
    ]);
    expect(cli.every((path) => isScriptFileName(path))).toBe(true);
  });
});
