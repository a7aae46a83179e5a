/**
 * Inlay hints: small grey notes after words whose meaning is not visible in the text — the file
 * name a device appends to a firmware URL ending in `/`, the hours a `/allow` list really allows,
 * and what `/initial` waits for.
 */
import { hasShape, hourRuns, hoursOf, HOURS_PER_DAY, type DefaultFileKind, type LineNode, type TimesLine, type Word } from "@upscript/grammar";
import { escapeControl } from "../inert.js";
import { defaultFileName } from "../webroot.js";
import type { DocumentContext, InlayHintResult } from "./types.js";

export interface LineSpan {
  readonly startLine: number;
  readonly endLine: number;
}

export function inlayHints(context: DocumentContext, range?: LineSpan): InlayHintResult[] {
  const out: InlayHintResult[] = [];
  const lines = context.parsed.tree.lines;
  const first = range ? Math.max(0, range.startLine) : 0;
  const last = range ? Math.min(lines.length - 1, range.endLine) : lines.length - 1;
  for (let i = first; i <= last; i++) lineHints(context, lines[i]!, out);
  return out;
}

function lineHints(context: DocumentContext, line: LineNode, out: InlayHintResult[]): void {
  if (line.kind !== "module") return;
  // Labels and tooltips are plain text, but file names come from the config: controls are escaped.
  const after = (word: Word, label: string, tooltip: string) =>
    out.push({ position: { line: word.range.endLine, column: word.range.endColumn }, label: escapeControl(label), tooltip: escapeControl(tooltip) });
  // By shape and the catalog's transfer data, never by verb.
  if (hasShape(line, "transfer")) {
    const url = line.url;
    const transfer = line.spec.transfer;
    if (!url?.looksLikeUrl || !url.endsWithSlash || !transfer) return;
    if (transfer.appendsUnusableName) {
      after(url, "(no usable name)", `A ${line.spec.verb} URL ending in / gets a name appended that lacks the .bin suffix, so the download fails: name the radio code file in the URL.`);
      return;
    }
    const kind = transfer.defaultFile;
    if (kind !== "firmware" && kind !== "boot") return;
    const what = transfer.purpose;
    if (context.products.length === 0) {
      const label = NAME_PATTERN[kind];
      after(url, label, `The device appends its own ${what} file name, ${label}; set target.products in .upscriptrc.json to see the real name.`);
      return;
    }
    const names = defaultFileNames(context, kind);
    if (names.length === 0) {
      after(url, "(no default file name)", `No default ${what} file name is known for ${listProducts(context)}: name the file in the URL.`);
      return;
    }
    const label = names.map((n) => n.name).join(" | ");
    const detail = names.map((n) => `${n.name} for ${n.products.join(", ")}`).join("; ");
    after(url, label, `The device appends its default ${what} file name: ${detail}.`);
    return;
  }
  if (hasShape(line, "switches")) {
    const allow = line.allow?.value;
    if (allow) {
      const window = describeWindow(allowMask(line));
      if (window) after(allow, window, `The lines below run only in these hours of the device's local clock (${window}).`);
    }
    const initial = line.initial?.value;
    if (initial?.value !== undefined) {
      after(initial, `${initial.value} min after boot`, `Nothing below this line runs during the first ${initial.value} minutes after each boot.`);
    }
  }
}

/** The default file name of each kind, as products name it (vendorFileNames in the catalog). */
const NAME_PATTERN: Readonly<Record<DefaultFileKind, string>> = { firmware: "ip<model>.bin", boot: "boot<model>.bin", update: "update-<product>.htm" };

/** Bit h set for every listed hour 0–23 of the `/allow` list; ranges and invalid items are ignored. */
export function allowMask(line: TimesLine): number {
  return line.allow?.value?.mask ?? 0;
}

/** `22:00–05:59`, several runs joined with `, `; undefined when no hour is allowed. */
export function describeWindow(mask: number): string | undefined {
  const count = hoursOf(mask).length;
  if (count === 0) return undefined;
  if (count === HOURS_PER_DAY) return "all day";
  const pad = (h: number) => String(h).padStart(2, "0");
  return hourRuns(mask)
    .map((run) => `${pad(run.from)}:00–${pad(run.to)}:59`)
    .join(", ");
}

/** The distinct default file names of the context's products, each with the products using it. */
export function defaultFileNames(context: DocumentContext, kind: DefaultFileKind): { name: string; products: string[] }[] {
  const byName = new Map<string, string[]>();
  for (const product of context.products) {
    const name = defaultFileName(kind, product, context.config.fileNames);
    if (name) byName.set(name, [...(byName.get(name) ?? []), product.name]);
  }
  return [...byName].map(([name, products]) => ({ name, products }));
}

function listProducts(context: DocumentContext): string {
  return context.products.map((p) => p.name).join(", ");
}
