/** Random and mutated scripts for the fuzz tests (also used by `npm run fuzz`). */
import fc from "fast-check";

export const SEED_LINES = [
  "mod cmd UP1 times /allow 23,0,1,2,3,4 /initial 6",
  "mod cmd UP1 times /allow 22-4,24,,x /initial y",
  "mod cmd UP0 scfg http://192.168.0.10/backup/#h-#bn.txt no-op WEEKLY /force 168",
  "mod cmd UP0 scfg http://10.0.0.5/b/#m-#bn-#x.txt /force 0",
  "mod cmd UP0 prot http://192.168.0.10/firmware/ ireset 04-5679",
  "mod cmd UP0 prot ireset 04-5656",
  "mod cmd UP0 prot /ser 04-5679",
  "mod cmd UP0 boot http://user:pw@fw.example.com:99999/ reboot 205",
  "mod cmd UP0 bmc http://10.0.0.5/dect/ ireset PCS04fd",
  "mod cmd UP0 cfg http://10.0.0.5/cfg/a.txt ser 17",
  "mod cmd UP0 cfg http://10.0.0.5/cfg/b.txt iresett",
  "mod cmd UP1 check ser 2026-11-20",
  "mod cmd UP1 check 7",
  "mod cmd UP1 time /allow 12,22",
  "mod cmd UP1 poll",
  "mod cmd UP1 reinit",
  "mod cmd WLANMGR0 activate-pwr",
  "MOD CMD up0 PROT http://h/ IRESET 1 2",
  "config change PHONE APP /lang de",
  "config activate",
  "vars create UPDATE/CHECK pb 3031",
  "iresetn",
  "reset",
  "# a comment",
  "# upscript-disable-next-line times-hours, keyword-case -- why",
  "# upscript-disable all",
  "# upscript-enable keyword-case",
  "# upscript-disable-nextline foo",
  "mod cmd",
  "mod",
  "",
  "   \t ",
];

const eol = fc.constantFrom("\n", "\r\n", "\r");

/** Scripts made of known lines, with their words and characters disturbed. */
export const mutatedScript = fc
  .tuple(
    fc.array(fc.constantFrom(...SEED_LINES), { minLength: 1, maxLength: 25 }),
    eol,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("delete", "insert", "replace", "duplicate", "swap")), { maxLength: 12 }),
    fc.array(fc.constantFrom(" ", "\t", "#", "/", ",", "-", ":", "0", "9", "a", "\n", "\r", "%", "@", "?", "=", "[", "]", "é", "\u0000")),
  )
  .map(([lines, newline, edits, chars]) => {
    let text = lines.join(newline);
    edits.forEach(([at, kind], i) => {
      if (text.length === 0) return;
      const pos = at % text.length;
      const ch = chars[i % Math.max(1, chars.length)] ?? " ";
      if (kind === "delete") text = text.slice(0, pos) + text.slice(pos + 1);
      else if (kind === "insert") text = text.slice(0, pos) + ch + text.slice(pos);
      else if (kind === "replace") text = text.slice(0, pos) + ch + text.slice(pos + 1);
      else if (kind === "duplicate") text = text.slice(0, pos) + text.slice(pos, pos + 8) + text.slice(pos);
      else {
        const all = text.split(newline);
        const a = pos % all.length;
        const b = (a + 1) % all.length;
        [all[a], all[b]] = [all[b]!, all[a]!];
        text = all.join(newline);
      }
    });
    return text;
  });

export const anyScript = fc.oneof(mutatedScript, fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: fc.constantFrom(..."mod cmd UP01 /allow#bnhttp:ireset,-\n\t"), maxLength: 200 }));

// Scripts as update servers write them, for the interpreter's properties (poll agreement, fleet grouping).
export const WEB = "http://10.0.0.5/";
export const BUILDS = ["13-130000", "13-138765", "PCS04fd"];
export const SERIALS = ["S1", "S2", "2026-11-20a"];
export const finals = fc.constantFrom("ser", "no-op", "reset", "reboot", "ireset", "ireboot", "resetn", "iresetn");
export const serial = fc.constantFrom(...SERIALS);
export const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** One line as update servers write them: transfers with finals, times, check, config, vars, provision, comments. */
export const updateServerLine: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom("prot", "boot", "bmc"), fc.constantFrom("firmware/", "fw/ip232.bin", "missing/"), finals, fc.constantFrom(...BUILDS))
    .map(([verb, path, final, build]) => `mod cmd UP0 ${verb} ${WEB}${path} ${final} ${build}`),
  fc.tuple(fc.constantFrom("cfg/site.txt", "cfg/missing.txt"), finals, maybe(serial)).map(([path, final, s]) => `mod cmd UP0 cfg ${WEB}${path} ${final}${s ? ` ${s}` : ""}`),
  fc
    .tuple(fc.constantFrom("backup/#h-#bn.txt", "backup/#m.txt", "fail/x.txt"), maybe(fc.tuple(finals, fc.constantFrom("WEEKLY", "S1"), maybe(fc.constantFrom(0, 1, 24, 168)))))
    .map(([path, rest]) => `mod cmd UP0 scfg ${WEB}${path}${rest ? ` ${rest[0]} ${rest[1]}${rest[2] !== undefined ? ` /force ${rest[2]}` : ""}` : ""}`),
  fc.constant(`mod cmd UP0 scfg ${WEB}update.php?mode=vardump&sn=#m ser nop /always vars%20read%20X509%2FREQUEST`),
  fc.tuple(maybe(fc.constantFrom("22,23,0,1,2,3,4,5", "0-23", "9-17", "3")), maybe(fc.constantFrom(0, 6, 30, 2000))).map(([allow, initial]) => `mod cmd UP1 times${allow ? ` /allow ${allow}` : ""}${initial !== undefined ? ` /initial ${initial}` : ""}`),
  fc.tuple(finals, serial).map(([final, s]) => `mod cmd UP1 check ${final} ${s}`),
  fc.constantFrom(
    "config add UP1 /poll 1",
    "config change UP1 /poll 15",
    `config change UP1 /url ${WEB}phones/update-#m.htm`,
    "config rem UP1 /poll",
    "config rem UP1 /provision",
    "config add UP1 /provision 5",
    "config change NTP0 /addr 10.0.0.1",
    "config write",
    "config activate",
    "vars create UPDATE/CHECK pb S1",
    "vars create PHONE/LANG pn de",
    "vars del PHONE/LANG",
    "mod cmd UP1 provision 5",
    "mod cmd UP1 provision 0",
    "mod cmd UP1 poll",
    "mod cmd UP1 reinit",
    "iresetn",
    "reset",
    "# a comment",
    "",
  ),
);

export const updateServerScript = fc.array(updateServerLine, { minLength: 0, maxLength: 14 }).map((lines) => `${lines.join("\n")}\n`);

