/**
 * The workspace the VS Code test opens: a copy of examples/webroot (it has the .upscriptrc.json
 * that marks its update*.htm files as upscript) with three deliberate problems planted in the
 * phone script, and workspace settings that pin the preview device's clock and firmware so the
 * dry-run preview shows the same plan on every run, and a device list for the rollout forecast.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The problems planted in phones/update-ip232.htm: 1-based line, as the Problems panel shows them. */
export const planted = [
  { rule: "times-hours", severity: "error", line: 10, message: "'22-4' is a range, which the device does not understand" },
  { rule: "keyword-case", severity: "warning", line: 13, message: "'up1' must be written 'UP1'" },
  { rule: "missing-file", severity: "warning", line: 19, message: "http://10.0.0.5/cfg/site-munich.txt does not exist in the web root" },
];

export const script = "phones/update-ip232.htm";
export const timesLineBefore = "mod cmd UP1 times /allow 22-4 /initial 6";
export const timesLineAfter = "mod cmd UP1 times /allow 22,23,0,1,2,3,4 /initial 6";
/** Expanding an hour range changes when devices run the script: an unsafe fix, marked in its title. */
export const fixTitle = "Write 22,23,0,1,2,3,4 (changes what devices do)";
export const protSignature = "mod cmd UP0 prot URL FINAL BUILD";

/** The device list "Simulate Rollout" forecasts (docs/dry-run.md, Fleets): twelve IP232s, some with their clocks off. */
export const fleetFile = "devices.csv";
export const fleetMacs = Array.from({ length: 12 }, (_, i) => `00-90-33-2e-10-${(i + 1).toString(16).padStart(2, "0")}`);
const clockOffsets = ["", "", "", "+01:00", "", "-00:30", "", "", "none", "", "+02:00", ""];
// The phones hold the site settings already (CFG): the cfg file planted missing above is not
// loaded again, so the forecast shows the firmware rollout, not a failing load.
const fleetCsv = `product,mac,firmware,CFG,clockOffset\n${fleetMacs.map((mac, i) => `IP232,${mac},13-130000,CFG-2026-11-20,${clockOffsets[i]}`).join("\n")}\n`;

const edits = [
  ["mod cmd UP1 times /allow 22,23,0,1,2,3,4,5 /initial 6", timesLineBefore],
  ["mod cmd UP1 check iresetn 2026-11-20a", "mod cmd up1 check iresetn 2026-11-20a"],
  ["http://10.0.0.5/cfg/site-berlin.txt", "http://10.0.0.5/cfg/site-munich.txt"],
];

/** Copies the example web root to `dir` and plants the problems; returns the folder to open. `settings`: more workspace settings. */
export function makeWorkspace(repoRoot, dir, settings = {}) {
  const folder = join(dir, "webroot");
  cpSync(join(repoRoot, "examples", "webroot"), folder, { recursive: true });
  const file = join(folder, script);
  let text = readFileSync(file, "utf8");
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`fixture: examples/webroot/${script} no longer contains '${from}'; update test/e2e/fixture.mjs`);
    text = text.replace(from, to);
  }
  writeFileSync(file, text);
  writeFileSync(join(folder, fleetFile), fleetCsv);
  mkdirSync(join(folder, ".vscode"));
  writeFileSync(
    join(folder, ".vscode", "settings.json"),
    JSON.stringify({ "upscript.preview.at": "2026-11-20T23:30", "upscript.preview.firmware": "13-130000", ...settings }, null, 2),
  );
  return folder;
}
