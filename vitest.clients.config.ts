/** `npm run test:clients`: the language server in real editors (Neovim, Emacs + eglot). Needs dist/ built. */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/clients/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
