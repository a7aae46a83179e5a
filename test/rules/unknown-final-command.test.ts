import { ruleTester } from "./tester.js";

ruleTester("unknown-final-command", {
  valid: ["mod cmd UP0 prot http://10.0.0.5/ ireset 1", "mod cmd UP1 check no-op 7", "mod cmd UP0 scfg http://10.0.0.5/b.txt", "mod cmd UP0 prot http://10.0.0.5/ IRESET 1"],
  invalid: [
    { code: "mod cmd UP0 prot http://10.0.0.5/ iresett 1", errors: [{ range: "0:34-0:41", message: "'iresett' is not a final command: the device cannot run this line (did you mean 'ireset' or 'iresetn'?)" }] },
    { code: "mod cmd UP0 prot http://10.0.0.5/ irest 1", errors: [{ range: "0:34-0:39", message: /did you mean 'ireset'/ }], output: "mod cmd UP0 prot http://10.0.0.5/ ireset 1" },
    { code: "mod cmd UP1 check nop 7", errors: [{ range: "0:18-0:21", message: /'nop' is not a final command/ }] },
    { code: "mod cmd UP0 prot /ser 04-5679 x", errors: [{ range: "0:22-0:29", message: /'04-5679' is not a final command/ }] },
  ],
});
