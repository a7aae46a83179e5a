import { ruleTester } from "./tester.js";

ruleTester("syntax", {
  valid: ["mod cmd UP1 poll", "config write", "# mod cmd", "hello world", ""],
  invalid: [
    { code: "mod cmd", errors: [{ range: "0:0-0:7", message: "'mod cmd' must be followed by a module name such as UP0, UP1, WLANMGR0; the device cannot run this line" }] },
    { code: "mod cmd UP1 poll\nmod cmd UP0\n", errors: [{ range: "1:0-1:11", message: /'mod cmd UP0' must be followed by a command/ }] },
    { code: "  mod cnd UP1 poll", errors: [{ range: "0:6-0:9", message: /'mod' must be followed by 'cmd', found 'cnd'/ }] },
    { code: "vars", errors: [{ range: "0:0-0:4", message: /'vars' must be followed by a verb/ }] },
  ],
});
