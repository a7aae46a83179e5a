import { ruleTester } from "./tester.js";

ruleTester("too-many-arguments", {
  valid: ["mod cmd UP0 prot http://10.0.0.5/ ireset 1", "mod cmd UP1 times /allow 23, 0,1", "mod cmd FLASHMAN0 reset ldap", "iresetn", "config change A B C D"],
  invalid: [
    { code: "mod cmd UP1 poll now", errors: [{ range: "0:17-0:20", message: "'now' is one word too many: the command is mod cmd UP1 poll; the device may reject the whole line" }] },
    { code: "mod cmd UP0 prot http://10.0.0.5/ ireset 1 2 3", errors: [{ range: "0:43-0:46", message: /'2 3' are 2 words too many: the command is mod cmd UP0 prot URL FINAL BUILD/ }] },
    { code: "reboot now", errors: [{ range: "0:7-0:10", message: /'now' is one word too many: the command is reboot/ }] },
    { code: "mod cmd UP1 times /allow 1,2 x", errors: [{ range: "0:29-0:30" }] },
  ],
});
