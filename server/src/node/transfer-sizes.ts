/**
 * How big each file a rollout transfers is (docs/dry-run.md, "Comparing two scripts and
 * exporting devices"): the one SizeOf the CLI's `simulate --fleet` and the language server's
 * `upscript/simulate` both use, so the editor and the terminal forecast the same web server load.
 * Per URL, the first that gives a size:
 *
 * 1. config: a `dryRun.builds` entry written as `{ "build": …, "size": "7.5MB" }`;
 * 2. web-root: the URL's file under the web root the config maps, when it is there (its size
 *    on disk; the file is not read);
 * 3. option: `--size VERB=SIZE` (the CLI only);
 * 4. default: the catalog's typical size for the line's verb.
 *
 * Each URL is looked up once per SizeOf.
 */
import { statSync } from "node:fs";
import { TRANSFER_VERBS, configuredSize, parseSize, sizeByVerb, type SizeOf, type TransferSize } from "@upscript/language";
import type { LoadedConfig } from "./config-files.js";
import { locate } from "./web-root.js";

export function transferSizes(loaded: LoadedConfig, given: Readonly<Record<string, number>> = {}): SizeOf {
  const fallback = sizeByVerb(given);
  const known = new Map<string, TransferSize>();
  return (url, verb) => {
    let size = known.get(url);
    if (!size) known.set(url, (size = lookUp(loaded, url) ?? fallback(url, verb)));
    return size;
  };
}

function lookUp(loaded: LoadedConfig, url: string): TransferSize | undefined {
  const configured = configuredSize(loaded.config.dryRun, url);
  if (configured !== undefined) return { bytes: configured, source: "config" };
  const where = locate(url, loaded);
  if (where.kind !== "inside" || where.realPath === undefined) return undefined;
  try {
    const stat = statSync(where.realPath);
    return stat.isFile() ? { bytes: stat.size, source: "web-root" } : undefined;
  } catch {
    return undefined;
  }
}

export type SizeOptions = { readonly ok: true; readonly value: Readonly<Record<string, number>> } | { readonly ok: false; readonly error: string };

/**
 * `--size prot=7.2MB --size cfg=4KB`, or `--size prot=7.2MB,cfg=4KB`: bytes per verb. An unknown
 * verb or a size parseSize cannot read is an error that names the known verbs.
 */
export function parseSizeOptions(values: readonly string[]): SizeOptions {
  const known = `(verbs: ${TRANSFER_VERBS.join(", ")}; sizes such as 7.2MB, 512KB or 20000)`;
  const value: Record<string, number> = Object.create(null);
  for (const item of values.flatMap((v) => v.split(","))) {
    const trimmed = item.trim();
    const eq = trimmed.indexOf("=");
    if (eq < 0) return { ok: false, error: `--size ${trimmed}: write VERB=SIZE, e.g. prot=7.2MB ${known}` };
    const verb = trimmed.slice(0, eq).trim().toLowerCase();
    const text = trimmed.slice(eq + 1);
    if (!TRANSFER_VERBS.includes(verb)) return { ok: false, error: `--size ${trimmed}: unknown verb '${trimmed.slice(0, eq).trim()}' ${known}` };
    const bytes = parseSize(text);
    if (bytes === undefined) return { ok: false, error: `--size ${trimmed}: '${text.trim()}' is not a size ${known}` };
    value[verb] = bytes;
  }
  return { ok: true, value };
}
