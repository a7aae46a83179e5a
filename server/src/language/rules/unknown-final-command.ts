import { FINAL_WORDS, type FinalArg } from "@upscript/grammar";
import { bestSuggestion, closest, isTypo } from "../spelling.js";
import { replaceFix } from "./util.js";
import { defineRule } from "./types.js";

/** A FINAL that is not one of the eight final-command words. */
export default defineRule({
  id: "unknown-final-command",
  severity: "error",
  category: "correctness",
  description: "A final command that is not one of ireset, reset, iresetn, resetn, reboot, ireboot, ser, no-op.",
  fixable: "unsafe",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      if (line.kind !== "module" || !("final" in line)) continue;
      const final = line.final as FinalArg | undefined;
      if (!final || final.final) continue;
      const best = bestSuggestion(final.text, FINAL_WORDS);
      const ranked = closest(final.text, FINAL_WORDS);
      const hint = ranked.length ? ` (did you mean ${ranked.map((w) => `'${w}'`).join(" or ")}?)` : ` (one of ${FINAL_WORDS.join(", ")})`;
      const safe = best !== undefined && isTypo(final.text, best);
      report({
        range: final.range,
        message: `'${final.text}' is not a final command: the device cannot run this line${hint}`,
        ...(safe && best
          ? { fixes: [replaceFix("unsafe", `Write '${best}'`, final.range, best)] }
          : { suggestions: ranked.map((w) => replaceFix("unsafe", `Write '${w}'`, final.range, w)) }),
      });
    }
  },
});
