/** Exit codes and the output streams, kept apart from the commands so tests can capture them. */
import { createColors } from "picocolors";
import { escapeControl, type Style } from "@upscript/language";

export enum ExitCode {
  Clean = 0,
  Problems = 1,
  /** Usage, configuration or I/O error. */
  Usage = 2,
}

export interface Console {
  /**
   * Text for stdout, as it is: the text formatters and renderers escape what they show, JSON is
   * escaped by JSON.stringify, and `fmt` prints the script itself.
   */
  write(text: string): void;
  /**
   * Resolves once stdout has taken what was written (Node buffers what a pipe has not read yet):
   * a command writing a long report piece by piece awaits it, so the buffer stays small.
   */
  drain?(): Promise<void>;
  /**
   * One message on stderr, prefixed with `upscript: `. The message is inert: controls are
   * escaped (escapeControl); a line break (a stack trace) continues on an indented line, so no
   * message can forge an `upscript:` line (docs/security.md).
   */
  error(message: string): void;
  /** Colours for stdout: real ones only when colourWanted says so. */
  readonly style: Style;
}

function colours(enabled: boolean): Style {
  const c = createColors(enabled);
  return { bold: c.bold, dim: c.dim, green: c.green, yellow: c.yellow, red: c.red, cyan: c.cyan };
}

/** A message for stderr: controls escaped in each line, later lines indented by two spaces. */
export function inertMessage(message: string): string {
  return message.split(/\r\n|\n/).map(escapeControl).join("\n  ");
}

/**
 * Whether stdout gets colours, first answer wins: `--color` / `--no-color` (`flag`); NO_COLOR set
 * to anything, even empty: off; FORCE_COLOR `0` or `false`: off, any other non-empty value: on
 * (an empty FORCE_COLOR counts as unset); else on a terminal, unless TERM is `dumb`.
 */
export function colourWanted(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env, isTTY = Boolean(process.stdout.isTTY)): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined) return false;
  const force = env.FORCE_COLOR?.trim().toLowerCase();
  if (force) return force !== "0" && force !== "false";
  return isTTY && env.TERM !== "dumb";
}

/** The real streams; `colour` is the `--color` / `--no-color` flag, if given (colourWanted). */
export function processConsole(colour?: boolean): Console {
  stopWhenStdoutCloses();
  return {
    write: (text) => {
      if (text) process.stdout.write(text);
    },
    drain: () => drained(process.stdout),
    error: (message) => {
      process.stderr.write(`upscript: ${inertMessage(message)}\n`);
    },
    style: colours(colourWanted(colour)),
  };
}

/** Resolves at once unless `stream` asked writers to wait; then on 'drain' (or when it ends or fails). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (!stream.writableNeedDrain) return Promise.resolve();
  return new Promise((done) => {
    const finish = () => {
      stream.off("drain", finish).off("close", finish).off("error", finish);
      done();
    };
    stream.on("drain", finish).on("close", finish).on("error", finish);
  });
}

let watchingStdout = false;

/**
 * A reader that goes away (`upscript lint DIR | head`) ends the run at once and quietly, with
 * exit code 2: the report was not delivered in full (docs/git-hooks-and-ci.md). Any other failure
 * to write stdout is one message, not a stack trace.
 */
function stopWhenStdoutCloses(): void {
  if (watchingStdout) return;
  watchingStdout = true;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") process.stderr.write(`upscript: cannot write to standard output: ${inertMessage(error.message)}\n`);
    process.exit(ExitCode.Usage);
  });
}
