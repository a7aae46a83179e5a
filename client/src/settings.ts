/** The extension's settings, as the language server's preview requests take them. */
import * as vscode from "vscode";
import { PRODUCTS } from "../../grammar/src/catalog.js";

export const PRODUCT_NAMES: readonly string[] = PRODUCTS.map((p) => p.name);

export interface PreviewSettings {
  device?: string;
  firmware?: string;
  boot?: string;
  at?: string;
  uptime?: number;
  fresh?: boolean;
  noClock?: boolean;
}

export function previewSettings(): PreviewSettings {
  const c = vscode.workspace.getConfiguration("upscript.preview");
  const text = (key: string) => {
    const value = c.get<string>(key, "").trim();
    return value === "" ? undefined : value;
  };
  const out: PreviewSettings = {};
  const device = text("device");
  const firmware = text("firmware");
  const boot = text("boot");
  const at = text("at");
  if (device) out.device = device;
  if (firmware) out.firmware = firmware;
  if (boot) out.boot = boot;
  if (at) out.at = at;
  const uptime = c.get<number | null>("uptime", null);
  if (typeof uptime === "number") out.uptime = uptime;
  if (c.get<boolean>("fresh", false)) out.fresh = true;
  if (c.get<boolean>("noClock", false)) out.noClock = true;
  return out;
}
