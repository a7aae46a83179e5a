import { subRange } from "@upscript/grammar";
import { replaceFix, type TransferCommand } from "./util.js";
import { transferUrls } from "./util-url.js";
import { updateUrls } from "./util-update-url.js";
import { defineRule } from "./types.js";

/** What travels over the wire, and what an attacker on the way could do with it. */
const RISK: Record<TransferCommand["id"], string> = {
  prot: "the firmware is downloaded unencrypted and could be read or replaced on the way",
  boot: "the boot code is downloaded unencrypted and could be read or replaced on the way",
  bmc: "the DECT radio code is downloaded unencrypted and could be read or replaced on the way",
  cfg: "the configuration is downloaded unencrypted and could be read or altered on the way",
  scfg: "the configuration backup, passwords included, is uploaded unencrypted and can be read by anyone on the way",
};

/** A transfer, or the update URL set with config UP1 /url, over http:// instead of https://. */
export default defineRule({
  id: "plain-http-transfer",
  severity: "info",
  category: "security",
  description: "Firmware, boot code, radio code, configuration or the update script itself (config UP1 /url) moved over http:// instead of https://.",
  fixable: "none",
  scope: "line",
  check({ script, report }) {
    for (const { line, url } of transferUrls(script)) {
      const scheme = url.scheme;
      if (!scheme || scheme.text.toLowerCase() !== "http") continue;
      // scfg /always uploads a command's output (a certificate request, device details), not the configuration.
      const always = line.id === "scfg" ? line.always?.value?.decoded : undefined;
      const risk = always !== undefined ? `the output of \`${always}\` is uploaded unencrypted and can be read by anyone on the way` : RISK[line.id];
      report({
        range: scheme.range,
        message: `${line.id} over '${scheme.text}': ${risk}; use https`,
        suggestions: [replaceFix("unsafe", "Use https", scheme.range, "https")],
      });
    }
    for (const { value, url } of updateUrls(script)) {
      const scheme = url.scheme;
      if (!scheme || scheme.text.toLowerCase() !== "http") continue;
      // The scheme is hardly ever encoded: when the word starts with it, its characters are known even in an encoded word.
      const range = value.text.startsWith(scheme.text) ? subRange(value.range, 0, scheme.text.length) : value.range;
      report({
        range,
        message: `update URL over '${scheme.text}': devices fetch their update script unencrypted, and anyone on the way could read it or replace the commands they run; use https`,
        ...(range !== value.range && { suggestions: [replaceFix("unsafe", "Use https", range, "https")] }),
      });
    }
  },
});
