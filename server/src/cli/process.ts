/** Exit codes and the output streams, kept apart from the commands so tests can capture them. */
import { createColors } from "picocolors";
import type { Style } from "@upscript/language";

export enum ExitCode {
  Clean = 0,
  Problems = 1,
  /** Usage, configuration or I/O error. */
  Usage = 2,
}

export interface Console {
  write(text: string): void;
  /** One line on stderr, prefixed with `upscript: `. */
  error(message: string): void;
  /** Colours for stdout: real ones only on a terminal and without NO_COLOR. */
  readonly style: Style;
}

function colours(enabled: boolean): Style {
  const c = createColors(enabled);
  return { bold: c.bold, dim: c.dim, green: c.green, yellow: c.yellow, red: c.red, cyan: c.cyan };
}

export function processConsole(): Console {
  const colour = Boolean(process.stdout.isTTY) && !("NO_COLOR" in process.env) && process.env.TERM !== "dumb";
  return {
    write: (text) => {
      if (text) process.stdout.write(text);
    },
    error: (message) => {
      process.stderr.write(`upscript: ${message}\n`);
    },
    style: colours(colour),
  };
}
