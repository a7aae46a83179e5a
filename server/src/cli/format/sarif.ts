/**
 * SARIF 2.1.0 for code scanning (GitHub and others): every rule with its metadata and help URI,
 * results with stable rule ids, relative file URIs and a fingerprint that survives edits elsewhere
 * in the file.
 */
import { createHash } from "node:crypto";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { RULES, docsUrl, type Severity } from "@upscript/language";
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

export const sarif: Formatter = (results) => {
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
        results: results.flatMap(({ file, diagnostics }) =>
          diagnostics.map((d): Result => ({
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
          })),
        ),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
