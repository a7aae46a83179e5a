/** The `upscript` command line. */
import { Command, CommanderError } from "commander";
import { lintCommand } from "./lint-command.js";
import { ExitCode, processConsole } from "./process.js";

declare const UPSCRIPT_VERSION: string;

async function main(argv: readonly string[]): Promise<ExitCode> {
  let exitCode = ExitCode.Clean;
  const program = new Command("upscript")
    .description("Check, format and dry-run innovaphone update-server scripts.")
    .version(UPSCRIPT_VERSION, "-v, --version")
    .showHelpAfterError()
    .exitOverride();

  program
    .command("lint")
    .description("report problems in update scripts")
    .argument("<paths...>", "script files")
    .option("-f, --format <format>", "output format: gcc or json", "gcc")
    .option("-c, --config <file>", "use this .upscriptrc.json for every script instead of the nearest one")
    .action(async (paths: string[], options: { format: string; config?: string }) => {
      exitCode = await lintCommand(paths, options, processConsole);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.Clean : ExitCode.Usage;
    }
    processConsole.error(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return ExitCode.Usage;
  }
  return exitCode;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
