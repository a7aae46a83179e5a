import { ruleTester } from "./tester.js";

ruleTester("times-arguments", {
  valid: ["mod cmd UP1 times /allow 23,0,1", "mod cmd UP1 times /initial 6", "mod cmd UP1 times /allow 24 /initial 0"],
  invalid: [
    { code: "mod cmd UP1 times", errors: [{ range: "0:12-0:17", message: "times without /allow or /initial limits nothing: the lines below run at any hour" }] },
    { code: "mod cmd UP1 times /initial", errors: [{ range: "0:18-0:26", message: "/initial needs a number of minutes after boot, such as 6" }] },
    { code: "mod cmd UP1 times /initial x", errors: [{ range: "0:27-0:28", message: "'x' is not a number of minutes: /initial takes a whole number such as 6" }] },
    { code: "mod cmd UP1 times /alow 1,2", errors: [{ range: "0:18-0:23", message: "times has no switch '/alow'; it knows /allow and /initial (did you mean '/allow'?)" }], output: "mod cmd UP1 times /allow 1,2" },
    { code: "mod cmd UP1 times /allow /initial 6", errors: [{ range: "0:18-0:24", message: /\/allow needs a list of hours/ }] },
    { code: "mod cmd UP1 times /allow 1 /allow 2", errors: [{ range: "0:27-0:33", message: "/allow is given twice; write it once" }] },
  ],
});
