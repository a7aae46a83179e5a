/**
 * The declared web root (`server` in the config): which local folder serves a URL, and which
 * file name a URL ending in `/` receives. Pure string work; reading is the resolver's job.
 */
import { findProduct, type DefaultFileKind, type ProductSpec } from "@upscript/grammar";
import type { FileNameOverride } from "./config.js";
import { productNameInFileName } from "./script-files.js";

export interface MappedUrl {
  /** The config key that matched, e.g. `http://10.0.0.5/`. */
  readonly prefix: string;
  /** The folder as written in the config. */
  readonly folder: string;
  /** Path below the folder, `/`-separated, percent-decoded; every segment a plain file name. */
  readonly relativePath: string;
}

/** A URL under a declared prefix whose path cannot name a file inside the folder. */
export interface RefusedUrl {
  readonly prefix: string;
  readonly folder: string;
  readonly refused: string;
}

function splitOrigin(url: string): { origin: string; path: string } | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?]*)([^?]*)/i.exec(url);
  if (!m) return undefined;
  return { origin: m[1]!.toLowerCase(), path: m[2] ?? "" };
}

/**
 * The longest `server` prefix that covers `url`, and the file path below its folder; `refused`
 * when the path below the prefix is not a chain of plain names (the web root is a boundary:
 * see docs/security.md). undefined when no prefix covers the URL.
 */
export function mapUrl(url: string, server: Readonly<Record<string, string>>): MappedUrl | RefusedUrl | undefined {
  const target = splitOrigin(url);
  if (!target) return undefined;
  let best: MappedUrl | RefusedUrl | undefined;
  let bestLength = -1;
  for (const [prefix, folder] of Object.entries(server)) {
    const root = splitOrigin(prefix);
    if (!root || root.origin !== target.origin) continue;
    const rootPath = root.path.endsWith("/") ? root.path : `${root.path}/`;
    const path = target.path || "/";
    if (!(path === root.path || path.startsWith(rootPath))) continue;
    if (rootPath.length <= bestLength) continue;
    const names = plainNames(path.slice(rootPath.length));
    best = typeof names === "string" ? { prefix, folder, refused: names } : { prefix, folder, relativePath: names.join("/") };
    bestLength = rootPath.length;
  }
  return best;
}

export function isRefused(mapped: MappedUrl | RefusedUrl): mapped is RefusedUrl {
  return "refused" in mapped;
}

/**
 * Decodes each `/`-separated segment once, as a web server does, and accepts it only when the
 * result is a plain file name: no `/`, `\`, NUL or other control character, not `.` or `..`,
 * and no percent sequence that would decode into one of those on a second pass (double
 * encoding). Empty segments (`a//b`) are skipped, as servers do. Returns the names, or why not.
 */
export function plainNames(path: string): string[] | string {
  const names: string[] = [];
  for (const raw of path.split("/")) {
    if (raw === "") continue;
    const name = decodeSegment(raw);
    if (name === undefined) return `the path segment '${raw}' has a broken percent-encoding`;
    const problem = segmentProblem(name) ?? (name.includes("%") ? segmentProblem(decodeSegment(name) ?? "") : undefined);
    if (problem) return `the path segment '${raw}' ${problem}`;
    names.push(name);
  }
  return names;
}

function decodeSegment(raw: string): string | undefined {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function segmentProblem(name: string): string | undefined {
  if (name === "." || name === "..") return `is '${name}', which would leave the folder of the web root`;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x2f) return "holds an encoded '/'";
    if (c === 0x5c) return "holds a '\\'";
    if (c < 0x20 || c === 0x7f) return "holds a control character";
  }
  return undefined;
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
  const name = productNameInFileName(fileName);
  return name === undefined ? undefined : findProduct(name);
}

/**
 * The products a script is for: the one its file name names (`update-ip232.htm` → IP232 only),
 * else the config's `target.products`; empty when neither says (see docs/configuration.md).
 */
export function scriptProducts(config: { readonly target: { readonly products?: readonly string[] } }, fileName: string | undefined): ProductSpec[] {
  const fromName = productFromFileName(fileName);
  if (fromName) return [fromName];
  return (config.target.products ?? []).map((name) => findProduct(name)).filter((p): p is ProductSpec => p !== undefined);
}
