// Bundles the CLI (and later the language server and the VS Code extension) with esbuild.
// Chevrotain is ESM-only while VS Code loads CommonJS, so every bundle is CommonJS for Node 20.
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

const common = {
  bundle: true,
  platform: "node",
  // jsonc-parser's default (UMD) entry loads its parts with dynamic require(); its ESM entry bundles cleanly.
  mainFields: ["module", "main"],
  format: "cjs",
  target: "node20",
  sourcemap: false,
  minify: false,
  legalComments: "none",
  logLevel: "warning",
  // ESM dependencies (fdir) read import.meta.url, which a CommonJS bundle must provide itself.
  banner: { js: 'const __importMetaUrl = require("url").pathToFileURL(__filename).href;' },
  define: {
    "import.meta.url": "__importMetaUrl",
    UPSCRIPT_VERSION: JSON.stringify(pkg.version),
    // Production bundles skip Chevrotain's grammar self-checks; tests run them from source.
    UPSCRIPT_SKIP_GRAMMAR_CHECKS: "true",
  },
};

await build({
  ...common,
  entryPoints: ["server/src/cli/main.ts"],
  outfile: "dist/upscript.cjs",
  banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
});

// The editor bundles ship inside the .vsix: minified to keep it small.
await build({
  ...common,
  minify: true,
  entryPoints: ["server/src/lsp/main.ts"],
  outfile: "dist/server.cjs",
  banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
});

await build({
  ...common,
  minify: true,
  entryPoints: ["client/src/extension.ts"],
  outfile: "dist/extension.cjs",
  external: ["vscode"],
});
