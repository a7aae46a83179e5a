/** docs/editors.md shows the Neovim and Emacs setups word for word as the editor tests load them. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";
import { clientsDir } from "./editors.js";

const doc = readFileSync(join(repoRoot, "docs", "editors.md"), "utf8");
const blocks = (lang: string) => [...doc.matchAll(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1]);

describe("docs/editors.md", () => {
  it("shows test/clients/nvim/upscript.lua as its Neovim 0.7 snippet", () => {
    expect(blocks("lua")).toContain(readFileSync(join(clientsDir, "nvim", "upscript.lua"), "utf8"));
  });

  it("shows test/clients/emacs/upscript.el as its eglot snippet", () => {
    expect(blocks("elisp")).toContain(readFileSync(join(clientsDir, "emacs", "upscript.el"), "utf8"));
  });

  it("documents the command the snippets start", () => {
    expect(doc).toContain("upscript-language-server --stdio");
    expect(blocks("toml").join("")).toContain('command = "upscript-language-server"');
  });
});
