import { commandsOf, isCheckedModule } from "@upscript/grammar";
import { bestSuggestion, closest, isTypo } from "../spelling.js";
import { replaceFix } from "./util.js";
import { defineRule } from "./types.js";

/** An unknown UP0/UP1 verb, with a did-you-mean. */
export default defineRule({
  id: "unknown-up-verb",
  severity: "error",
  category: "correctness",
  description: "An unknown UP0 or UP1 command; `time` instead of `times` silently drops the time window.",
  fixable: "unsafe",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      if (line.kind !== "module" || line.spec || !line.module || !line.verb || !isCheckedModule(line.module.text)) continue;
      const module = line.module.text.toUpperCase();
      const verb = line.verb;
      const own = commandsOf(module).map((c) => c.verb);
      const otherModule = module === "UP0" ? "UP1" : "UP0";
      const other = commandsOf(otherModule).find((c) => c.verb === verb.text.toLowerCase());
      if (other) {
        report({
          range: line.module.range,
          message: `'${other.verb}' is a ${otherModule} command, not a ${module} one: the device ignores this line`,
          fixes: [replaceFix("unsafe", `Write '${otherModule}'`, line.module.range, otherModule)],
        });
        continue;
      }
      const best = bestSuggestion(verb.text, own);
      const ranked = closest(verb.text, own);
      const hint = ranked.length ? ` Did you mean ${ranked.map((v) => `'${v}'`).join(" or ")}?` : ` ${module} knows ${own.join(", ")}.`;
      const consequence =
        best === "times"
          ? "the device ignores this line, so the time window is NOT applied and everything below runs at any hour."
          : "the device ignores this line.";
      const safe = best !== undefined && isTypo(verb.text, best);
      const fix = best ? [replaceFix("unsafe", `Write '${best}'`, verb.range, best)] : [];
      report({
        range: verb.range,
        message: `'${verb.text}' is not a ${module} command: ${consequence}${hint}`,
        ...(safe ? { fixes: fix } : { suggestions: ranked.map((v) => replaceFix("unsafe", `Write '${v}'`, verb.range, v)) }),
      });
    }
  },
});
