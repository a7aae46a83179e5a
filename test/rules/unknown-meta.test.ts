import { expect, it } from "vitest";
import { lintCase, ruleTester } from "./tester.js";

const KNOWN = "Known meta sequences: #bn #F #B #H #h #m #d #i #t.";

ruleTester("unknown-meta", {
  valid: [
    "mod cmd UP0 scfg http://10.0.0.5/backup/#h-#bn.txt ser WEEKLY",
    "mod cmd UP0 scfg https://10.0.0.5/save.php?mac=#m&ip=#i&type=#t&at=#d&fw=#F&boot=#B&hw=#H",
    // Known sequences in a cfg URL are meta-not-expanded's finding.
    "mod cmd UP0 cfg http://10.0.0.5/cfg/#m.txt ireset 1",
    // Not a URL: missing-url's business.
    "mod cmd UP0 cfg cfg/#x.txt ireset 1",
    "mod cmd UP0 prot http://10.0.0.5/fw/ip%23.bin ireset 1",
  ],
  invalid: [
    {
      code: "mod cmd UP0 scfg http://10.0.0.5/backup/#x.txt",
      errors: [{ range: "0:40-0:42", message: `'#x' is no meta sequence: the device sends it unchanged. ${KNOWN}`, severity: "warning" }],
    },
    {
      name: "wrong case: did-you-mean, offered as a suggestion only",
      code: "mod cmd UP0 scfg http://10.0.0.5/backup/#M.txt",
      errors: [{ range: "0:40-0:42", message: `'#M' is no meta sequence: the device sends it unchanged. ${KNOWN} Did you mean '#m'? Case matters.` }],
    },
    {
      name: "#bN is taken as one, with #bn proposed",
      code: "mod cmd UP0 scfg http://10.0.0.5/b/#bN.txt ser 1",
      errors: [{ range: "0:35-0:38", message: /^'#bN' is no meta sequence: .* Did you mean '#bn'\? Case matters\.$/ }],
    },
    {
      name: "#b alone could be #bn or #B",
      code: "mod cmd UP0 scfg http://10.0.0.5/b/#b.txt",
      errors: [{ range: "0:35-0:37", message: /Did you mean '#bn' or '#B'\?/ }],
    },
    {
      name: "in a prot URL too, and a lone # at the end",
      code: "mod cmd UP0 prot http://10.0.0.5/fw/#z/ip232.bin# ireset 1",
      errors: [
        { range: "0:36-0:38", message: /^'#z' is no meta sequence/ },
        { range: "0:48-0:49", message: `a lone '#' ends the prot URL: the device sends it unchanged. ${KNOWN}` },
      ],
    },
    {
      name: "in the query of a cfg URL",
      code: "mod cmd UP0 cfg http://10.0.0.5/cfg.php?mac=#m&v=#v ireset 1",
      errors: [{ range: "0:49-0:51", message: /^'#v' is no meta sequence/ }],
    },
  ],
});

it("unknown-meta offers the candidates as suggestions only", () => {
  const found = lintCase({ code: "mod cmd UP0 scfg http://10.0.0.5/b/#bN-#b-#x.txt" }).filter((d) => d.rule === "unknown-meta");
  expect(found.map((d) => d.fixes)).toEqual([[], [], []]);
  expect(found.map((d) => d.suggestions.map((s) => s.edits.map((e) => `${e.range.column}-${e.range.endColumn} ${e.newText}`).join()))).toEqual([
    ["35-38 #bn"],
    ["39-41 #bn", "39-41 #B"],
    [],
  ]);
});
