/** The `upscript` command line. Exit codes: 0 clean, 1 problems found, 2 usage, config or I/O error. */
import { Command, CommanderError, Option } from "commander";
import { setConfigDebug } from "../node/config-files.js";
import { dryRunCommand } from "./dryrun-command.js";
import { fmtCommand } from "./fmt-command.js";
import { formatters, lintCommand } from "./lint-command.js";
import { pollCommand } from "./poll-command.js";
import { printConfigCommand } from "./print-config.js";
import { openNewAtomic } from "./io.js";
import { ExitCode, inertMessage, processConsole, type Console } from "./process.js";
import { explainCommand, rulesCommand } from "./rules-command.js";
import { simulateCommand } from "./simulate-command.js";

declare const UPSCRIPT_VERSION: string;

const repeat = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
const repeatables = new WeakSet<Option>();

/**
 * A repeatable option: its values in a list. The empty list for an option not given is set just
 * before the action (preAction below), not as commander's default, so --help shows no "(default: [])".
 */
function repeatable(flags: string, description: string): Option {
  const option = new Option(flags, description).argParser(repeat);
  repeatables.add(option);
  return option;
}

/**
 * `lint --output-file FILE`: what the command prints on stdout goes to FILE instead, without
 * colours, its messages stay on stderr. The report is written as it comes to a temporary file
 * beside FILE, which replaces FILE once the command is done (nothing at all is written when the
 * command stopped before printing a report).
 */
function reportToFile(path: string, out: Console): { readonly console: Console; save(code: number): Promise<number>; discard(): Promise<void> } {
  let file: ReturnType<typeof openNewAtomic> | undefined;
  return {
    console: {
      write: (chunk) => {
        (file ??= openNewAtomic(path)).write(chunk);
      },
      error: (message) => out.error(message),
      style: processConsole(false).style,
    },
    async save(code) {
      if (file === undefined) return code;
      const written = await file.commit();
      if (written.ok) return code;
      out.error(`cannot write '${path}': ${written.reason}`);
      return ExitCode.Usage;
    },
    async discard() {
      await file?.abort();
    },
  };
}

function deviceOptions(command: Command): Command {
  return command
    .option("--device <product>", "product of the simulated device, e.g. IP232 (default: dryRun.device in the config, or the script's file name)")
    .option("--firmware <build>", "running firmware build")
    .option("--boot <build>", "running boot code build")
    .option("--bmc <build>", "running DECT radio code build")
    .option("--mac <mac>", "MAC address (for #m and #h)")
    .option("--ip <address>", "IP address (for #i)")
    .addOption(repeatable("--var <NAME=VALUE>", "an UPDATE/* variable, e.g. CHECK=2026-11-20 (repeatable)"))
    .option("--at <YYYY-MM-DDTHH:MM>", "the device's local time (default: now)")
    .option("--no-clock", "the device has no time set")
    .option("--uptime <minutes>", "minutes since boot (default: 1440)")
    .option("--fresh", "a factory-fresh device that never ran a script")
    .option("--state <file.json>", "all of the above in one JSON file")
    .addOption(repeatable("--fail <pattern[=code]>", "make transfers to matching URLs fail: a pattern without * matches every URL containing it, with * the whole URL (default status 404; repeatable)"))
    .option("--update-url <url>", "the update URL the device polls (default: the script's URL under the web root)")
    .option("-c, --config <file>", "use this .upscriptrc.json instead of the nearest one");
}

async function main(argv: readonly string[]): Promise<number> {
  // Replaced once the options are known (--color, --no-color).
  let out = processConsole();
  let exitCode: number = ExitCode.Clean;
  const program = new Command("upscript")
    .description("Check, format and dry-run innovaphone update-server scripts.")
    .version(UPSCRIPT_VERSION, "-v, --version")
    .showHelpAfterError("(add --help for usage)")
    // commander's own messages quote the arguments: escaped like every other message.
    .configureOutput({ writeErr: (text) => process.stderr.write(text.startsWith("error:") ? `upscript: ${inertMessage(text.trimEnd())}\n` : text) })
    .exitOverride()
    .option("--debug", "print on stderr which .upscriptrc.json files apply to each script folder, and where the search stopped")
    // Program options: accepted before or after the command's name.
    .option("--color", "colour the output even when it is no terminal (default: colours on a terminal, unless NO_COLOR is set or FORCE_COLOR is 0)")
    .option("--no-color", "no colours, even on a terminal");
  program.hook("preAction", (_, action) => {
    out = processConsole(program.opts().color as boolean | undefined);
    if (program.opts().debug) setConfigDebug((message) => out.error(`debug: ${message}`));
    for (const option of action.options) {
      if (repeatables.has(option) && action.getOptionValue(option.attributeName()) === undefined) action.setOptionValueWithSource(option.attributeName(), [], "default");
    }
  });

  program
    .command("lint")
    .description("report problems in update scripts")
    .argument("[paths...]", "script files, folders (searched with the config's file patterns) or glob patterns (default: the current folder)")
    .addOption(new Option("-f, --format <format>", "output format").choices(Object.keys(formatters)).default("stylish"))
    .option("-c, --config <file>", "use this .upscriptrc.json for every script instead of the nearest one")
    .option("--max-warnings <n>", "fail when there are more warnings than this (default: no limit)")
    .addOption(repeatable("--rule <id=severity>", "change a rule's severity: off, info, warning or error (repeatable)"))
    .option("--fix", "apply the safe fixes and rewrite the files (with --stdin: print the fixed script; the report goes to stderr)")
    .option("--unsafe-fixes", "with --fix or --diff: also the fixes that change what devices do (an ignored line that would run, a missing final command, an hour range written out)")
    .option("--diff", "print a unified diff of what --fix would change and write nothing (the report goes to stderr)")
    .option("--fix-dry-run", "the same as --diff")
    .option("--no-error-on-unmatched-pattern", "a path, folder or pattern that matches no script is a warning, not an error (exit 2)")
    .option("--base <rev>", "compare with this git revision (check-serial-unchanged)")
    .option("--stdin", "read the script from standard input")
    .option("--stdin-filename <name>", "file name for the script read from standard input")
    .option("-q, --quiet", "report errors only")
    .option("--print-config <file>", "print the configuration that applies to FILE as JSON, with the .upscriptrc.json files it was merged from; lint nothing")
    .option("-o, --output-file <file>", "write the report to FILE instead of standard output (replaced atomically, no colours)")
    .action(async (paths: string[], options) => {
      // With --diff or --stdin --fix, standard output carries the diff or the script, not the report.
      if (options.outputFile !== undefined && (options.diff || options.fixDryRun || (options.stdin && options.fix))) {
        out.error("--output-file writes the report; with --diff or --stdin --fix the report goes to stderr, so leave --output-file out");
        exitCode = ExitCode.Usage;
        return;
      }
      const report = options.outputFile === undefined ? undefined : reportToFile(options.outputFile as string, out);
      const to = report?.console ?? out;
      try {
        exitCode = options.printConfig !== undefined ? printConfigCommand(options.printConfig, paths, options, to) : await lintCommand(paths, options, to);
      } catch (error) {
        await report?.discard();
        throw error;
      }
      if (report) exitCode = await report.save(exitCode);
    });

  deviceOptions(
    program
      .command("dry-run")
      .description("show what a device would do with the script on its next poll")
      .argument("<file>", "the script")
      .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
      .option("--detailed-exitcode", "exit 0 when nothing would change, 2 when something would, 1 on a failed --fail-on check or an error")
      .option("--fail-on <list>", "exit 1 when the poll is: stuck (stores a check after a failed transfer), blocked (stopped at times), failed (a transfer failed); or none (default: stuck)"),
  ).action(async (file: string, options) => {
    exitCode = await dryRunCommand(file, options, out);
  });

  deviceOptions(
    program
      .command("simulate")
      .description("simulate one device, or a fleet, over days")
      .argument("<file>", "the script")
      .addOption(new Option("--days <n>", "how many days").default(7))
      .option("--fleet <devices.csv|devices.json>", "a device list: forecast the rollout for all of them")
      .option("--interval <minutes>", "poll interval (default: dryRun.interval in the config, or 15)")
      .addOption(new Option("--download-minutes <n>", "how long one download takes, for the peak of concurrent downloads").default(5))
      .option("--fail-on <list>", "exit 1 on: loop, stuck, blocked, failed, peak-downloads=N (fleets), or none (default: loop,stuck); with --compare, checks the first script")
      .addOption(repeatable("--size <VERB=SIZE>", "with --fleet: the size of a transfer by verb (prot, boot, bmc, cfg, scfg) where neither dryRun.builds nor the web root gives one, e.g. prot=7.2MB (repeatable, or comma-separated)"))
      .option("--office-hours <FROM-TO>", "with --fleet: office hours on weekdays, for the restarts in office hours (default: 8-18)")
      .option("--devices-out <file.csv|file.json>", "with --fleet: also write every device (verdict, time on target, restarts, why) to a CSV or JSON file")
      .option("--compare <other-script>", "with --fleet: forecast OTHER for the same fleet and settings too, and show the two side by side (--fail-on and --devices-out are about the first script)")
      .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "html"]).default("text"))
      .option("-o, --out <file>", "write the report to a file"),
  ).action(async (file: string, options) => {
    exitCode = await simulateCommand(file, options, out);
  });

  deviceOptions(
    program
      .command("poll")
      .description("be a device against a live update server: poll URL, run what it serves, follow it over several polls")
      .argument("<url>", "the update URL the device is configured with, e.g. http://10.0.0.5/update.php")
      .option("--polls <n>", "how many polls (default 1; with --until-steady the most, default 50)")
      .option("--until-steady", "poll until a poll changes nothing (uploads aside), the device is stuck, or --polls")
      .option("--check-transfers", "check each download with HEAD (or a ranged GET), fetch the cfg files and run their lines")
      .option("--upload", "send the scfg uploads (PUT): the configuration, and the output of /always commands")
      .option("--config-file <file>", "with --upload: the configuration a backup uploads (default: the device's vars create UPDATE/… lines)")
      .addOption(repeatable("--command-output <CMD=FILE>", "with --upload: what an /always command outputs, e.g. 'vars read X509/REQUEST=req.der' (default: nothing; repeatable)"))
      .addOption(repeatable("--allow-host <host[:port]>", "a further host that may be contacted (redirects, a new /url, transfers; repeatable)"))
      .option("--timeout <seconds>", "per request, connecting and the whole answer (default 10)")
      .option("--ca <file>", "PEM certificate(s) to trust for https besides the default CAs")
      .option("--insecure", "do not check https certificates (a warning says so)")
      .option("--fleet <devices.csv|devices.json>", "poll for every device of the list and summarise per product")
      .option("--concurrency <n>", "with --fleet: devices polling at once (default 8)")
      .option("--save-scripts <dir>", "write each served script to DIR/<n>-<mac>.htm")
      .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
      .option("--detailed-exitcode", "exit 0 when no poll changed anything, 2 when one did, 1 on a failed poll, errors in a served script, or a usage error"),
  ).action(async (url: string, options) => {
    exitCode = await pollCommand(url, options, out);
  });

  program
    .command("fmt")
    .description("format scripts: one blank between words, no trailing blanks; words and line ends are kept")
    .argument("[paths...]", "script files, folders or glob patterns (default: the current folder)")
    .option("--check", "list files that are not formatted and exit 1 if there are any")
    .option("--diff", "print a unified diff of what --write would change and exit 1 if there is any; write nothing")
    .option("--write", "rewrite files that are not formatted")
    .option("--no-error-on-unmatched-pattern", "a path, folder or pattern that matches no script is a warning, not an error (exit 2)")
    .option("-c, --config <file>", "use this .upscriptrc.json instead of the nearest one")
    .action(async (paths: string[], options) => {
      exitCode = await fmtCommand(paths, options, out);
    });

  program
    .command("rules")
    .description("list the rules")
    .addOption(new Option("-f, --format <format>", "output format: an aligned table, or JSON").choices(["text", "json"]).default("text"))
    .action((options) => {
      exitCode = rulesCommand(options, out);
    });

  program
    .command("explain")
    .description("print a rule's documentation")
    .argument("<rule>", "rule id, e.g. times-hours")
    .addOption(new Option("-f, --format <format>", "output format: text for a terminal, or the Markdown page as it is").choices(["text", "markdown"]).default("text"))
    .action((rule: string, options) => {
      exitCode = explainCommand(rule, options, out);
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
