import { ruleTester } from "./tester.js";

ruleTester("times-duplicate-hour", {
  valid: ["mod cmd UP1 times /allow 1,2,3", "mod cmd UP1 times /allow 24,24", "mod cmd UP1 times /initial 6"],
  invalid: [
    { code: "mod cmd UP1 times /allow 1,2,1", errors: [{ range: "0:29-0:30", message: "hour 1 is listed twice", severity: "warning" }], output: "mod cmd UP1 times /allow 1,2" },
    { code: "mod cmd UP1 times /allow 3,3,3,4", errors: [{ range: "0:27-0:28" }, { range: "0:29-0:30" }], output: "mod cmd UP1 times /allow 3,4" },
    { code: "mod cmd UP1 times /allow 23,0,00 /initial 6", errors: [{ range: "0:30-0:32", message: "hour 0 is listed twice" }], output: "mod cmd UP1 times /allow 23,0 /initial 6" },
  ],
});
