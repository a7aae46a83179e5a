/** The outline: one symbol per command line, grouped under section headings. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { documentContext, editDocument, openDocument, outline, type OutlineSymbol } from "@upscript/language";

type Rendered = string | [string, Rendered[]];

/** `kind "name" (detail) range @selection`, with a section's children beside it. */
function render(text: string, s: OutlineSymbol): Rendered {
  const r = s.range;
  const head = `${s.kind} ${JSON.stringify(s.name)} (${s.detail}) ${r.line}:${r.column}-${r.endLine}:${r.endColumn} @${text.slice(s.selectionRange.start, s.selectionRange.end)}`;
  return s.children ? [head, s.children.map((c) => render(text, c))] : head;
}

const outlineOf = (text: string) => outline(documentContext(text)).map((s) => render(text, s));

describe("outline", () => {
  it.each<[string, string, Rendered[]]>([
    [
      "sections under headings; a file header followed by a blank line is no heading (CRLF)",
      [
        "# IP232 phones, site Berlin",
        "# maintained by the PBX team",
        "",
        "mod cmd UP1 check iresetn 7",
        "",
        "# === Firmware ===",
        "# upscript-disable-next-line plain-http-transfer",
        "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765",
        "mod cmd UP0 boot http://10.0.0.5/fw/ ireboot 205",
        "",
        "mod cmd UP0 bmc http://10.0.0.5/dect/bmc.bin ireset PCS04fd",
        "# trailing note",
        "",
        "# Settings",
        "mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser CFG-7",
        "config activate",
        "iresetn",
        "",
      ].join("\r\n"),
      [
        'check "check 7" (iresetn 7) 3:0-3:27 @check',
        [
          'section "Firmware" (3 commands) 5:0-10:59 @Firmware',
          [
            'transfer "prot 13-138765" (http://10.0.0.5/fw/ ireset 13-138765) 7:0-7:53 @prot',
            'transfer "boot 205" (http://10.0.0.5/fw/ ireboot 205) 8:0-8:48 @boot',
            'transfer "bmc PCS04fd" (http://10.0.0.5/dect/bmc.bin ireset PCS04fd) 10:0-10:59 @bmc',
          ],
        ],
        [
          'section "Settings" (3 commands) 13:0-16:7 @Settings',
          [
            'transfer "cfg site.txt" (http://10.0.0.5/cfg/site.txt ser CFG-7) 14:0-14:54 @cfg',
            'config "config activate" () 15:0-15:15 @activate',
            'command "iresetn" () 16:0-16:7 @iresetn',
          ],
        ],
      ],
    ],
    [
      "a heading at the top after a BOM; decoration, commented-out commands and a bare # are no headings",
      "\uFEFF# Time window\nMOD CMD up1 TIMES /allow 22,23,0,3 /initial 6\nmod cmd UP1 times /initial 6\nmod cmd UP1 times /allow x,25\n\n# ------\n# mod cmd UP1 poll\nmod cmd UP1 poll\n\n#\nmod cmd UP1 reinit\n",
      [
        [
          'section "Time window" (5 commands) 0:1-10:18 @Time window',
          [
            'times "times 3, 22–0" (/allow 22,23,0,3 /initial 6) 1:0-1:45 @TIMES',
            'times "times" (/initial 6) 2:0-2:28 @times',
            'times "times" (/allow x,25) 3:0-3:29 @times',
            'command "poll" () 7:0-7:16 @poll',
            'command "reinit" () 10:0-10:18 @reinit',
          ],
        ],
      ],
    ],
    [
      "broken and open lines all become symbols with a non-empty name",
      [
        "mod cmd",
        "mod",
        "mod foo UP0 prot",
        "mod cmd UP0 prot ireset 04-5656",
        "mod cmd UP0 cfg",
        "mod cmd UP0 cfg http://h/cfg/ ser 1",
        "mod cmd UP0 cfg http://h/x.txt?a=1 ser 1",
        "mod cmd UP0 scfg http://h/b/#h-#bn.txt no-op W",
        "mod cmd FLASHMAN0 reset ldap",
        "mod cmd UP0 prott http://h/ ireset 1",
        "mod cmd UP1 provision 5",
        "mod cmd WLANMGR0 activate-pwr",
        "config",
        "vars create UPDATE/CHECK pb 3031",
        "config change PHONE SIG /prot SIP",
        "hello world",
        "ireset now",
        "# not a heading: no blank line before",
        "mod cmd UP1 poll",
      ].join("\n"),
      [
        'command "mod cmd" () 0:0-0:7 @cmd',
        'command "mod" () 1:0-1:3 @mod',
        'command "foo UP0" (prot) 2:0-2:16 @UP0',
        'transfer "prot 04-5656" (ireset 04-5656) 3:0-3:31 @prot',
        'transfer "cfg" () 4:0-4:15 @cfg',
        'transfer "cfg http://h/cfg/" (http://h/cfg/ ser 1) 5:0-5:35 @cfg',
        'transfer "cfg x.txt" (http://h/x.txt?a=1 ser 1) 6:0-6:40 @cfg',
        'transfer "scfg #h-#bn.txt" (http://h/b/#h-#bn.txt no-op W) 7:0-7:46 @scfg',
        'command "FLASHMAN0 reset" (ldap) 8:0-8:28 @reset',
        'command "UP0 prott" (http://h/ ireset 1) 9:0-9:36 @prott',
        'command "provision 5" (5) 10:0-10:23 @provision',
        'command "activate-pwr" () 11:0-11:29 @activate-pwr',
        'config "config" () 12:0-12:6 @config',
        'config "vars create UPDATE/CHECK" (pb 3031) 13:0-13:32 @create',
        'config "config change PHONE" (SIG /prot SIP) 14:0-14:33 @change',
        'command "hello" (world) 15:0-15:11 @hello',
        'command "ireset" (now) 16:0-16:10 @ireset',
        'command "poll" () 18:0-18:16 @poll',
      ],
    ],
    [
      "a heading block that starts with a directive takes its first plain comment (CR line ends)",
      "mod cmd UP1 poll\r\r# upscript-disable-next-line missing-serial\r  # Config   \rmod cmd UP0 cfg http://h/a.txt ser\r",
      [
        'command "poll" () 0:0-0:16 @poll',
        ['section "Config" (1 command) 2:0-4:34 @Config', ['transfer "cfg a.txt" (http://h/a.txt ser) 4:0-4:34 @cfg']],
      ],
    ],
    [
      "commented-out commands in lower case are no headings",
      "# config activate\nconfig activate\n\n# iresetn\niresetn\n\n# vars del UPDATE/CHECK\nvars del UPDATE/CHECK\n",
      ['config "config activate" () 1:0-1:15 @activate', 'command "iresetn" () 4:0-4:7 @iresetn', 'config "vars del UPDATE/CHECK" () 7:0-7:21 @del'],
    ],
    [
      "config UP1 settings: the update URL decoded in the detail",
      "mod cmd UP1 provision 5\nconfig add UP1 /poll 1\nconfig add UP1 /url http%3A%2F%2F10.0.0.5%2Fupdate.php%3Ftype%3D%23t%0A\nconfig change UP1 /url bad%zz /no-dhcp x\nconfig rem UP1 /provision\n",
      [
        'command "provision 5" (5) 0:0-0:23 @provision',
        'config "config add UP1" (/poll 1) 1:0-1:22 @add',
        'config "config add UP1" (/url http://10.0.0.5/update.php?type=#t\\x0a) 2:0-2:71 @add',
        'config "config change UP1" (/url bad%zz /no-dhcp x) 3:0-3:40 @change',
        'config "config rem UP1" (/provision) 4:0-4:25 @rem',
      ],
    ],
    ["comments only", "# a\n\n# b\n", []],
    ["empty", "", []],
  ])("%s", (_name, text, expected) => {
    expect(outlineOf(text)).toEqual(expected);
  });

  it("never throws on random texts; names are non-empty and selections lie inside ranges", () => {
    const unit = fc.constantFrom("m", "o", "d", " ", "c", "#", "\n", "\r", "U", "P", "0", "1", "/", "h", "config ", "mod cmd UP1 times /allow 1,2 ", "\uFEFF");
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 120 }), fc.string({ unit: "binary", maxLength: 120 })), (text) => {
        const check = (s: OutlineSymbol) => {
          expect(s.name.length).toBeGreaterThan(0);
          expect(s.selectionRange.start).toBeGreaterThanOrEqual(s.range.start);
          expect(s.selectionRange.end).toBeLessThanOrEqual(s.range.end);
          s.children?.forEach(check);
        };
        outline(documentContext(text)).forEach(check);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("outline of an incremental document", () => {
  it("after any edits equals the outline of a fresh parse (symbols are kept per line node)", () => {
    const lines = fc.constantFrom("# Phones", "", "mod cmd UP1 times /allow 1,2", "mod cmd UP0 prot http://h/fw/ ireset 13-1", "config change X Y", "iresetn", "# ---", "mod cmd UP1 check ser 1");
    const source = fc.array(fc.tuple(lines, fc.constantFrom("\n", "\r\n", "\r")), { maxLength: 20 }).map((parts) => parts.map(([l, e]) => l + e).join(""));
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 10 }), text: fc.constantFrom("x", "\n", "# Gateways\n", "\nmod cmd UP1 poll\n", "") });
    fc.assert(
      fc.property(source, fc.array(edit, { maxLength: 6 }), (text, edits) => {
        let doc = openDocument(text);
        const shown = () => JSON.parse(JSON.stringify(outline({ ...documentContext(doc.text), parsed: doc.parsed })));
        shown();
        for (const e of edits) {
          const start = e.at % (doc.text.length + 1);
          doc = editDocument(doc, { start, end: start + e.remove, text: e.text });
          expect(shown()).toEqual(JSON.parse(JSON.stringify(outline(documentContext(doc.text)))));
        }
      }),
      { numRuns: 300 },
    );
  });
});
