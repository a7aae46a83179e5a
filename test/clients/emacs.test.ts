/** Emacs (28 on Debian 12) + eglot, in batch mode, as a real client of dist/server.cjs: see emacs/drive.el. */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { clientsDir, expectedAfterEdit, expectedDiagnostics, explain, makeWorkspace, moduleLabels, protLine, protSignature, requireEditor, requireServer, runEditor, type Workspace } from "./editors.js";

interface FlymakeDiagnostic {
  code: string | null;
  line: number;
  column: number;
  end_column: number;
  type: string;
  text: string;
}

interface EmacsResult {
  ok: boolean;
  error?: string;
  events?: string;
  steps: string[];
  emacs_version: string;
  eglot_version: string;
  major_mode: string;
  managed: boolean;
  server_name: string;
  first_diagnostics_ms: number;
  diagnostics: FlymakeDiagnostic[];
  hover: { line: number; value: string };
  completion: { line: number; labels: string[] };
  diagnostics_after_edit: FlymakeDiagnostic[];
  server_exit: number;
}

/** eglot's flymake types for LSP severities 1, 2 and 3–4. */
const TYPE: Record<string, string> = { error: "eglot-error", warning: "eglot-warning", info: "eglot-note", hint: "eglot-note" };

const expectedIn = (list: readonly (typeof expectedAfterEdit)[number][]) =>
  list.map((d) => ({ code: d.code, line: d.line, column: d.column, end_column: d.endColumn, type: TYPE[d.severity] }));
const shapeOf = (list: FlymakeDiagnostic[]) => list.map(({ text: _text, ...rest }) => rest);
/** eglot writes flymake's text as "SOURCE [CODE]: MESSAGE". */
const textOf = (d: (typeof expectedAfterEdit)[number]) => `upscript [${d.code}]: ${d.message}`;

let workspace: Workspace | undefined;
afterAll(() => {
  if (workspace) rmSync(workspace.dir, { recursive: true, force: true });
});

describe("Emacs + eglot (batch)", () => {
  it("shows the server's diagnostics through flymake, and answers hover and completion", () => {
    const emacs = requireEditor("emacs", "apt-get install -y --no-install-recommends emacs-nox elpa-eglot");
    requireServer();
    workspace = makeWorkspace("emacs");
    const run = runEditor<EmacsResult>(workspace, emacs, ["--batch", "-Q", "-l", join(clientsDir, "emacs", "drive.el")], 90, {});
    const why = explain(run, run.result?.events ? `eglot events:\n${run.result.events}` : "");
    expect(run.status, why).toBe(0);
    const result = run.result!;
    expect(result.ok, why).toBe(true);
    expect(result.steps.at(-1)).toBe("done");
    expect(result.emacs_version).toMatch(/^\d+\.\d+/);
    expect(result.major_mode).toBe("upscript-mode");
    expect(result.managed).toBe(true);
    expect(result.server_name).toBe("upscript-language-server");

    // Diagnostics as flymake holds them: the three problems, their places, types and texts.
    expect(shapeOf(result.diagnostics)).toEqual(expectedIn(expectedDiagnostics));
    result.diagnostics.forEach((d, i) => expect(d.text.startsWith(textOf(expectedDiagnostics[i]!)), d.text).toBe(true));

    // Hover on `prot`.
    expect(result.hover.line).toBe(protLine);
    expect(result.hover.value).toContain(protSignature);

    // eglot's completion-at-point after `mod cmd ` on the appended line.
    expect(result.completion.line).toBe(9);
    expect(result.completion.labels).toEqual(expect.arrayContaining(moduleLabels));
    expect(result.completion.labels.every((l) => /^[A-Z][A-Z0-9]*$/.test(l)), result.completion.labels.join(" ")).toBe(true);

    // The edit reached the server (didChange), and flymake shows the new problem.
    expect(shapeOf(result.diagnostics_after_edit)).toEqual(expectedIn(expectedAfterEdit));
    result.diagnostics_after_edit.forEach((d, i) => expect(d.text.startsWith(textOf(expectedAfterEdit[i]!)), d.text).toBe(true));

    // eglot-shutdown sends shutdown and exit, then deletes the process at once (jsonrpc.el), so the
    // status is 0 or 9 depending on who is faster; that the request was answered is what counts.
    expect([0, 9]).toContain(result.server_exit);
  });
});
