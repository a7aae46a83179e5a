/**
 * SARIF 2.1.0 for code scanning (GitHub and others): every rule with its metadata and help URI,
 * results with stable rule ids, relative file URIs and a fingerprint that survives edits elsewhere
 * in the file.
 */
import { createHash } from "node:crypto";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { RULES, docsUrl, type Severity } from "@upscript/language";
import { nestedJson } from "./json.js";
import type { Formatter } from "./types.js";

declare const UPSCRIPT_VERSION: string;

const LEVEL: Record<Severity, Result.level> = { error: "error", warning: "warning", info: "note" };

const rules: ReportingDescriptor[] = RULES.map((rule) => ({
  id: rule.id,
  name: rule.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
  shortDescription: { text: rule.description },
  helpUri: docsUrl(rule.id),
  help: { text: `${rule.description} See ${docsUrl(rule.id)}` },
  defaultConfiguration: { level: LEVEL[rule.severity] },
  properties: { category: rule.category, tags: [rule.category] },
}));

const ruleIndex = new Map<string, number>(RULES.map((rule, i) => [rule.id, i]));

/** Paths inside the working directory stay relative to the source root; others become file URIs. */
function artifact(file: string) {
  const path = file.replace(/\\/g, "/");
  if (path.startsWith("/") || /^[A-Za-z]:\//.test(path)) return { uri: encodeURI(`file://${path.startsWith("/") ? "" : "/"}${path}`) };
  return { uri: encodeURI(path), uriBaseId: "%SRCROOT%" };
}

/**
 * The log around the results: `results` is the last member of the one run, so the text before
 * its `[` and after its `]` is fixed and each result can be written when its file is done, laid
 * out as JSON.stringify(log, null, 2) would (results four levels down).
 */
function frame(): { readonly head: string; readonly tail: string } {
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "upscript",
            version: typeof UPSCRIPT_VERSION === "string" ? UPSCRIPT_VERSION : "0.0.0",
            informationUri: "https://github.com/upscript/upscript",
            rules,
          },
        },
        columnKind: "utf16CodeUnits",
        results: [],
      },
    ],
  };
  const text = `${JSON.stringify(log, null, 2)}\n`;
  const at = text.lastIndexOf('"results": []') + '"results": ['.length;
  return { head: text.slice(0, at), tail: text.slice(at) };
}

export const sarif: Formatter = () => {
  const { head, tail } = frame();
  let count = 0;
  return {
    file: ({ file, diagnostics }) => {
      let out = count === 0 && diagnostics.length > 0 ? head : "";
      for (const d of diagnostics) {
        const result: Result = {
          ruleId: d.rule,
          ...(ruleIndex.has(d.rule) && { ruleIndex: ruleIndex.get(d.rule)! }),
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifact(file),
                region: { startLine: d.range.line + 1, startColumn: d.range.column + 1, endLine: d.range.endLine + 1, endColumn: d.range.endColumn + 1 },
              },
            },
          ],
          partialFingerprints: { "upscript/v1": createHash("sha256").update(`${file}\0${d.rule}\0${d.message}`).digest("hex").slice(0, 32) },
        };
        out += `${count++ === 0 ? "\n" : ",\n"}${nestedJson(result, 4)}`;
      }
      return out;
    },
    end: () => (count === 0 ? head + tail : `\n${"  ".repeat(3)}${tail}`),
  };
};
