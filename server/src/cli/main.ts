/** The `upscript` command line. Exit codes: 0 clean, 1 problems found, 2 usage, config or I/O error. */
import { Command, CommanderError, Option } from "commander";
import { setConfigDebug } from "../node/config-files.js";
import { dryRunCommand } from "./dryrun-command.js";
import { fmtCommand } from "./fmt-command.js";
import { formatters, lintCommand } from "./lint-command.js";
import { printConfigCommand } from "./print-config.js";
import { ExitCode, inertMessage, processConsole } from "./process.js";
import { explainCommand, rulesCommand } from "./rules-command.js";
import { simulateCommand } from "./simulate-command.js";

declare const UPSCRIPT_VERSION: string;

const repeat = (value: string, previous: string[]) => [...previous, value];

function deviceOptions(command: Command): Command {
  return command
    .option("--device <product>", "product of the simulated device, e.g. IP232 (default: dryRun.device in the config, or the script's file name)")
    .option("--firmware <build>", "running firmware build")
    .option("--boot <build>", "running boot code build")
    .option("--bmc <build>", "running DECT radio code build")
    .option("--mac <mac>", "MAC address (for #m and #h)")
    .option("--ip <address>", "IP address (for #i)")
    .option("--var <NAME=VALUE>", "an UPDATE/* variable, e.g. CHECK=2026-11-20 (repeatable)", repeat, [])
    .option("--at <YYYY-MM-DDTHH:MM>", "the device's local time (default: now)")
    .option("--no-clock", "the device has no time set")
    .option("--uptime <minutes>", "minutes since boot (default 1440)")
    .option("--fresh", "a factory-fresh device that never ran a script")
    .option("--state <file.json>", "all of the above in one JSON file")
    .option("--fail <pattern[=code]>", "make transfers to matching URLs fail (* is a wildcard; default status 404; repeatable)", repeat, [])
    .option("--update-url <url>", "the update URL the device polls (default: the script's URL under the web root)")
    .option("-c, --config <file>", "use this .upscriptrc.json instead of the nearest one");
}

async function main(argv: readonly string[]): Promise<number> {
  const out = processConsole();
  let exitCode: number = ExitCode.Clean;
  const program = new Command("upscript")
    .description("Check, format and dry-run innovaphone update-server scripts.")
    .version(UPSCRIPT_VERSION, "-v, --version")
    .showHelpAfterError("(add --help for usage)")
    // commander's own messages quote the arguments: escaped like every other message.
    .configureOutput({ writeErr: (text) => process.stderr.write(text.startsWith("error:") ? `upscript: ${inertMessage(text.trimEnd())}\n` : text) })
    .exitOverride()
    .option("--debug", "print on stderr which .upscriptrc.json files apply to each script folder, and where the search stopped");
  program.hook("preAction", () => {
    if (program.opts().debug) setConfigDebug((message) => out.error(`debug: ${message}`));
  });

  program
    .command("lint")
    .description("report problems in update scripts")
    .argument("[paths...]", "script files, folders (searched with the config's file patterns) or glob patterns")
    .addOption(new Option("-f, --format <format>", "output format").choices(Object.keys(formatters)).default("stylish"))
    .option("-c, --config <file>", "use this .upscriptrc.json for every script instead of the nearest one")
    .option("--max-warnings <n>", "fail when there are more warnings than this")
    .option("--rule <id=severity>", "change a rule's severity: off, info, warning or error (repeatable)", repeat, [])
    .option("--fix", "apply the safe fixes and rewrite the files")
    .option("--base <rev>", "compare with this git revision (check-serial-unchanged)")
    .option("--stdin", "read the script from standard input")
    .option("--stdin-filename <name>", "file name for the script read from standard input")
    .option("-q, --quiet", "report errors only")
    .option("--print-config <file>", "print the configuration that applies to FILE as JSON, with the .upscriptrc.json files it was merged from; lint nothing")
    .action(async (paths: string[], options) => {
      exitCode = options.printConfig !== undefined ? printConfigCommand(options.printConfig, paths, options, out) : await lintCommand(paths, options, out);
    });

  deviceOptions(
    program
      .command("dry-run")
      .description("show what a device would do with the script on its next poll")
      .argument("<file>", "the script")
      .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
      .option("--detailed-exitcode", "exit 0 when nothing would change, 2 when something would, 1 on errors"),
  ).action(async (file: string, options) => {
    exitCode = await dryRunCommand(file, options, out);
  });

  deviceOptions(
    program
      .command("simulate")
      .description("simulate one device, or a fleet, over days")
      .argument("<file>", "the script")
      .option("--days <n>", "how many days", "7")
      .option("--fleet <devices.csv|devices.json>", "a device list: forecast the rollout for all of them")
      .option("--interval <minutes>", "poll interval (default: dryRun.interval in the config, or 15)")
      .option("--download-minutes <n>", "how long one download takes, for the peak of concurrent downloads", "5")
      .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "html"]).default("text"))
      .option("-o, --out <file>", "write the report to a file"),
  ).action(async (file: string, options) => {
    exitCode = await simulateCommand(file, options, out);
  });

  program
    .command("fmt")
    .description("format scripts: one blank between words, no trailing blanks; words and line ends are kept")
    .argument("[paths...]", "script files or folders (default: the current folder)")
    .option("--check", "list files that are not formatted and exit 1 if there are any")
    .option("--write", "rewrite files that are not formatted")
    .option("-c, --config <file>", "use this .upscriptrc.json instead of the nearest one")
    .action(async (paths: string[], options) => {
      exitCode = await fmtCommand(paths, options, out);
    });

  program
    .command("rules")
    .description("list the rules")
    .action(() => {
      exitCode = rulesCommand(out);
    });

  program
    .command("explain")
    .description("print a rule's documentation")
    .argument("<rule>", "rule id, e.g. times-hours")
    .action((rule: string) => {
      exitCode = explainCommand(rule, out);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Clean : ExitCode.Usage;
    out.error(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return ExitCode.Usage;
  }
  return exitCode;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
