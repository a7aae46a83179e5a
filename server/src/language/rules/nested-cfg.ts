import type { LineNode, ModuleLine } from "@upscript/grammar";
import { notReadMessage, targetTree } from "../cfg-target.js";
import { listWords } from "./util.js";
import { defineRule } from "./types.js";

/**
 * UP0 commands in a file that a cfg line loads. The device cannot nest UP0 commands: a cfg there
 * loads nothing (error), any other UP0 command is not run as a transfer (warning). Checked in the
 * cfg target itself (role `cfg-target`) and, through the resolver, from the script's cfg line.
 */
export default defineRule({
  id: "nested-cfg",
  severity: "error",
  category: "correctness",
  description: "`mod cmd UP0 cfg` inside a file that a cfg line loads (other UP0 commands there: warning).",
  fixable: "none",
  visit({ role, resolve, report }) {
    if (role === "cfg-target") {
      return {
        line(line) {
          if (!isUp0(line)) return;
          const verb = line.verb!;
          if (line.id === "cfg") {
            const target = line.url?.looksLikeUrl ? `'${line.url.text}'` : "its file";
            report({
              range: verb.range,
              message: `cfg in a file that is itself loaded by cfg: the device cannot nest UP0 commands, so ${target} is never loaded from here`,
            });
          } else {
            report({
              range: verb.range,
              severity: "warning",
              message: `UP0 ${verb.text} in a file loaded by cfg: the device does not run UP0 commands from such a file as transfers; move the line into the update script`,
            });
          }
        },
        end() {},
      };
    }
    if (!resolve) return undefined;
    return {
      line(line) {
        if (line.kind !== "module" || line.id !== "cfg") return;
        const url = line.url;
        if (!url?.looksLikeUrl || url.text.endsWith("/")) return;
        const file = resolve(url.text);
        if (file.kind !== "found") return;
        const tree = targetTree(file);
        if (!tree) {
          report({ range: url.range, severity: "info", message: notReadMessage(file) });
          return;
        }
        const nested = tree.lines.filter(isUp0);
        if (nested.length === 0) return;
        const cfgs = nested.filter((l) => l.id === "cfg");
        if (cfgs.length > 0) {
          report({
            range: url.range,
            message: `${file.path}, loaded here, has its own cfg on ${lineList(cfgs)}: the device cannot nest UP0 commands, so that inner cfg never loads its file`,
          });
        } else {
          const verbs = [...new Set(nested.map((l) => l.verb!.text))];
          report({
            range: url.range,
            severity: "warning",
            message: `${file.path}, loaded here, has UP0 ${listWords(verbs)} on ${lineList(nested)}: UP0 commands in a file loaded by cfg are not run as transfers`,
          });
        }
      },
      end() {},
    };
  },
});

/** A module line of UP0 (any letter case) that has a verb. */
function isUp0(line: LineNode): line is ModuleLine {
  return line.kind === "module" && line.module?.text.toUpperCase() === "UP0" && line.verb !== undefined;
}

/** `line 3`, `lines 3 and 7`: 1-based. */
function lineList(lines: readonly ModuleLine[]): string {
  const numbers = lines.map((l) => String(l.line + 1));
  return `${numbers.length === 1 ? "line" : "lines"} ${listWords(numbers)}`;
}
