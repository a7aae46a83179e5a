// Builds the benchmark (TypeScript, bundled with esbuild) and runs it with the GC exposed so
// every sample starts from a collected heap. Not part of `npm test`.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";

mkdirSync(new URL("./tmp/", import.meta.url), { recursive: true });
const outfile = new URL("./tmp/bench.mjs", import.meta.url).pathname;
await build({
  entryPoints: [new URL("./src/main.ts", import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: "node",
  // jsonc-parser's default (UMD) entry loads its parts with dynamic require(); its ESM entry bundles cleanly.
  mainFields: ["module", "main"],
  format: "esm",
  target: "node20",
  logLevel: "warning",
  define: { "process.env.UPSCRIPT_SKIP_GRAMMAR_CHECKS": JSON.stringify("1") },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  external: ["vscode-langservers-extracted", "yaml-language-server"],
});
const run = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=8192", outfile, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(run.status ?? 1);
