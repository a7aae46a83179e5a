/**
 * `upscript-language-server`: the language server for any editor. Transport from the command
 * line, as vscode-languageserver reads it: `--stdio`, `--node-ipc` or `--socket=PORT`.
 */
import { ProposedFeatures, createConnection } from "vscode-languageserver/node";
import { startServer } from "./server.js";

declare const UPSCRIPT_VERSION: string;

const args = process.argv.slice(2);
if (args.includes("--version") || args.includes("-v")) {
  process.stdout.write(`${UPSCRIPT_VERSION}\n`);
} else if (args.includes("--help") || args.includes("-h") || !args.some((a) => /^--(stdio|node-ipc|socket|pipe|clientProcessId)/.test(a))) {
  process.stdout.write(
    "upscript-language-server: the upscript language server (innovaphone update scripts)\n\n" +
      "Usage: upscript-language-server --stdio\n" +
      "       upscript-language-server --node-ipc      (when started by VS Code)\n" +
      "       upscript-language-server --socket=PORT\n",
  );
  process.exitCode = args.includes("--help") || args.includes("-h") ? 0 : 2;
} else {
  startServer(createConnection(ProposedFeatures.all));
}
