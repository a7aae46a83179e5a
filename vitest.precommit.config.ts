/**
 * `npm run test:precommit`: the pre-commit framework hook, installed by the real `pre-commit` from a
 * git copy of this working tree (it fetches the build's packages from the npm registry). Needs
 * neither dist/ nor this checkout's node_modules/ beyond vitest itself.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/precommit/**/*.test.ts"],
    env: { UPSCRIPT_PRECOMMIT_TEST: "1" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
