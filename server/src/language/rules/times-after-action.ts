import type { SwitchArg, TimesLine, Word } from "@upscript/grammar";
import { allowContinuation } from "./util.js";
import { commandsIn, lineIndex } from "./util-index.js";
import { defineRule } from "./types.js";

/**
 * prot/boot/bmc/cfg above the first times line that sets a window (/allow or /initial). scfg is
 * left out: uploads (backups, queries) above the window are how update servers run them at any hour.
 */
export default defineRule({
  id: "times-after-action",
  severity: "warning",
  category: "correctness",
  description: "A download (prot, boot, bmc, cfg) above the times line: the time window does not apply to it, so it runs at any hour.",
  fixable: "none",
  reads: (index) => [commandsIn(index, "times"), index.transfers],
  check({ script, role, report }) {
    // A cfg target is loaded in the middle of a run; its lines have no time window of their own.
    if (role === "cfg-target") return;
    const index = lineIndex(script);
    const times = commandsIn(index, "times").find((l) => l.allow !== undefined || l.initial !== undefined);
    if (!times) return;
    const window = describeWindow(times);
    for (const line of index.transfers) {
      if (line.line >= times.line) break;
      if (line.id === "scfg" || !line.verb) continue;
      report({
        range: line.verb.range,
        message: `${line.verb.text} runs ${window.effect}: it is above the times line on line ${times.line + 1} (${window.what}), and the device applies that window only to the lines below it`,
      });
    }
  },
});

function describeWindow(times: TimesLine): { effect: string; what: string } {
  const written = (s: SwitchArg | undefined, more: readonly Word[] = []) => s && [s.name, s.value, ...more].map((w) => w?.text).filter((t) => t).join(" ");
  // A list split by blanks (`/allow 23, 0,1`) is shown as written; times-hours reports the blanks.
  const allow = written(times.allow, allowContinuation(times));
  const initial = written(times.initial);
  if (allow && initial) return { effect: "at any hour and right after a boot", what: `${allow} ${initial}` };
  if (allow) return { effect: "at any hour", what: allow };
  return { effect: "right after a boot", what: initial! };
}
