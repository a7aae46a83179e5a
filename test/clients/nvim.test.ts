/** Neovim (0.7 on Debian 12), headless, as a real client of dist/server.cjs: see nvim/init.lua. */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { clientsDir, expectedAfterEdit, expectedDiagnostics, explain, makeWorkspace, moduleLabels, protLine, protSignature, requireEditor, requireServer, runEditor, type Workspace } from "./editors.js";

interface NvimDiagnostic {
  code: string;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  severity: number;
  source: string;
  message: string;
}

interface NvimResult {
  ok: boolean;
  error?: string;
  steps: string[];
  nvim_version: string;
  filetype: string;
  omnifunc: string;
  client_name: string;
  hover_provider: boolean;
  first_diagnostics_ms: number;
  diagnostics: NvimDiagnostic[];
  hover: { line: number; kind: string; value: string };
  completion: { line: number; labels: string[] };
  diagnostics_after_edit: NvimDiagnostic[];
  server_exit: { code: number; signal: number };
}

/** vim.diagnostic.severity: ERROR 1, WARN 2, INFO 3, HINT 4. */
const SEVERITY: Record<string, number> = { error: 1, warning: 2, info: 3, hint: 4 };

const expectedIn = (list: readonly (typeof expectedAfterEdit)[number][]) =>
  list.map((d) => ({ code: d.code, line: d.line, column: d.column, end_line: d.line, end_column: d.endColumn, severity: SEVERITY[d.severity], source: "upscript" }));
const shapeOf = (list: NvimDiagnostic[]) => list.map(({ message: _message, ...rest }) => rest);

let workspace: Workspace | undefined;
afterAll(() => {
  if (workspace) rmSync(workspace.dir, { recursive: true, force: true });
});

describe("Neovim headless", () => {
  it("shows the server's diagnostics, hover and completion", () => {
    const nvim = requireEditor("nvim", "apt-get install -y --no-install-recommends neovim");
    requireServer();
    workspace = makeWorkspace("nvim");
    const xdg = (name: string) => join(workspace!.dir, "xdg", name);
    const run = runEditor<NvimResult>(workspace, nvim, ["--headless", "-n", "-i", "NONE", "--noplugin", "-u", join(clientsDir, "nvim", "init.lua")], 60, {
      XDG_CONFIG_HOME: xdg("config"),
      XDG_DATA_HOME: xdg("data"),
      XDG_STATE_HOME: xdg("state"),
      XDG_CACHE_HOME: xdg("cache"),
      NVIM_LOG_FILE: xdg("nvim.log"),
    });
    const why = explain(run, `lsp.log: ${xdg("cache")}/nvim/lsp.log`);
    expect(run.status, why).toBe(0);
    const result = run.result!;
    expect(result.ok, why).toBe(true);
    expect(result.steps.at(-1)).toBe("done");
    expect(result.nvim_version).toMatch(/^0\.\d+\.\d+$/);
    expect(result.filetype).toBe("upscript");
    expect(result.omnifunc).toBe("v:lua.vim.lsp.omnifunc");
    expect(result.client_name).toBe("upscript");
    expect(result.hover_provider).toBe(true);

    // Diagnostics: exactly the fixture's three problems, at their places, with their severities.
    expect(shapeOf(result.diagnostics)).toEqual(expectedIn(expectedDiagnostics));
    result.diagnostics.forEach((d, i) => expect(d.message.startsWith(expectedDiagnostics[i]!.message), d.message).toBe(true));

    // Hover on `prot`: the command's signature in a markdown code block.
    expect(result.hover.line).toBe(protLine);
    expect(result.hover.kind).toBe("markdown");
    expect(result.hover.value).toContain(protSignature);

    // Completion after `mod cmd ` on the appended line: module names.
    expect(result.completion.line).toBe(9);
    expect(result.completion.labels).toEqual(expect.arrayContaining(moduleLabels));
    expect(result.completion.labels.every((l) => /^[A-Z][A-Z0-9]*$/.test(l)), result.completion.labels.join(" ")).toBe(true);

    // The edit reached the server: the unfinished line is now reported too.
    expect(shapeOf(result.diagnostics_after_edit)).toEqual(expectedIn(expectedAfterEdit));
    result.diagnostics_after_edit.forEach((d, i) => expect(d.message.startsWith(expectedAfterEdit[i]!.message), d.message).toBe(true));

    // shutdown + exit: the server ends by itself with status 0.
    expect(result.server_exit).toEqual({ code: 0, signal: 0 });
  });
});
