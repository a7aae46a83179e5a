/** Exit codes and the output streams, kept apart from the commands so tests can capture them. */
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
}

export const processConsole: Console = {
  write: (text) => {
    if (text) process.stdout.write(text);
  },
  error: (message) => {
    process.stderr.write(`upscript: ${message}\n`);
  },
};
