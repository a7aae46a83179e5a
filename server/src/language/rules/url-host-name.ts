import { VERSION_NOTES } from "@upscript/grammar";
import { isOlder } from "../version.js";
import { isIPv4, overlaps, transferUrls } from "./util-url.js";
import { updateUrls } from "./util-update-url.js";
import { defineRule } from "./types.js";

/**
 * A host name (not an IP address) in a transfer URL or in the decoded update URL of config UP1
 * /url: firmware before 9 cannot resolve it. In a decoded URL the finding covers the whole word,
 * and any problem url-malformed finds there suppresses it (its ranges say no more than that).
 */
export default defineRule({
  id: "url-host-name",
  severity: "info",
  category: "compatibility",
  description: "A host name in a prot, boot, bmc, cfg or scfg URL or in the update URL (config UP1 /url), where firmware before 9 accepts only IP addresses.",
  fixable: "none",
  scope: "line",
  check({ script, report, firmware, config }) {
    const since = VERSION_NOTES.hostNames;
    // A declared target that already resolves host names: nothing to say.
    if (firmware !== undefined && !isOlder(firmware, since)) return;
    const target = firmware !== undefined ? config.target.firmware : undefined;
    for (const url of [...transferUrls(script).map((t) => t.url), ...updateUrls(script).map((u) => u.url)]) {
      const host = url.host;
      if (!host || host.text.startsWith("[") || host.text.includes("#") || isIPv4(host.text)) continue;
      // A bad character or a broken bracket in the host is url-malformed's finding.
      if (url.problems.some((p) => overlaps(p.range, host.range))) continue;
      const what = /^[\d.]+$/.test(host.text)
        ? `'${host.text}' is not an IP address (four numbers 0–255), so it would be looked up as a host name`
        : `'${host.text}' is a host name`;
      report(
        target !== undefined
          ? {
              range: host.range,
              severity: "warning",
              message: `${what}, but the target firmware ${target} accepts only IP addresses in URLs: devices running it cannot reach this server`,
            }
          : {
              range: host.range,
              message: `${what}: firmware before ${since} accepts only IP addresses in URLs and cannot reach this server (fine if every device runs ${since} or later)`,
            },
      );
    }
  },
});
