import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@upscript/grammar": here("./grammar/src/index.ts"),
      "@upscript/language": here("./server/src/language/index.ts"),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/clients/**", "test/precommit/**", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
