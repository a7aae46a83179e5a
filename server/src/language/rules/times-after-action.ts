import type { Range, SwitchArg, TimesLine, Word } from "@upscript/grammar";
import { allowContinuation, isTransfer } from "./util.js";
import { commandsIn } from "./util-index.js";
import { defineRule } from "./types.js";

/** A download above the times line, waiting for that line. */
interface Download {
  readonly verb: Range;
  readonly text: string;
}

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
  visit({ role, report }) {
    // A cfg target is loaded in the middle of a run; its lines have no time window of their own.
    if (role === "cfg-target") return undefined;
    // The downloads read so far; undefined once the times line was found.
    let above: Download[] | undefined = [];
    return {
      line(line) {
        if (!above || line.kind !== "module") return;
        if (line.id === "times" && (line.allow !== undefined || line.initial !== undefined)) {
          const window = describeWindow(line);
          for (const download of above) {
            report({
              range: download.verb,
              message: `${download.text} runs ${window.effect}: it is above the times line on line ${line.line + 1} (${window.what}), and the device applies that window only to the lines below it`,
            });
          }
          above = undefined;
        } else if (isTransfer(line) && line.id !== "scfg" && line.verb) above.push({ verb: line.verb.range, text: line.verb.text });
      },
      end() {},
    };
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
