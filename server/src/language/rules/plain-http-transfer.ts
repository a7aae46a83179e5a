import { replaceFix, type TransferCommand } from "./util.js";
import { transferUrls } from "./util-url.js";
import { defineRule } from "./types.js";

/** What travels over the wire, and what an attacker on the way could do with it. */
const RISK: Record<TransferCommand["id"], string> = {
  prot: "the firmware is downloaded unencrypted and could be read or replaced on the way",
  boot: "the boot code is downloaded unencrypted and could be read or replaced on the way",
  bmc: "the DECT radio code is downloaded unencrypted and could be read or replaced on the way",
  cfg: "the configuration is downloaded unencrypted and could be read or altered on the way",
  scfg: "the configuration backup, passwords included, is uploaded unencrypted and can be read by anyone on the way",
};

/** A transfer over http:// instead of https://. */
export default defineRule({
  id: "plain-http-transfer",
  severity: "info",
  category: "security",
  description: "Firmware, boot code, radio code or configuration moved over http:// instead of https://.",
  fixable: false,
  check({ script, report }) {
    for (const { line, url } of transferUrls(script)) {
      const scheme = url.scheme;
      if (!scheme || scheme.text.toLowerCase() !== "http") continue;
      report({
        range: scheme.range,
        message: `${line.id} over '${scheme.text}': ${RISK[line.id]}; use https`,
        suggestions: [replaceFix("Use https", scheme.range, "https")],
      });
    }
  },
});
