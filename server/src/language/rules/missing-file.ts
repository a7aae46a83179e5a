import type { Range, TransferLine, UrlArg } from "@upscript/grammar";
import { defaultFileName } from "../webroot.js";
import type { ScriptContext } from "./types.js";
import { listWords } from "./util.js";
import { CheckLines, type StoredCheck } from "./util-check.js";
import { defineRule } from "./types.js";

/**
 * A prot, boot, bmc or cfg URL under the declared web root whose file is not there. A URL ending
 * in `/` is checked with the default file name of every target product (prot, boot only).
 */
export default defineRule({
  id: "missing-file",
  severity: "warning",
  category: "correctness",
  description: "A prot, boot, bmc or cfg URL under the declared web root whose file does not exist there (failed(404) on the device).",
  fixable: "none",
  visit(context) {
    const { role, resolve, report } = context;
    if (!resolve || role === "cfg-target") return undefined;
    let unknownProductsSaid = false;
    const checks = new CheckLines();
    // Files not found: what follows the failure depends on the check that the whole script stores.
    const missing: { readonly range: Range; readonly what: string; readonly path: string; readonly line: number }[] = [];
    return {
      line(line) {
        checks.line(line);
        if (line.kind !== "module") return;
        if (line.id !== "prot" && line.id !== "boot" && line.id !== "bmc" && line.id !== "cfg") return;
        const url = line.url;
        if (!url?.looksLikeUrl || url.problems.length > 0 || url.text.includes("#")) return;
        if (!unknownProductsSaid && context.products.length === 0 && url.endsWithSlash && (line.id === "prot" || line.id === "boot") && resolve(url.text).kind !== "unmapped") {
          unknownProductsSaid = true;
          report({
            range: url.range,
            severity: "info",
            message: `the ${line.id} file for '${url.text}' was not looked up in the web root: which devices poll this script is not known (name the file update-<product>.htm, e.g. update-ip232.htm, or set target.products in .upscriptrc.json); the same holds for every URL ending in '/' below`,
          });
        }
        for (const candidate of candidates(line, url, context)) {
          const file = resolve(candidate.url);
          const what = `${candidate.url}${candidate.product ? ` (the ${line.id} file for ${candidate.product})` : ""}`;
          if (file.kind === "missing") {
            missing.push({ range: url.range, what, path: file.path, line: line.line });
          } else if (file.kind === "refused") {
            report({
              range: url.range,
              severity: "info",
              message: `${what} is not looked up in the web root: ${file.reason}; web servers refuse such paths, so check the URL`,
            });
          } else if (file.kind === "unreadable") {
            report({
              range: url.range,
              message: `${what} cannot be read from the web root (${file.path}: ${file.reason}), so upscript cannot tell whether the device would get it`,
            });
          }
        }
      },
      end() {
        const stored = checks.stored();
        for (const file of missing) {
          report({
            range: file.range,
            message: `${file.what} does not exist in the web root (no file ${file.path}): the device would get failed(404), ${afterFailure(file.line, stored)}`,
          });
        }
      },
    };
  },
});

/**
 * What follows a failed download. The run goes on and a pending check is stored at its end; when
 * a check with that serial stands above the line, later polls stop there and never retry it.
 */
function afterFailure(line: number, stored: StoredCheck | undefined): string {
  if (!stored || stored.gate.line > line) return "skip the final command and try again on every poll";
  return `skip the final command and go on; at the end of the run it stores the check serial '${stored.serial.text}' (line ${stored.gate.line + 1}), so it does not try again until that serial changes`;
}

interface Candidate {
  readonly url: string;
  /** The product whose default file name was appended, for a URL ending in `/`. */
  readonly product?: string;
}

function candidates(line: TransferLine, url: UrlArg, { products, config }: ScriptContext): Candidate[] {
  if (!url.endsWithSlash) return [{ url: url.text }];
  const kind = line.id === "prot" ? "firmware" : line.id === "boot" ? "boot" : undefined;
  // bmc has no usable default name (bmc-default-name), cfg none at all.
  if (!kind) return [];
  // Products that share a file name (IP29, IP29-2) give one candidate naming them all.
  const byUrl = new Map<string, string[]>();
  for (const product of products) {
    const name = defaultFileName(kind, product, config.fileNames);
    if (!name) continue;
    const full = `${url.text}${name}`;
    byUrl.set(full, [...(byUrl.get(full) ?? []), product.name]);
  }
  return [...byUrl].map(([full, names]) => ({ url: full, product: listWords(names) }));
}
