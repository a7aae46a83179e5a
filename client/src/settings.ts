/** The extension's settings, as the language server's preview requests take them. */
import * as vscode from "vscode";
import { PRODUCTS } from "../../grammar/src/catalog.js";
import { PREVIEW_SECTION, type PreviewSettings } from "../../server/src/lsp/protocol.js";

export type { PreviewSettings };

export const PRODUCT_NAMES: readonly string[] = PRODUCTS.map((p) => p.name);

export function previewSettings(): PreviewSettings {
  const c = vscode.workspace.getConfiguration(PREVIEW_SECTION);
  const text = (key: string) => {
    const value = c.get<string>(key, "").trim();
    return value === "" ? undefined : value;
  };
  const device = text("device");
  const firmware = text("firmware");
  const boot = text("boot");
  const at = text("at");
  const uptime = c.get<number | null>("uptime", null);
  // Only what is set: an unset setting must not override the server's defaults.
  return {
    ...(device && { device }),
    ...(firmware && { firmware }),
    ...(boot && { boot }),
    ...(at && { at }),
    ...(typeof uptime === "number" && { uptime }),
    ...(c.get<boolean>("fresh", false) && { fresh: true }),
    ...(c.get<boolean>("noClock", false) && { noClock: true }),
  };
}
