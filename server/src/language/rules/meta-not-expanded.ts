import { findMeta } from "@upscript/grammar";
import { transferUrls } from "./util-url.js";
import { defineRule } from "./types.js";

/** A known meta sequence in a prot, boot, bmc or cfg URL, where the device leaves it as it is. */
export default defineRule({
  id: "meta-not-expanded",
  severity: "warning",
  category: "correctness",
  description: "A meta sequence such as #m in a prot, boot, bmc or cfg URL, where the device does not replace it.",
  fixable: "none",
  scope: "line",
  check({ script, report }) {
    for (const { line, url } of transferUrls(script)) {
      if (line.spec?.transfer?.expandsMeta !== false) continue;
      for (const meta of url.metas) {
        if (meta.name === undefined) continue;
        const meaning = findMeta(meta.name)?.doc;
        report({
          range: meta.range,
          message:
            `'${meta.text}'${meaning ? ` (${meaning})` : ""} is not replaced in a ${line.id} URL: ` +
            `the device requests the characters '${meta.text}' as they stand; only scfg URLs and the update URL get meta sequences filled in`,
        });
      }
    }
  },
});
