import { isTransfer } from "./util.js";
import { defineRule } from "./types.js";

/** prot/boot/bmc/cfg/scfg whose first argument is not a URL. */
export default defineRule({
  id: "missing-url",
  severity: "error",
  category: "correctness",
  description: "A prot, boot, bmc, cfg or scfg line whose first argument is not a URL.",
  fixable: "none",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      if (!isTransfer(line) || !line.verb) continue;
      const verb = line.verb.text;
      if (!line.url) {
        const next = line.final ?? line.serial;
        report({
          range: line.verb.range,
          message: next
            ? `${verb} has no URL: '${next.text}' stands where the URL of the file should be, so the device has nothing to fetch`
            : `${verb} has no URL: write the address of the file (http://… or https://…) after '${verb}'`,
        });
      } else if (!line.url.looksLikeUrl) {
        report({ range: line.url.range, message: `'${line.url.text}' is not a URL: ${verb} expects http://… or https://… here` });
      }
    }
  },
});
