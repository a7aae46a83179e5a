/**
 * The declared web root (`server` in the config): which local folder serves a URL, and which
 * file name a URL ending in `/` receives. Pure string work; reading is the resolver's job.
 */
import { findProduct, type DefaultFileKind, type ProductSpec } from "@upscript/grammar";
import type { FileNameOverride } from "./config.js";

export interface MappedUrl {
  /** The config key that matched, e.g. `http://10.0.0.5/`. */
  readonly prefix: string;
  /** The folder as written in the config. */
  readonly folder: string;
  /** Path below the folder, `/`-separated, percent-decoded, never escaping the folder. */
  readonly relativePath: string;
}

function splitOrigin(url: string): { origin: string; path: string } | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?]*)([^?]*)/i.exec(url);
  if (!m) return undefined;
  return { origin: m[1]!.toLowerCase(), path: m[2] ?? "" };
}

/** The longest `server` prefix that covers `url`, and the file path below its folder. */
export function mapUrl(url: string, server: Readonly<Record<string, string>>): MappedUrl | undefined {
  const target = splitOrigin(url);
  if (!target) return undefined;
  let best: MappedUrl | undefined;
  let bestLength = -1;
  for (const [prefix, folder] of Object.entries(server)) {
    const root = splitOrigin(prefix);
    if (!root || root.origin !== target.origin) continue;
    const rootPath = root.path.endsWith("/") ? root.path : `${root.path}/`;
    const path = target.path || "/";
    if (!(path === root.path || path.startsWith(rootPath))) continue;
    if (rootPath.length <= bestLength) continue;
    const relativePath = normalise(path.slice(rootPath.length));
    if (relativePath === undefined) continue;
    best = { prefix, folder, relativePath };
    bestLength = rootPath.length;
  }
  return best;
}

/** Resolves `.` and `..` and decodes `%xx`; undefined when the path climbs above its root. */
function normalise(path: string): string | undefined {
  const out: string[] = [];
  for (const raw of path.split("/")) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      segment = raw;
    }
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(segment);
  }
  return out.join("/");
}

/** The name a device of `product` appends to a URL ending in `/`, or undefined when there is none. */
export function defaultFileName(kind: DefaultFileKind, product: ProductSpec, overrides: Readonly<Record<string, FileNameOverride>> = {}): string | undefined {
  const override = overrides[product.name];
  switch (kind) {
    case "update":
      return override?.update ?? product.updateFile;
    case "firmware":
      return override?.firmware ?? product.firmwareFile ?? undefined;
    case "boot":
      return override?.boot ?? product.bootFile ?? undefined;
  }
}

/** The product a script file is for, from its name: `update-ip232.htm` → IP232. */
export function productFromFileName(fileName: string | undefined): ProductSpec | undefined {
  if (!fileName) return undefined;
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const m = /^update-(.+?)\.(?:htm|html|txt|upscript)$/i.exec(base);
  return m ? findProduct(m[1]!) : undefined;
}
