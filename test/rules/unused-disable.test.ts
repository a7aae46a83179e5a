import { ruleTester } from "./tester.js";

ruleTester("unused-disable", {
  valid: [
    "# upscript-disable-next-line times-hours\nmod cmd UP1 times /allow 24",
    "# upscript-disable times-hours\nmod cmd UP1 times /allow 24\n# upscript-enable times-hours",
    "# upscript-disable-file keyword-case\nmod cmd UP1 POLL",
    "# upscript-disable-next-line all -- legacy script\nmod cmd UP1 time /allow 1",
  ],
  invalid: [
    {
      code: "# upscript-disable-next-line times-hours\nmod cmd UP1 poll\n",
      errors: [{ range: "0:29-0:40", message: "upscript-disable-next-line times-hours suppresses nothing: no 'times-hours' problem is reported where it applies", severity: "warning" }],
      output: "mod cmd UP1 poll\n",
    },
    {
      code: "# upscript-disable-next-line times-hours, keyword-case\nmod cmd UP1 POLL",
      errors: [{ range: "0:29-0:40" }],
      output: "# upscript-disable-next-line keyword-case\nmod cmd UP1 POLL",
    },
    {
      code: "# upscript-disable-next-line times-hourz\nmod cmd UP1 times /allow 24",
      errors: [{ range: "0:29-0:40", message: "'times-hourz' is not an upscript rule (did you mean 'times-hours'?)" }],
      output: "# upscript-disable-next-line times-hours\nmod cmd UP1 times /allow 24",
    },
    { code: "# upscript-disable-next-line no-such-rule\nmod cmd UP1 poll", errors: [{ range: "0:29-0:41", message: "'no-such-rule' is not an upscript rule" }] },
    {
      code: "# upscript-disable-nextline keyword-case\nmod cmd UP1 POLL",
      errors: [{ range: "0:2-0:27", message: "'upscript-disable-nextline' is not an upscript directive, so it suppresses nothing (did you mean 'upscript-disable-next-line'?)" }],
      output: "# upscript-disable-next-line keyword-case\nmod cmd UP1 POLL",
    },
    { code: "# UPSCRIPT-DISABLE-NEXT-LINE keyword-case\nmod cmd UP1 POLL", errors: [{ range: "0:2-0:28" }], output: "# upscript-disable-next-line keyword-case\nmod cmd UP1 POLL" },
    { code: "# upscript-enable keyword-case\nmod cmd UP1 poll", errors: [{ range: "0:18-0:30", message: "nothing to enable: no upscript-disable keyword-case is open here" }], output: "mod cmd UP1 poll" },
    { code: "# upscript-disable\nmod cmd UP1 POLL", errors: [{ range: "0:2-0:18", message: "upscript-disable names no rule: add rule ids or 'all'" }] },
  ],
});
