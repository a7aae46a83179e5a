import type { SwitchArg } from "@upscript/grammar";
import { bestSuggestion, didYouMean, isTypo } from "../spelling.js";
import { replaceFix } from "./util.js";
import { defineRule } from "./types.js";

const TIMES_SWITCHES = ["/allow", "/initial"];

/** `/initial` without a non-negative integer, an unknown switch, `times` with no switch. */
export default defineRule({
  id: "times-arguments",
  severity: "error",
  category: "correctness",
  description: "A times line with no switch, an unknown or repeated switch, /allow without hours, or /initial without a number of minutes.",
  fixable: "unsafe",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      if (line.kind !== "module" || line.id !== "times" || !line.verb) continue;
      if (line.switches.length === 0) {
        report({ range: line.verb.range, message: "times without /allow or /initial limits nothing: the lines below run at any hour" });
        continue;
      }
      const seen = new Set<string>();
      for (const sw of line.switches) {
        const name = sw.spec?.name;
        if (!name) {
          report(unknownSwitch(sw));
          continue;
        }
        if (seen.has(name)) report({ range: sw.name.range, message: `${name} is given twice; write it once` });
        seen.add(name);
        if (name === "/allow" && !sw.value) report({ range: sw.name.range, message: "/allow needs a list of hours, such as 23,0,1,2" });
        if (name === "/initial") {
          if (!sw.value) report({ range: sw.name.range, message: "/initial needs a number of minutes after boot, such as 6" });
          else if ((sw.value as { value?: number }).value === undefined) {
            report({ range: sw.value.range, message: `'${sw.value.text}' is not a number of minutes: /initial takes a whole number such as 6` });
          }
        }
      }
    }
  },
});

function unknownSwitch(sw: SwitchArg) {
  const best = bestSuggestion(sw.name.text, TIMES_SWITCHES);
  return {
    range: sw.name.range,
    message: `times has no switch '${sw.name.text}'; it knows /allow and /initial${didYouMean(sw.name.text, TIMES_SWITCHES)}`,
    ...(best && (isTypo(sw.name.text, best) ? { fixes: [replaceFix("unsafe", `Write '${best}'`, sw.name.range, best)] } : { suggestions: [replaceFix("unsafe", `Write '${best}'`, sw.name.range, best)] })),
  };
}
