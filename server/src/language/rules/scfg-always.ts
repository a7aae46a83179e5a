import { badEscape, subRange, unknownSwitches, type ScfgLine, type SwitchArg } from "@upscript/grammar";
import type { Fix } from "../diagnostic.js";
import { bestSuggestion, didYouMean, isTypo } from "../spelling.js";
import { removeWordsFix, replaceFix, span } from "./util.js";
import { defineRule, type Report } from "./types.js";

/**
 * The errors of scfg's switches: `/always` without a command or with one that does not decode,
 * a switch scfg does not have (the device rejects the whole line: the same judgement as the
 * dry-run's, unknownSwitches), and, as a warning, `/force` next to `/always`.
 */
export default defineRule({
  id: "scfg-always",
  severity: "error",
  category: "correctness",
  description: "scfg /always without a command or with one that does not decode, a switch scfg does not have, or /force next to /always (warning).",
  fixable: "unsafe",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      if (line.kind !== "module" || line.id !== "scfg") continue;
      for (const sw of unknownSwitches(line)) report(unknownSwitch(line, sw));
      const always = line.always;
      if (!always) continue;
      const value = always.value;
      if (!value) {
        report({
          range: always.name.range,
          message: `${always.name.text} needs a command: the device runs it and uploads its output, e.g. ${always.name.text} vars%20read%20X509%2FREQUEST (one word, percent-encoded)`,
        });
      } else if (value.decoded === undefined) {
        const bad = badEscape(value.text);
        report(
          bad
            ? {
                range: subRange(value.range, bad.from, bad.to),
                message: `'${value.text.slice(bad.from, bad.to)}' is no percent escape: in the command of ${always.name.text} every '%' starts two hex digits (%20 for a blank, %25 for '%' itself), so the device cannot decode '${value.text}'`,
              }
            : {
                range: value.range,
                message: `'${value.text}' does not decode: its escapes do not spell UTF-8 text, so the device cannot read the command of ${always.name.text}`,
              },
        );
      }
      const force = line.force;
      if (force) {
        const last = force.value ?? force.name;
        report({
          range: span(force.name.range, last.range),
          severity: "warning",
          message: `${force.name.text} does nothing next to ${always.name.text}: a line with ${always.name.text} runs on every poll that reaches it, whatever the serial, so there is nothing for ${force.name.text} to repeat`,
          fixes: [removeWordsFix("unsafe", `Remove ${force.name.text}${force.value ? ` ${force.value.text}` : ""}`, line, force.name, last)],
        });
      }
    }
  },
});

function unknownSwitch(line: ScfgLine, sw: SwitchArg): Report {
  const known = line.spec?.switches.map((s) => s.name) ?? [];
  const best = bestSuggestion(sw.name.text, known);
  const fix: Fix[] = best ? [replaceFix("unsafe", `Write '${best}'`, sw.name.range, best)] : [];
  return {
    range: sw.name.range,
    message: `scfg has no switch '${sw.name.text}'; it knows ${known.join(" and ")}${didYouMean(sw.name.text, known)}. The device rejects the whole line, so nothing is uploaded`,
    ...(best && (isTypo(sw.name.text, best) ? { fixes: fix } : { suggestions: fix })),
  };
}
