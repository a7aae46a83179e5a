/**
 * Hover: exact texts and ranges for the words of every line kind, positions at word starts, ends
 * and beyond the line, malformed lines, CRLF and BOM texts, and a no-throw property.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMANDS, CONFIG_SETTINGS, CONFIG_VERBS, FINALS, META_SEQUENCES, MODULES, VARS_VERBS, type CommandId } from "@upscript/grammar";
import { DEFAULT_CONFIG, documentContext, hover, type DocumentContext, type Position, type UpscriptConfig } from "@upscript/language";

const CURSOR = "¦";

/** Text with one `¦` marking the cursor → the text without it and the position. */
function at(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf(CURSOR);
  if (offset < 0) throw new Error(`no cursor in ${marked}`);
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset);
  const lineStart = Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1;
  const line = before.split(/\r\n|\r|\n/).length - 1;
  return { text, position: { line, column: offset - lineStart } };
}

function hoverAt(marked: string, options: { config?: UpscriptConfig; fileName?: string } = {}) {
  const { text, position } = at(marked);
  const result = hover(documentContext(text, options), position);
  if (result) {
    // The range is always one line of the text and agrees with its offsets.
    expect(result.range.line).toBe(position.line);
    expect(result.range.endLine).toBe(position.line);
    expect(result.range.end - result.range.start).toBe(result.range.endColumn - result.range.column);
  }
  return result && { contents: result.contents, covered: text.slice(result.range.start, result.range.end), range: result.range };
}

const spec = (id: CommandId) => COMMANDS.find((c) => c.id === id)!;
const slotDoc = (id: CommandId, name: string) => spec(id).slots.find((s) => s.name === name)!.doc;
const MOD_CMD = "**mod cmd** — sends the rest of the line to a module of the device: `mod cmd MODULE VERB ARGS…`. UP0 and UP1 run the update steps; other modules take their own commands.";

const PROT = "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765";
const SCFG = "mod cmd UP0 scfg http://10.0.0.5/backup/#h-#bn.txt no-op WEEKLY /force 168";
const TIMES = "mod cmd UP1 times /allow 22,23,0,1,2,3,4,5 /initial 6";

describe("hover: nothing", () => {
  const cases: [string, string][] = [
    ["empty document", "¦"],
    ["blank line", "  ¦  "],
    ["plain comment", "# just ¦a note"],
    ["between words", "mod cmd ¦ UP0 prot"],
    ["leading blanks", " ¦ mod cmd UP0 prot"],
    ["beyond the line end", "mod cmd UP0 prot  ¦   "],
    ["unknown first word", "hel¦lo world"],
    ["argument of an unknown line", "hello wor¦ld"],
    ["unknown module", "mod cmd FOO¦0 bar"],
    ["unknown UP0 verb", "mod cmd UP0 pr¦o x"],
    ["verb of an untyped module", "mod cmd FLASHMAN0 res¦et ldap"],
    ["argument of an untyped module", "mod cmd FLASHMAN0 reset ld¦ap"],
    ["argument of config", "config change PHO¦NE"],
    ["unknown config verb", "config fr¦ob"],
    ["argument of a bare final", "iresetn fo¦o"],
    ["after the last line", "mod cmd UP1 poll\n¦"],
  ];
  it.each(cases)("%s", (_name, marked) => expect(hoverAt(marked)).toBeUndefined());

  it("positions out of range", () => {
    const context = documentContext("mod cmd UP1 poll\n");
    for (const position of [
      { line: -1, column: 0 },
      { line: 0, column: -1 },
      { line: 5, column: 0 },
      { line: 0, column: 1000 },
      { line: 0.5, column: 1 },
      { line: Number.NaN, column: 0 },
      { line: 0, column: Number.POSITIVE_INFINITY },
    ]) {
      expect(hover(context, position)).toBeUndefined();
    }
  });
});

describe("hover: keywords, modules and verbs", () => {
  const cases: [string, string, string][] = [
    ["mod at its start", `¦${PROT}`, "mod"],
    ["mod in the middle", `m¦${PROT.slice(1)}`, "mod"],
    ["mod at its end", `mod¦${PROT.slice(3)}`, "mod"],
    ["cmd", `mod c¦${PROT.slice(5)}`, "cmd"],
    ["cmd of a short line", "mod cmd¦", "cmd"],
  ];
  it.each(cases)("%s", (_name, marked, covered) => {
    expect(hoverAt(marked)).toMatchObject({ contents: MOD_CMD, covered });
  });

  it.each(MODULES.map((m) => [m.name, m.doc]))("module %s", (name, doc) => {
    expect(hoverAt(`mod cmd ${name}¦ x`)).toMatchObject({ contents: `**${name}** — ${doc}`, covered: name });
  });

  it("a module of a line with nothing after it", () => {
    expect(hoverAt("mod cmd U¦P1")).toMatchObject({ covered: "UP1", contents: `**UP1** — ${MODULES[1]!.doc}` });
  });

  it.each(COMMANDS.map((c) => [c.id, c] as const))("verb %s: signature, doc, variable and version notes", (_id, command) => {
    const expected = [
      "```upscript\n" + command.signature + "\n```",
      command.doc,
      ...(command.variable ? [`Stored in UPDATE/${command.variable}.`] : []),
      ...(command.versionNotes ?? []).map((n) => `Firmware ${n.since}: ${n.what}`),
    ].join("\n\n");
    expect(hoverAt(`mod cmd ${command.module} ${command.verb}¦`)).toEqual({ contents: expected, covered: command.verb, range: expect.anything() });
  });

  it("the prot verb in full", () => {
    expect(hoverAt("mod cmd UP0 ¦prot http://a/ ireset 1")?.contents).toBe(
      "```upscript\nmod cmd UP0 prot URL FINAL BUILD\n```\n\n" + spec("prot").doc + "\n\nStored in UPDATE/PROT.",
    );
  });

  it("uppercase keywords are explained, with the spelling the device expects", () => {
    expect(hoverAt("M¦OD CMD up0 PROT http://a/ ireset 1")?.contents).toBe(`${MOD_CMD}\n\nWritten \`MOD\`: the device compares keywords exactly and expects \`mod\`.`);
    expect(hoverAt("MOD CMD ¦up0 PROT http://a/ ireset 1")?.contents).toBe(`**UP0** — ${MODULES[0]!.doc}\n\nWritten \`up0\`: the device compares keywords exactly and expects \`UP0\`.`);
    expect(hoverAt("MOD CMD up0 PRO¦T http://a/ ireset 1")?.contents).toMatch(/^```upscript\nmod cmd UP0 prot URL FINAL BUILD\n```[\s\S]*Written `PROT`: the device compares keywords exactly and expects `prot`\.$/);
  });

  it("config and vars keywords and verbs", () => {
    const config = hoverAt("con¦fig change PHONE");
    expect(config?.covered).toBe("config");
    expect(config?.contents).toBe(
      "**config** — changes the device configuration: `config VERB ARGS…` with `add`, `change`, `rem`, `write`, `activate`. Changes take effect after `config activate` or a restart.",
    );
    expect(hoverAt("vars¦ create X 1")?.contents).toBe("**vars** — works on device variables: `vars VERB ARGS…` with `create`, `del`, `read`.");
    for (const verb of CONFIG_VERBS) expect(hoverAt(`config ${verb.verb}¦ X`)).toMatchObject({ contents: `**config ${verb.verb}** — ${verb.doc}`, covered: verb.verb });
    for (const verb of VARS_VERBS) expect(hoverAt(`vars ¦${verb.verb} X`)).toMatchObject({ contents: `**vars ${verb.verb}** — ${verb.doc}`, covered: verb.verb });
    expect(hoverAt("CONFIG ACTIV¦ATE")?.contents).toBe(`**config activate** — ${CONFIG_VERBS[4]!.doc}\n\nWritten \`ACTIVATE\`: the device compares keywords exactly and expects \`activate\`.`);
  });
});

describe("hover: final commands", () => {
  const ireset = `${FINALS.ireset.doc}\n\nResets: a restart once the device is idle.`;
  it("in the FINAL slot of prot", () => {
    expect(hoverAt(`mod cmd UP0 prot http://10.0.0.5/fw/ ires¦et 13-138765`)).toMatchObject({
      covered: "ireset",
      contents: `**ireset** — FINAL of \`prot\`\n\n${ireset}`,
    });
  });

  it("in check, with when it runs", () => {
    expect(hoverAt("mod cmd UP1 check iresetn¦ 2026-11-20a")?.contents).toBe(
      `**iresetn** — FINAL of \`check\`: runs after the last line of a run that neither stopped nor reset\n\n${FINALS.iresetn.doc}\n\nResets: a restart once the device is idle, and only when an earlier step requires one.`,
    );
  });

  it("on a bare line", () => {
    expect(hoverAt("¦iresetn")).toMatchObject({ covered: "iresetn", contents: `**iresetn** — a final command on its own line\n\n${FINALS.iresetn.doc}\n\nResets: a restart once the device is idle, and only when an earlier step requires one.` });
  });

  const timings: [string, string][] = [
    ["reset", "Resets: a restart at once."],
    ["resetn", "Resets: a restart at once, and only when an earlier step requires one."],
    ["reboot", "Resets: a hard (watchdog) restart at once.\n\nNeeds firmware 6.00 sr2 hotfix3 or later."],
    ["ireboot", "Resets: a hard (watchdog) restart once the device is idle.\n\nNeeds firmware 6.00 sr2 hotfix3 or later."],
    ["ser", "Never restarts the device."],
    ["no-op", "Never restarts the device."],
  ];
  it.each(timings)("%s says when it resets", (word, timing) => {
    expect(hoverAt(`${word}¦`)?.contents).toBe(`**${word}** — a final command on its own line\n\n${FINALS[word as keyof typeof FINALS].doc}\n\n${timing}`);
  });

  it("an uppercase final in a slot", () => {
    expect(hoverAt("mod cmd UP0 scfg http://a/x NO-O¦P W")?.contents).toBe(
      `**no-op** — FINAL of \`scfg\`\n\n${FINALS["no-op"].doc}\n\nNever restarts the device.\n\nWritten \`NO-OP\`: the device compares keywords exactly and expects \`no-op\`.`,
    );
  });

  it("a word in the FINAL slot that is no final command", () => {
    expect(hoverAt("mod cmd UP0 prot http://a/x irest¦ 13")).toMatchObject({
      covered: "irest",
      contents: `**FINAL** of \`prot\` — ${slotDoc("prot", "final")}\n\n\`irest\` is not a final command.`,
    });
  });

  it("a final among extra words", () => {
    expect(hoverAt("mod cmd UP0 prot http://a/x ireset 13 reset¦")?.contents).toBe(
      `**Extra word** — \`mod cmd UP0 prot URL FINAL BUILD\` has no place for it (too-many-arguments).\n\n**reset**\n\n${FINALS.reset.doc}\n\nResets: a restart at once.`,
    );
    expect(hoverAt("mod cmd UP1 poll no¦w")).toMatchObject({ covered: "now", contents: "**Extra word** — `mod cmd UP1 poll` has no place for it (too-many-arguments)." });
  });
});

describe("hover: arguments", () => {
  it.each([
    ["BUILD of prot", `${PROT.slice(0, -3)}¦765`, "13-138765", `**BUILD** of \`prot\` — ${slotDoc("prot", "build")}`],
    ["BUILD at its end", `${PROT}¦`, "13-138765", `**BUILD** of \`prot\` — ${slotDoc("prot", "build")}`],
    ["BUILD of boot", "mod cmd UP0 boot http://a/ ireboot ¦205", "205", `**BUILD** of \`boot\` — ${slotDoc("boot", "build")}`],
    ["SERIAL of cfg", "mod cmd UP0 cfg http://a/c.txt iresetn 1¦7", "17", `**SERIAL** of \`cfg\` — ${slotDoc("cfg", "serial")}`],
    ["SERIAL of check", "mod cmd UP1 check ser 2026-11-20¦", "2026-11-20", `**SERIAL** of \`check\` — ${slotDoc("check", "serial")}`],
    ["SERIAL of scfg", `${SCFG.replace("WEEKLY", "WEEK¦LY")}`, "WEEKLY", `**SERIAL** of \`scfg\` — ${slotDoc("scfg", "serial")}`],
    ["MINUTES of provision", "mod cmd UP1 provision ¦5", "5", `**MINUTES** of \`provision\` — ${spec("provision").slots[0]!.doc}`],
    // A missing URL does not shift the others: 04-5656 is still the BUILD.
    ["BUILD when the URL is missing", "mod cmd UP0 prot ireset 04-¦5656", "04-5656", `**BUILD** of \`prot\` — ${slotDoc("prot", "build")}`],
    ["a URL slot without a URL", "mod cmd UP0 prot 10.0.0.5/f¦w/ ireset 1", "10.0.0.5/fw/", `**URL** of \`prot\` — ${slotDoc("prot", "url")}\n\n\`10.0.0.5/fw/\` does not start with a scheme such as \`http://\`.`],
  ])("%s", (_name, marked, covered, contents) => {
    expect(hoverAt(marked)).toMatchObject({ covered, contents });
  });

  it("switch names", () => {
    const allow = spec("times").switches[0]!;
    const force = spec("scfg").switches[0]!;
    expect(hoverAt(TIMES.replace("/allow", "/al¦low"))).toMatchObject({ covered: "/allow", contents: `**/allow HOURS** — ${allow.doc}` });
    expect(hoverAt(TIMES.replace("/initial", "¦/initial"))).toMatchObject({ covered: "/initial", contents: `**/initial MINUTES** — ${spec("times").switches[1]!.doc}` });
    expect(hoverAt(SCFG.replace("/force", "/force¦"))).toMatchObject({ covered: "/force", contents: `**/force HOURS** — ${force.doc} Needs firmware 7.00 or later.` });
    expect(hoverAt("mod cmd UP1 times /ALLOW¦ 1")?.contents).toBe(`**/allow HOURS** — ${allow.doc}\n\nWritten \`/ALLOW\`: the device compares keywords exactly and expects \`/allow\`.`);
    expect(hoverAt("mod cmd UP1 times /alow¦ 1,2")).toMatchObject({ covered: "/alow", contents: "**/alow** is not a switch of `times`; it takes `/allow`, `/initial`." });
  });

  it("/force values in hours and days", () => {
    expect(hoverAt(`${SCFG}¦`)).toMatchObject({
      covered: "168",
      contents: "**/force 168** — 168 hours = 7 days: uploads again once that much time has passed since the last upload, even with an unchanged serial.",
    });
    expect(hoverAt("mod cmd UP0 scfg http://a/x no-op W /force ¦30")?.contents).toContain("30 hours = 1 day 6 hours:");
    expect(hoverAt("mod cmd UP0 scfg http://a/x no-op W /force 1¦")?.contents).toContain("**/force 1** — 1 hour:");
    expect(hoverAt("mod cmd UP0 scfg http://a/x no-op W /force 2¦4")?.contents).toContain("24 hours = 1 day:");
    expect(hoverAt("mod cmd UP0 scfg http://a/x no-op W /force 0¦")?.contents).toBe("**/force 0** — needs a positive number of hours (scfg-force).");
    expect(hoverAt("mod cmd UP0 scfg http://a/x no-op W /force we¦ek")?.contents).toBe("**/force** — `week` is not a whole number of hours.");
  });

  it("/initial values", () => {
    expect(hoverAt(`${TIMES}¦`)).toMatchObject({ covered: "6", contents: "**/initial 6** — nothing below runs for 6 minutes after each boot." });
    expect(hoverAt("mod cmd UP1 times /initial ¦1")?.contents).toBe("**/initial 1** — nothing below runs for 1 minute after each boot.");
    expect(hoverAt("mod cmd UP1 times /initial soo¦n")?.contents).toBe("**/initial** — `soon` is not a whole number of minutes.");
  });

  it("/always values are shown decoded", () => {
    expect(hoverAt("mod cmd UP0 scfg http://a/x ser 1 /always ¦show%20config")).toMatchObject({
      covered: "show%20config",
      contents: "**/always** — uploads the output of `show config` instead of the configuration, on every poll that reaches this line.",
    });
    expect(hoverAt("mod cmd UP0 scfg http://10.0.0.5/update.php?mode=vardump&sn=#m ser nop /always vars%20read%20X509%2FREQUEST¦")?.contents).toBe(
      "**/always** — uploads the output of `vars read X509/REQUEST` instead of the configuration, on every poll that reaches this line.",
    );
    expect(hoverAt("mod cmd UP0 scfg http://a/x ser 1 /always ¦bad%zz")?.contents).toBe(
      "**/always** — `bad%zz` does not decode: every `%` must start an escape of two hex digits such as `%20` (scfg-always).",
    );
    expect(hoverAt("mod cmd UP0 scfg http://a/x ser 1 /always ¦%ff")?.contents).toMatch(/^\*\*\/always\*\* — `%ff` does not decode/);
  });

  it("an unknown scfg switch", () => {
    expect(hoverAt("mod cmd UP0 scfg http://a/x ser 1 /for¦se 168")?.contents).toBe("**/forse** is not a switch of `scfg`; it takes `/force`, `/always`.");
  });

  it("a value of an unknown switch shows nothing", () => {
    expect(hoverAt("mod cmd UP1 times /alow 1,¦2")).toBeUndefined();
  });
});

describe("hover: /allow hours", () => {
  const note = "Outside these hours (device clock) the run stops at this line; lines above it run at any hour.";
  const cases: [string, string, string][] = [
    ["a night window across midnight", "22,23,0,1,2,3,4,5", `**/allow** — Runs only between 22:00 and 05:59 (8 hours a day).\n\n${note}`],
    ["one hour", "3", `**/allow** — Runs only between 03:00 and 03:59 (1 hour a day).\n\n${note}`],
    ["two windows, any order", "4,1,3", `**/allow** — Runs only between 01:00 and 01:59, and between 03:00 and 04:59 (3 hours a day).\n\n${note}`],
    ["every hour", Array.from({ length: 24 }, (_, h) => 23 - h).join(","), "**/allow** — Runs at any hour (all 24 hours are listed)."],
    ["no valid hour", "24,x", "**/allow** — No valid hour is listed, so the lines below never run at any hour.\n\nNot usable: `24` is outside 0–23; `x` is not an hour."],
    [
      "invalid items are named",
      "23,0,22-4,,1,1,abc,99",
      `**/allow** — Runs only between 23:00 and 01:59 (3 hours a day).\n\n${note}\n\nNot usable: \`22-4\` is a range, which the device does not understand; an empty item (extra comma); \`1\` is listed twice; \`abc\` is not an hour; \`99\` is outside 0–23.`,
    ],
  ];
  it.each(cases)("%s", (_name, list, contents) => {
    expect(hoverAt(`mod cmd UP1 times /allow ¦${list}`)).toMatchObject({ covered: list, contents });
  });

  it("with /initial, a fresh device skips the hour test", () => {
    expect(hoverAt(TIMES.replace("22,23", "22,2¦3"))).toMatchObject({
      covered: "22,23,0,1,2,3,4,5",
      contents: `**/allow** — Runs only between 22:00 and 05:59 (8 hours a day).\n\n${note}\n\nA factory-fresh device skips this hour test because /initial is given.`,
    });
  });

  it("at the end of the value and on a trailing comma", () => {
    expect(hoverAt("mod cmd UP1 times /allow 1,2,¦")?.contents).toBe(`**/allow** — Runs only between 01:00 and 02:59 (2 hours a day).\n\n${note}\n\nNot usable: an empty item (extra comma).`);
  });
});

describe("hover: URLs", () => {
  it("meta sequences in an scfg URL are replaced", () => {
    const h = META_SEQUENCES.find((m) => m.name === "h")!;
    const bn = META_SEQUENCES.find((m) => m.name === "bn")!;
    expect(hoverAt(SCFG.replace("#h", "¦#h"))).toMatchObject({ covered: "#h", contents: `**\`#h\`** — ${h.doc} (e.g. \`${h.example}\`).\n\nReplaced in this \`scfg\` URL, e.g. by \`${h.example}\`.` });
    expect(hoverAt(SCFG.replace("#bn", "#b¦n"))).toMatchObject({ covered: "#bn", contents: `**\`#bn\`** — ${bn.doc} (e.g. \`${bn.example}\`).\n\nReplaced in this \`scfg\` URL, e.g. by \`${bn.example}\`.` });
    // Between `#h` and `-`: the end of #h.
    expect(hoverAt(SCFG.replace("#h", "#h¦"))?.covered).toBe("#h");
  });

  it.each(["prot", "boot", "bmc", "cfg"])("meta sequences stay as written in %s URLs", (verb) => {
    const m = META_SEQUENCES.find((s) => s.name === "m")!;
    expect(hoverAt(`mod cmd UP0 ${verb} http://a/#¦m.bin ireset 1`)).toMatchObject({
      covered: "#m",
      contents: `**\`#m\`** — ${m.doc} (e.g. \`${m.example}\`).\n\nNot replaced in a \`${verb}\` URL: it stays as written (meta sequences are expanded only in scfg URLs and the update URL).`,
    });
  });

  it("adjacent meta sequences: the one starting at the cursor wins", () => {
    expect(hoverAt("mod cmd UP0 scfg http://a/#h¦#m.txt")?.covered).toBe("#m");
  });

  it("an unknown meta sequence", () => {
    expect(hoverAt("mod cmd UP0 scfg http://a/#¦x.txt")).toMatchObject({
      covered: "#x",
      contents: "**`#x`** is no known meta sequence (known: `#bn` `#F` `#B` `#H` `#h` `#m` `#d` `#i` `#t`). The device sends it as written.",
    });
  });

  it("the rest of a URL: purpose, and the default file name for the products in context", () => {
    expect(hoverAt(PROT.replace("10.0", "¦10.0"), { fileName: "update-ip232.htm" })).toMatchObject({
      covered: "http://10.0.0.5/fw/",
      contents: "**URL** of `prot` — Downloads the firmware from this URL (HTTP GET).\n\nEnds in `/`: each device appends the firmware file name of its product:\n- IP232: `http://10.0.0.5/fw/ip232.bin`",
    });
    const config: UpscriptConfig = { ...DEFAULT_CONFIG, target: { products: ["IP1200", "IPBS", "IP29-2"] }, fileNames: { IP1200: { boot: "b1200.bin" } } };
    expect(hoverAt("mod cmd UP0 boot ¦http://10.0.0.5/fw/ ireboot 205", { config })?.contents).toBe(
      "**URL** of `boot` — Downloads the boot code from this URL (HTTP GET).\n\nEnds in `/`: each device appends the boot code file name of its product:\n" +
        "- IP1200: `http://10.0.0.5/fw/b1200.bin`\n- IPBS: no default boot code name; name the file\n- IP29-2: `http://10.0.0.5/fw/boot29.bin`",
    );
  });

  it("a URL ending in / without products: a generic example", () => {
    expect(hoverAt(`${PROT.replace("fw/", "fw/¦")}`)?.contents).toBe(
      "**URL** of `prot` — Downloads the firmware from this URL (HTTP GET).\n\nEnds in `/`: the device appends the firmware file name of its product (`ip<model>.bin`), e.g. an IP232 loads `http://10.0.0.5/fw/ip232.bin`. Declare `target.products` in the config to see the names for your devices.",
    );
    expect(hoverAt("mod cmd UP0 boot http://a/¦ ireboot 205")?.contents).toContain("(`boot<model>.bin`), e.g. an IP232 loads `http://a/boot232.bin`.");
  });

  it("bmc, cfg and scfg URLs ending in /", () => {
    expect(hoverAt("mod cmd UP0 bmc http://a/¦ ireset P1")?.contents).toBe(
      "**URL** of `bmc` — Downloads the DECT radio code from this URL (HTTP GET).\n\nEnds in `/`: the name a device appends for radio code lacks `.bin` and is not usable, so name the file (bmc-default-name).",
    );
    expect(hoverAt("mod cmd UP0 cfg http://a/¦ reset 1")?.contents).toBe(
      "**URL** of `cfg` — Downloads the configuration from this URL (HTTP GET).\n\nEnds in `/`: no file name is appended for `cfg`; the URL is used as written, so name the file.",
    );
    expect(hoverAt("mod cmd UP0 scfg ¦http://a/")?.contents).toBe(
      "**URL** of `scfg` — Uploads the configuration backup to this URL (HTTP PUT).\n\nEnds in `/`: no file name is appended for `scfg`; the URL is used as written, so name the file.",
    );
  });

  it("a URL naming its file has no default-name note", () => {
    expect(hoverAt("mod cmd UP0 prot http://a/ip232.bin¦ ireset 1")).toMatchObject({ covered: "http://a/ip232.bin", contents: "**URL** of `prot` — Downloads the firmware from this URL (HTTP GET)." });
    expect(hoverAt("mod cmd UP0 prot http://a/?x=¦1 ireset 1")?.contents).toBe("**URL** of `prot` — Downloads the firmware from this URL (HTTP GET).");
  });
});

describe("hover: directives", () => {
  it("names what the directive does and the rules", () => {
    expect(hoverAt("# upscript-disable-next-line times-hours, foo -- ¦night shift")).toMatchObject({
      covered: "# upscript-disable-next-line times-hours, foo -- night shift",
      contents:
        "**upscript-disable-next-line** — Hides the findings of these rules on the next line.\n\n" +
        "- `times-hours`: An /allow item that is not an hour 0–23: a number out of range, text, a range like 22-4, an empty item, or blanks inside the list.\n" +
        "- `foo`: no such rule\n\nReason: night shift",
    });
  });

  it.each([
    ["# upscript-disable ¦all", "**upscript-disable** — Hides the findings of these rules from here until `# upscript-enable` names them again, or to the end of the file.\n\n- `all`: every rule"],
    ["¦# upscript-enable all", "**upscript-enable** — Turns these rules back on after `# upscript-disable`.\n\n- `all`: every rule"],
    ["#upscript-disable-file all¦", "**upscript-disable-file** — Hides the findings of these rules in the whole file.\n\n- `all`: every rule"],
    ["# upscript-disable¦", "**upscript-disable** — Hides the findings of these rules from here until `# upscript-enable` names them again, or to the end of the file.\n\nIt names no rule, so it does nothing."],
    ["# upscript-disable-nextline ¦all", "**`upscript-disable-nextline`** is no upscript directive; use `upscript-disable-next-line`, `upscript-disable`, `upscript-enable` or `upscript-disable-file`."],
  ])("%s", (marked, contents) => {
    expect(hoverAt(marked)?.contents).toBe(contents);
  });

  it("nothing on the blanks after a directive", () => {
    expect(hoverAt("# upscript-disable all   ¦")).toBeUndefined();
  });
});

describe("hover: line ends, BOM and malformed lines", () => {
  it("CRLF and lone CR texts", () => {
    const text = "mod cmd UP1 check ser 1\r\nmod cmd UP0 prot http://a/ ireset 13\rmod cmd UP1 poll\r\n";
    const context = documentContext(text);
    expect(hover(context, { line: 1, column: 30 })).toMatchObject({ range: { line: 1, column: 27, endColumn: 33 } });
    expect(hover(context, { line: 2, column: 13 })?.contents).toContain("mod cmd UP1 poll");
    expect(hover(context, { line: 0, column: 23 })?.contents).toContain("**SERIAL** of `check`");
    expect(hover(context, { line: 0, column: 24 })).toBeUndefined();
    expect(hover(context, { line: 3, column: 0 })).toBeUndefined();
  });

  it("a BOM shifts the first line by one column", () => {
    const context = documentContext("\uFEFFmod cmd UP1 poll");
    expect(hover(context, { line: 0, column: 0 })).toBeUndefined();
    expect(hover(context, { line: 0, column: 1 })).toMatchObject({ contents: MOD_CMD, range: { column: 1, endColumn: 4 } });
  });

  it.each([
    ["mod alone", "mo¦d", "mod"],
    ["mod cmd alone", "mod cm¦d", "cmd"],
    ["prot without arguments", "mod cmd UP0 pro¦t", "prot"],
    ["tabs between words", "mod\tcmd\tUP1\tpo¦ll", "poll"],
  ])("%s", (_name, marked, covered) => {
    expect(hoverAt(marked)?.covered).toBe(covered);
  });
});

const alphabet = fc.constantFrom(
  "mod", "cmd", "MOD", "UP0", "UP1", "up0", "WLANMGR0", "prot", "scfg", "times", "check", "cfg", "bmc", "boot", "provision", "config", "vars", "add",
  "ireset", "NO-OP", "/allow", "/initial", "/force", "/always", "/x", "22,23,0", "1,,x,22-4,99", "168", "http://a/", "https://10.0.0.5/b/#h-#bn.txt",
  "http://a/#", "#", "# upscript-disable-next-line all -- r", "# upscript-enable foo", " ", "  ", "\t", "\n", "\r\n", "\r", "\uFEFF", "é", "😀", "x",
  "rem", "/poll", "/url", "/no-dhcp", "http%3A%2F%2Fh%2F%23m", "bad%zz", "0",
);

const randomText = fc.array(alphabet, { maxLength: 30 }).map((parts) => parts.join(""));
const randomPosition = fc.record({
  line: fc.oneof(fc.integer({ min: -2, max: 8 }), fc.constantFrom(Number.NaN, 0.5, Number.MAX_SAFE_INTEGER)),
  column: fc.oneof(fc.integer({ min: -2, max: 90 }), fc.constantFrom(Number.NaN, 1.5, Number.POSITIVE_INFINITY)),
});

function contexts(text: string): DocumentContext[] {
  return [
    documentContext(text),
    documentContext(text, { fileName: "update-ip1200.htm", config: { ...DEFAULT_CONFIG, server: { "http://a/": "web" }, target: { products: ["IP232", "IPBS"] } } }),
  ];
}

describe("hover: never throws", () => {
  it("on random texts and positions", () => {
    fc.assert(
      fc.property(randomText, randomPosition, (text, position) => {
        for (const context of contexts(text)) {
          const result = hover(context, position);
          if (result) {
            expect(result.contents.length).toBeGreaterThan(0);
            expect(result.range.start).toBeGreaterThanOrEqual(0);
            expect(result.range.end).toBeLessThanOrEqual(text.length);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("hover: config UP1 settings", () => {
  const UP1 = CONFIG_SETTINGS.find((m) => m.module === "UP1")!;
  const setting = (name: string) => UP1.settings.find((s) => s.name === name)!;
  const URL = "http%3A%2F%2F10.0.0.5%2Fupdate.php%3Fphase%3D_first_update%26type%3D%23t%26sn%3D%23m%26hwid%3D%23h%26ip%3D%23i";

  it("the module: the signature and what the settings are", () => {
    expect(hoverAt("config add U¦P1 /poll 1")).toMatchObject({ covered: "UP1", contents: `\`\`\`upscript\n${UP1.signature}\n\`\`\`\n\n**UP1** settings — ${UP1.doc}` });
    expect(hoverAt("config rem UP1¦ /provision")?.contents).toContain(UP1.remSignature);
    expect(hoverAt("config add up¦1 /poll 1")?.contents).toMatch(/Written `up1`: the device compares keywords exactly and expects `UP1`\.$/);
  });

  it("a setting's name explains it; after rem it is removed", () => {
    expect(hoverAt("config add UP1 /po¦ll 1")).toMatchObject({ covered: "/poll", contents: `**/poll MIN** — ${setting("/poll").doc}` });
    expect(hoverAt("config add UP1 /no-dh¦cp")).toMatchObject({ covered: "/no-dhcp", contents: `**/no-dhcp** — ${setting("/no-dhcp").doc}` });
    expect(hoverAt("config rem UP1 /provision¦")?.contents).toBe(`**config rem UP1 /provision** — removes the setting, so the device goes back to its default.\n\n${setting("/provision").doc}`);
    expect(hoverAt("config add UP1 /fo¦o 1")?.contents).toBe(
      "**/foo** is no UP1 setting upscript knows (it knows `/url`, `/poll`, `/poll-fast`, `/provision`, `/no-dhcp`, `/disc`); the device may still have it.",
    );
  });

  it("/poll says how often every device polls", () => {
    expect(hoverAt("config add UP1 /poll ¦1")).toMatchObject({ covered: "1", contents: "**/poll 1** — every device polls every minute: 1,440 polls a day per device." });
    expect(hoverAt("config add UP1 /poll 7¦")?.contents).toBe("**/poll 7** — every device polls every 7 minutes: about 206 polls a day per device.");
    expect(hoverAt("config add UP1 /poll 0¦")?.contents).toBe("**/poll 0** — needs a positive number of minutes (poll-interval).");
    expect(hoverAt("config add UP1 /poll-fast ¦x")?.contents).toBe("**/poll-fast** — `x` is not a whole number of minutes.");
    expect(hoverAt("config add UP1 /poll-fast 2¦")?.contents).toBe("**/poll-fast 2** — a factory-fresh device polls every 2 minutes during its first 30 minutes.");
  });

  it("/url shows the decoded update URL and its meta sequences", () => {
    const result = hoverAt(`config add UP1 /url ${URL.slice(0, 10)}¦${URL.slice(10)}`);
    expect(result?.covered).toBe(URL);
    expect(result?.contents).toBe(
      [
        "**/url** — the update URL: the device fetches its script from (decoded) `http://10.0.0.5/update.php?phase=_first_update&type=#t&sn=#m&hwid=#h&ip=#i` on every poll.",
        [
          "Filled in on every poll:",
          "- `#t` — device type in lower case (e.g. `ip232`)",
          "- `#m` — MAC address (e.g. `00-90-33-03-0d-f0`)",
          "- `#h` — hardware id: product and the last three bytes of the MAC (e.g. `IP1200-03-0d-f0`)",
          "- `#i` — the device's local IP address (e.g. `192.168.0.23`)",
        ].join("\n"),
        "Positions in the decoded text do not match the characters written, so findings about this URL cover the whole word.",
      ].join("\n\n"),
    );
  });

  it("/url written plain: exact meta sequences; broken values", () => {
    expect(hoverAt("config add UP1 /url http://10.0.0.5/u.php?sn=#¦m")).toMatchObject({
      covered: "#m",
      contents: "**`#m`** — MAC address (e.g. `00-90-33-03-0d-f0`).\n\nReplaced in the update URL on every poll.",
    });
    expect(hoverAt("config add UP1 /url http://10.0.0.5/¦u.php")?.contents).toBe("**/url** — the update URL: the device fetches its script from `http://10.0.0.5/u.php` on every poll.");
    expect(hoverAt("config add UP1 /url http%3A%2F%2Fh%2F%z¦z")?.contents).toBe(
      "**/url** — `http%3A%2F%2Fh%2F%zz` does not decode: every `%` must start an escape of two hex digits such as `%3A` (url-malformed).",
    );
    expect(hoverAt("config add UP1 /url upd¦ate%2Ephp")?.contents).toBe("**/url** — the update URL `update.php` does not start with `http://` or `https://` (url-malformed).");
  });

  it("user text in the decoded URL stays inert", () => {
    const contents = hoverAt("config add UP1 /url http%3A%2F%2Fh%2F%60%5Bx%5D(http%3A%2F%2Fe)¦")!.contents;
    expect(contents).toContain("``http://h/`[x](http://e)``");
  });

  it("nothing on other config lines, extra words and unknown settings' values", () => {
    expect(hoverAt("config add PHONE /po¦ll 1")).toBeUndefined();
    expect(hoverAt("config add UP1 /no-dhcp ex¦tra")).toBeUndefined();
    expect(hoverAt("config add UP1 /foo ba¦r")).toBeUndefined();
  });
});
