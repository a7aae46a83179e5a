import { defineRule } from "./types.js";

/** A bmc URL ending in `/`: the device's default file name for it is unusable. */
export default defineRule({
  id: "bmc-default-name",
  severity: "warning",
  category: "correctness",
  description: "A bmc URL ending in /: the file name the device appends lacks .bin, so it does not match the radio code file.",
  fixable: "none",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      if (line.kind !== "module" || line.id !== "bmc" || !line.url?.endsWithSlash) continue;
      report({
        range: line.url.range,
        message: `'${line.url.text}' ends in '/': the device appends a file name without .bin, which is not the name of the radio code file on the server; write the file's full name, .bin included, at the end of the URL`,
      });
    }
  },
});
