import { FINALS, VERSION_NOTES, type FinalArg, type Word } from "@upscript/grammar";
import { isOlder } from "../version.js";
import { listWords, replaceFix } from "./util.js";
import { defineRule } from "./types.js";

/**
 * Features the declared target lacks: the optional part of scfg before 7.00, the reboot and
 * ireboot final commands before 6.00 SR2 hotfix 3, and reboot/ireboot on products without them.
 */
export default defineRule({
  id: "version-feature",
  severity: "warning",
  category: "compatibility",
  description: "A feature the declared target lacks: scfg's final command, serial and /force before 7.00, reboot/ireboot before 6.00 SR2 hotfix 3 or on an IP21.",
  fixable: "none",
  scope: "line",
  check({ script, config, firmware, products, report }) {
    const declared = config.target.firmware ?? "";
    const oldScfg = isOlder(firmware, VERSION_NOTES.scfgOptions);
    const noReboot = products.filter((p) => !p.supportsReboot).map((p) => p.name);

    const checkFinal = (final: FinalArg | undefined) => {
      const spec = final?.final ? FINALS[final.final] : undefined;
      if (!final || !spec?.watchdog || !spec.since || !spec.fallback) return;
      const replacement = spec.fallback;
      const reasons: string[] = [];
      if (isOlder(firmware, spec.since)) reasons.push(`firmware ${declared} does not know it (it came with 6.00 SR2 hotfix 3), so the device does not restart here as intended`);
      if (noReboot.length > 0) reasons.push(`it does not work on the ${listWords(noReboot)}`);
      if (reasons.length === 0) return;
      report({
        range: final.range,
        message: `'${final.text}': ${reasons.join("; and ")}. Use ${replacement} instead`,
        suggestions: [replaceFix("unsafe", `Write '${replacement}'`, final.range, replacement)],
      });
    };

    for (const line of script.lines) {
      if (line.kind === "final") {
        checkFinal(line.final);
        continue;
      }
      if (line.kind !== "module") continue;
      switch (line.id) {
        case "check":
        case "prot":
        case "boot":
        case "bmc":
        case "cfg":
          checkFinal(line.final);
          break;
        case "scfg": {
          checkFinal(line.final);
          if (!oldScfg) break;
          const first = firstWord([line.final, line.serial, line.force?.name]);
          if (!first) break;
          report({
            range: first.range,
            message: `firmware ${declared} ignores the final command, serial and /force of scfg (they came with 7.00): the device uploads the configuration on every poll`,
          });
          break;
        }
      }
    }
  },
});

/** The word that comes first on the line among those present. */
function firstWord(words: readonly (Word | undefined)[]): Word | undefined {
  let first: Word | undefined;
  for (const w of words) if (w && (!first || w.range.start < first.range.start)) first = w;
  return first;
}
