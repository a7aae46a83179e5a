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
