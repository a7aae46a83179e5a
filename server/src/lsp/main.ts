/**
 * `upscript-language-server`: the language server for any editor. Transport from the command
 * line, as vscode-languageserver reads it: `--stdio`, `--node-ipc`, `--socket=PORT` or `--pipe=NAME`.
 *
 * For the framed transports (stdio, socket, pipe) the reader is made here, not by
 * vscode-languageserver, so that a framing error or an oversized message ends the process with a
 * non-zero code: the client then restarts the server instead of talking to one that can no
 * longer read (docs/security.md, "The language server under attack").
 */
import { ProposedFeatures, createConnection, type Connection } from "vscode-languageserver/node";
import { startServer, type RunningServer } from "./server.js";
import { FramingError, transportFrom, type FramedTransport } from "./transport.js";

declare const UPSCRIPT_VERSION: string;

/** The exit code after a framing error: not 0, so the client restarts the server. */
const FRAMING_ERROR_EXIT_CODE = 1;

const args = process.argv.slice(2);
if (args.includes("--version") || args.includes("-v")) {
  process.stdout.write(`${UPSCRIPT_VERSION}\n`);
} else if (args.includes("--help") || args.includes("-h") || !args.some((a) => /^--(stdio|node-ipc|socket|pipe|clientProcessId)/.test(a))) {
  usage(args.includes("--help") || args.includes("-h") ? 0 : 2);
} else {
  const transport = transportFrom(args);
  if (transport === "ipc") startServer(createConnection(ProposedFeatures.all));
  else if (transport) startFramed(transport);
  else usage(2);
}

function usage(exitCode: number): void {
  process.stdout.write(
    "upscript-language-server: the upscript language server (innovaphone update scripts)\n\n" +
      "Usage: upscript-language-server --stdio\n" +
      "       upscript-language-server --node-ipc      (when started by VS Code)\n" +
      "       upscript-language-server --socket=PORT\n" +
      "       upscript-language-server --pipe=NAME\n",
  );
  process.exitCode = exitCode;
}

function startFramed({ reader, writer, stdio }: FramedTransport): void {
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  if (stdio) keepConsoleOffStdout(connection);
  let running: RunningServer | undefined;
  let exiting = false;
  const exit = (code: number, message?: string) => {
    if (exiting) return;
    exiting = true;
    running?.dispose();
    if (!message) process.exit(code);
    // Say why on stderr (the client shows it), then go, even if stderr never drains.
    setTimeout(() => process.exit(code), 200);
    process.stderr.write(`upscript-language-server: ${message}\n`, () => process.exit(code));
  };
  reader.onError((error) => {
    if (error instanceof FramingError) exit(FRAMING_ERROR_EXIT_CODE, `${error.message}; exiting so that the client starts a new server`);
  });
  // The client closed our input: as vscode-languageserver does for a stream, 0 after shutdown, 1 otherwise.
  reader.onClose(() => exit(running?.shutDown ? 0 : 1));
  running = startServer(connection);
}

/**
 * With --stdio, standard output is the protocol stream: console output from anywhere in the
 * process goes to the client's log instead, as vscode-languageserver arranges for --stdio.
 */
function keepConsoleOffStdout(connection: Connection): void {
  const text = (parts: unknown[]) => parts.map((p) => (typeof p === "string" ? p : String(p))).join(" ");
  console.log = console.info = console.debug = (...parts: unknown[]) => connection.console.log(text(parts));
  console.warn = (...parts: unknown[]) => connection.console.warn(text(parts));
  console.error = console.trace = (...parts: unknown[]) => connection.console.error(text(parts));
}
