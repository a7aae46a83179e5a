/**
 * `npm run bench`: one table of speed figures, each the median of several runs, each
 * comparison measured in the same run. `--write` also stores it in bench/results.md.
 */
import { writeFileSync } from "node:fs";
import { arch, cpus, platform, totalmem } from "node:os";
import { cliSection } from "./cli.js";
import { fleetSection } from "./fleet.js";
import { lintSection } from "./lint.js";
import { lspSection } from "./lsp.js";
import { parseSection } from "./parse.js";
import { table, type Row } from "./measure.js";

const rows: Row[] = [...parseSection([2 ** 10, 100 * 2 ** 10, 10 * 2 ** 20]), ...lintSection(), ...(await lspSection()), ...fleetSection(), ...cliSection()];

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${arch()}`;
const header = `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, Node ${process.version}.`;
const output = `${header}\n\n${table(rows)}\n`;
process.stdout.write(output);
if (process.argv.includes("--write")) {
  writeFileSync(new URL("../results.md", import.meta.url), `# upscript benchmark results\n\n${output}\nRegenerate with \`npm run bench -- --write\`.\n`);
}
