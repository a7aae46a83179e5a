import { DEFAULT_POLL_INTERVAL_MINUTES, isSettingsLine, type NumberArg } from "@upscript/grammar";
import { pollsPerDay, pollsPerDayText } from "../polling.js";
import { defineRule } from "./types.js";

/** The UP1 settings whose value is a polling interval. */
const INTERVALS = ["/poll", "/poll-fast"];

/**
 * `config add|change UP1 /poll MIN` below the default of 15 minutes (info: every device polls
 * that often), and, as errors, `/poll` or `/poll-fast` without a positive whole number of minutes.
 */
export default defineRule({
  id: "poll-interval",
  severity: "info",
  category: "correctness",
  description: "UP1 /poll below 15 minutes (every device polls that often: server load); /poll or /poll-fast without a positive whole number of minutes (error).",
  fixable: "none",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      if (!isSettingsLine(line) || line.settingVerb === "rem") continue;
      for (const setting of line.settings) {
        const name = setting.spec?.name;
        if (!name || !INTERVALS.includes(name)) continue;
        const value = setting.value as NumberArg | undefined;
        const example = name === "/poll" ? `${name} ${DEFAULT_POLL_INTERVAL_MINUTES}` : `${name} 1`;
        if (!value) {
          report({ range: setting.name.range, severity: "error", message: `${name} needs a number of minutes between polls, e.g. ${example}` });
          continue;
        }
        const minutes = value.value;
        if (minutes === undefined || minutes === 0) {
          report({
            range: value.range,
            severity: "error",
            message: `'${value.text}' is not a positive whole number: ${name} takes the minutes between two polls, e.g. ${example}`,
          });
          continue;
        }
        if (name !== "/poll" || minutes >= DEFAULT_POLL_INTERVAL_MINUTES) continue;
        const factor = pollsPerDay(minutes) / pollsPerDay(DEFAULT_POLL_INTERVAL_MINUTES);
        const times = Number.isInteger(factor) ? `${factor} times` : `about ${Math.round(factor * 10) / 10} times`;
        report({
          range: value.range,
          message:
            `every device that runs this polls every ${minutes === 1 ? "minute" : `${minutes} minutes`}: ${pollsPerDayText(minutes)} per device, ` +
            `${times} as many as at the default ${DEFAULT_POLL_INTERVAL_MINUTES} minutes; make sure the update server can take the load of the whole fleet`,
        });
      }
    }
  },
});
