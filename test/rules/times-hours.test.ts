import { ruleTester } from "./tester.js";

ruleTester("times-hours", {
  valid: ["mod cmd UP1 times /allow 23,0,1,2,3,4 /initial 6", "mod cmd UP1 times /allow 0", "mod cmd UP1 times /initial 6", "mod cmd UP1 times /allow 07,8"],
  invalid: [
    { code: "mod cmd UP1 times /allow 24", errors: [{ range: "0:25-0:27", message: "hour 24 is outside 0–23: the device never runs the script at that hour" }] },
    { code: "mod cmd UP1 times /allow x,1", errors: [{ range: "0:25-0:26", message: "'x' is not an hour: the list takes whole hours 0–23 separated by commas" }] },
    {
      code: "mod cmd UP1 times /allow 22-4",
      errors: [{ range: "0:25-0:29", message: "'22-4' is a range, which the device does not understand: list the hours one by one: 22,23,0,1,2,3,4" }],
      output: "mod cmd UP1 times /allow 22,23,0,1,2,3,4",
    },
    { code: "mod cmd UP1 times /allow 1,,2,", errors: [{ range: "0:26-0:27", message: "empty item in the hour list: remove the extra comma" }, { range: "0:29-0:30" }], output: "mod cmd UP1 times /allow 1,2" },
    {
      code: "mod cmd UP1 times /allow 23, 0,1 /initial 6",
      errors: [{ range: "0:25-0:32", message: "blanks inside the hour list: the device reads only '23,' as the list and trips over the rest; write 23,0,1" }],
      output: "mod cmd UP1 times /allow 23,0,1 /initial 6",
    },
    { code: "mod cmd UP1 times /allow 2-30", errors: [{ range: "0:25-0:29", message: /\(and use hours 0–23\)/ }] },
  ],
});
