import { hasShape, installsDownload, type ProductSpec } from "@upscript/grammar";
import { listWords } from "./util.js";
import { defineRule } from "./types.js";

/**
 * A prot or boot line in a script for a product that takes no firmware or no boot code through
 * the update server (the soft and mobile clients, the virtual appliances' boot code, the DECT
 * base stations). The products come from the file name, else `target.products`.
 */
export default defineRule({
  id: "no-firmware-for-product",
  severity: "warning",
  category: "compatibility",
  description: "A prot or boot line in a script for a product that takes no firmware or no boot code through the update server (SWPHONE, MYPBXI, IPBS, IPBS2, PBL; no boot code also IPVA, IPVADECT, MYPBXA).",
  fixable: "none",
  scope: "line",
  check({ script, products, report }) {
    if (products.length === 0) return;
    for (const line of script.lines) {
      if (!hasShape(line, "transfer") || !line.verb) continue;
      const { running, purpose: what } = line.spec.transfer!;
      if (running === undefined) continue;
      // The dry-run's judgement too: such a product ignores the line.
      const lacking = names(products.filter((p) => !installsDownload(p, running)));
      if (lacking.length === 0) continue;
      const takes = lacking.length === 1 ? "takes" : "take";
      const mixed = lacking.length < products.length ? `; give the ${listWords(lacking)} a script of ${lacking.length === 1 ? "its" : "their"} own` : "";
      report({
        range: line.verb.range,
        message: `'${line.verb.text}' loads ${what}, but the ${listWords(lacking)} ${takes} no ${what} through the update server: the device ignores the line (the dry-run skips it too)${mixed}`,
      });
    }
  },
});

function names(products: readonly ProductSpec[]): string[] {
  return products.map((p) => p.name);
}
