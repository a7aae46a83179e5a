/**
 * Golden files: compare with the stored expectation; `UPDATE_GOLDEN=1 npx vitest` rewrites them.
 * A missing golden file fails the test (so a forgotten file cannot pass silently) unless updating.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect } from "vitest";

export function expectGolden(actual: string, goldenPath: string): void {
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileSync(goldenPath, actual);
    return;
  }
  if (!existsSync(goldenPath)) throw new Error(`missing golden file ${goldenPath} (run with UPDATE_GOLDEN=1 and review it)`);
  expect(actual).toBe(readFileSync(goldenPath, "utf8"));
}
