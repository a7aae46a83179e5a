/**
 * Semantic tokens: exact tokens for realistic and broken scripts, the LSP encoding, and
 * properties over random texts (never throws, sorted, never overlapping, inside its line).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { documentContext, editDocument, encodeSemanticTokens, openDocument, SEMANTIC_TOKEN_TYPES, semanticTokens, semanticTokensData, type SemanticToken } from "@upscript/language";

/** Each token as `line:column type text`. */
function render(text: string, tokens: readonly SemanticToken[]): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  return tokens.map((t) => `${t.line}:${t.column} ${t.type} ${lines[t.line]!.slice(t.column, t.column + t.length)}`);
}

const tokensOf = (text: string) => render(text, semanticTokens(documentContext(text)));

describe("semanticTokens", () => {
  it.each<[string, string, string[]]>([
    [
      "a phone script with comments, a directive, metas and CRLF",
      [
        "# Backup first",
        "# upscript-disable-next-line times-after-action -- any hour",
        "mod cmd UP0 scfg http://10.0.0.5/backup/#h-#bn.txt no-op WEEKLY /force 168",
        "",
        "mod cmd UP1 times /allow 22,23,0,1 /initial 6",
        "mod cmd UP1 check iresetn 2026-11-20a",
        "mod cmd UP0 prot http://10.0.0.5/firmware/ ireset 13-138765",
        "mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser CFG-7",
        "config activate",
        "iresetn",
      ].join("\r\n") + "\r\n",
      [
        "0:0 comment # Backup first",
        "1:0 comment # upscript-disable-next-line times-after-action -- any hour",
        "2:0 keyword mod",
        "2:4 keyword cmd",
        "2:8 module UP0",
        "2:12 verb scfg",
        "2:17 url http://10.0.0.5/backup/",
        "2:40 meta #h",
        "2:42 url -",
        "2:43 meta #bn",
        "2:46 url .txt",
        "2:51 final no-op",
        "2:57 serial WEEKLY",
        "2:64 switch /force",
        "2:71 number 168",
        "4:0 keyword mod",
        "4:4 keyword cmd",
        "4:8 module UP1",
        "4:12 verb times",
        "4:18 switch /allow",
        "4:25 number 22",
        "4:28 number 23",
        "4:31 number 0",
        "4:33 number 1",
        "4:35 switch /initial",
        "4:44 number 6",
        "5:0 keyword mod",
        "5:4 keyword cmd",
        "5:8 module UP1",
        "5:12 verb check",
        "5:18 final iresetn",
        "5:26 serial 2026-11-20a",
        "6:0 keyword mod",
        "6:4 keyword cmd",
        "6:8 module UP0",
        "6:12 verb prot",
        "6:17 url http://10.0.0.5/firmware/",
        "6:43 final ireset",
        "6:50 serial 13-138765",
        "7:0 keyword mod",
        "7:4 keyword cmd",
        "7:8 module UP0",
        "7:12 verb cfg",
        "7:16 url http://10.0.0.5/cfg/site.txt",
        "7:45 final ser",
        "7:49 serial CFG-7",
        "8:0 keyword config",
        "8:7 verb activate",
        "9:0 final iresetn",
      ],
    ],
    [
      "a BOM, upper-case keywords, tabs and a URL with user info and adjacent metas",
      "\uFEFFMOD CMD up0 PROT\thttp://u:p@h:99/fw/#t#F.bin  IRESET 04-5656\n\t# indented comment  \nCONFIG CHANGE PHONE SIG\n",
      [
        "0:1 keyword MOD",
        "0:5 keyword CMD",
        "0:9 module up0",
        "0:13 verb PROT",
        "0:18 url http://u:p@h:99/fw/",
        "0:37 meta #t",
        "0:39 meta #F",
        "0:41 url .bin",
        "0:47 final IRESET",
        "0:54 serial 04-5656",
        "1:1 comment # indented comment",
        "2:0 keyword CONFIG",
        "2:7 verb CHANGE",
      ],
    ],
    [
      "broken lines keep whatever they have",
      [
        "mod cmd",
        "mod",
        "mod cmd UP0 prot ireset 04-5656",
        "mod cmd UP0 prot http://x/fw/ iresett 1 extra",
        "mod cmd UP0 bmc fw.bin ireset 1",
        "mod cmd UP1 times /allow 22-4,,x,25,3 /initial soon /alow 3",
        "mod cmd UP1 time /allow 3",
        "vars",
        "hello world",
        "/allow 3",
      ].join("\n"),
      [
        "0:0 keyword mod",
        "0:4 keyword cmd",
        "1:0 keyword mod",
        "2:0 keyword mod",
        "2:4 keyword cmd",
        "2:8 module UP0",
        "2:12 verb prot",
        "2:17 final ireset",
        "2:24 serial 04-5656",
        "3:0 keyword mod",
        "3:4 keyword cmd",
        "3:8 module UP0",
        "3:12 verb prot",
        "3:17 url http://x/fw/",
        "3:38 serial 1",
        "4:0 keyword mod",
        "4:4 keyword cmd",
        "4:8 module UP0",
        "4:12 verb bmc",
        "4:23 final ireset",
        "4:30 serial 1",
        "5:0 keyword mod",
        "5:4 keyword cmd",
        "5:8 module UP1",
        "5:12 verb times",
        "5:18 switch /allow",
        "5:33 number 25",
        "5:36 number 3",
        "5:38 switch /initial",
        "5:52 switch /alow",
        "6:0 keyword mod",
        "6:4 keyword cmd",
        "6:8 module UP1",
        "6:12 verb time",
        "7:0 keyword vars",
      ],
    ],
    [
      "generic module commands, provision, scfg /always and a bare final with an argument",
      [
        "mod cmd FLASHMAN0 reset ldap",
        "mod cmd UP1 provision 5",
        "mod cmd UP0 scfg http://h/#m ser 1 /always cmd%20x",
        "mod cmd WLANMGR0 activate-pwr",
        "vars create UPDATE/CHECK pb 3031",
        "ireset now",
      ].join("\r"),
      [
        "0:0 keyword mod",
        "0:4 keyword cmd",
        "0:8 module FLASHMAN0",
        "0:18 verb reset",
        "1:0 keyword mod",
        "1:4 keyword cmd",
        "1:8 module UP1",
        "1:12 verb provision",
        "1:22 number 5",
        "2:0 keyword mod",
        "2:4 keyword cmd",
        "2:8 module UP0",
        "2:12 verb scfg",
        "2:17 url http://h/",
        "2:26 meta #m",
        "2:29 final ser",
        "2:33 serial 1",
        "2:35 switch /always",
        "2:43 serial cmd%20x",
        "3:0 keyword mod",
        "3:4 keyword cmd",
        "3:8 module WLANMGR0",
        "3:17 verb activate-pwr",
        "4:0 keyword vars",
        "4:5 verb create",
        "5:0 final ireset",
      ],
    ],
    [
      "config UP1 settings: module, switches, numbers, the update URL (encoded: one url token; plain: metas cut out)",
      [
        "config add UP1 /url http%3A%2F%2F10.0.0.5%2Fu.php%3Fsn%3D%23m /poll 1 /no-dhcp",
        "config change up1 /url http://10.0.0.5/u.php?sn=#m /POLL x /foo 5 /poll-fast 2",
        "config rem UP1 /poll 15",
        "config add UP1 /url bad%zz /url plain",
        "config add PHONE /poll 1",
        "mod cmd UP0 scfg http://h/ ser 1 /always bad%zz",
      ].join("\n"),
      [
        "0:0 keyword config",
        "0:7 verb add",
        "0:11 module UP1",
        "0:15 switch /url",
        "0:20 url http%3A%2F%2F10.0.0.5%2Fu.php%3Fsn%3D%23m",
        "0:62 switch /poll",
        "0:68 number 1",
        "0:70 switch /no-dhcp",
        "1:0 keyword config",
        "1:7 verb change",
        "1:14 module up1",
        "1:18 switch /url",
        "1:23 url http://10.0.0.5/u.php?sn=",
        "1:48 meta #m",
        "1:51 switch /POLL",
        "1:59 switch /foo",
        "1:66 switch /poll-fast",
        "1:77 number 2",
        "2:0 keyword config",
        "2:7 verb rem",
        "2:11 module UP1",
        "2:15 switch /poll",
        "3:0 keyword config",
        "3:7 verb add",
        "3:11 module UP1",
        "3:15 switch /url",
        "3:27 switch /url",
        "4:0 keyword config",
        "4:7 verb add",
        "5:0 keyword mod",
        "5:4 keyword cmd",
        "5:8 module UP0",
        "5:12 verb scfg",
        "5:17 url http://h/",
        "5:27 final ser",
        "5:31 serial 1",
        "5:33 switch /always",
      ],
    ],
    ["an empty text", "", []],
    ["blank lines only", "  \n\t\n", []],
  ])("%s", (_name, text, expected) => {
    expect(tokensOf(text)).toEqual(expected);
  });

  it("encodes tokens relative to the previous one, with the legend index", () => {
    const text = "# c\nmod cmd UP1 poll\n\nmod cmd UP0 scfg http://h/#bn";
    const data = encodeSemanticTokens(semanticTokens(documentContext(text)));
    const index = (t: string) => SEMANTIC_TOKEN_TYPES.indexOf(t as never);
    expect(data).toEqual([
      0, 0, 3, index("comment"), 0,
      1, 0, 3, index("keyword"), 0,
      0, 4, 3, index("keyword"), 0,
      0, 4, 3, index("module"), 0,
      0, 4, 4, index("verb"), 0,
      2, 0, 3, index("keyword"), 0,
      0, 4, 3, index("keyword"), 0,
      0, 4, 3, index("module"), 0,
      0, 4, 4, index("verb"), 0,
      0, 5, 9, index("url"), 0,
      0, 9, 3, index("meta"), 0,
    ]);
  });

  it("encodes tokens given out of order", () => {
    const tokens: SemanticToken[] = [
      { line: 2, column: 4, length: 1, type: "number" },
      { line: 0, column: 0, length: 2, type: "comment" },
    ];
    expect(encodeSemanticTokens(tokens)).toEqual([0, 0, 2, 9, 0, 2, 4, 1, 8, 0]);
    expect(encodeSemanticTokens([])).toEqual([]);
  });

  it("has a legend of distinct types", () => {
    expect(new Set(SEMANTIC_TOKEN_TYPES).size).toBe(SEMANTIC_TOKEN_TYPES.length);
    expect(SEMANTIC_TOKEN_TYPES).toEqual(["keyword", "module", "verb", "final", "switch", "url", "meta", "serial", "number", "comment"]);
  });
});

// ---- properties ----

const validLines = [
  "mod cmd UP1 times /allow 23,0,1,2,3,4 /initial 6",
  "mod cmd UP0 scfg http://192.168.0.10/backup/#h-#bn.txt no-op WEEKLY /force 168",
  "mod cmd UP0 prot http://192.168.0.10/firmware/ ireset 04-5679",
  "mod cmd UP0 cfg http://10.0.0.5/cfg/a.txt iresetn 17",
  "mod cmd UP0 bmc http://10.0.0.5/dect/ ireset PCS04fd",
  "mod cmd UP1 check ser 2026-11-20",
  "config change PHONE SIG /prot SIP",
  "# a comment",
  "# upscript-disable-next-line times-hours -- reason",
  "iresetn",
  "",
  "mod cmd",
  "MOD CMD up0 PROT http://u:p@h:99/#x#bn#F ireset",
];
const eol = fc.constantFrom("\n", "\r\n", "\r", "");
const line = fc.oneof(
  fc.constantFrom(...validLines),
  fc.string({ unit: fc.constantFrom("m", "o", "d", " ", "c", "#", "/", ",", "\t", "U", "P", "0", "1", ":", "h", "b", "n", "\uFEFF", "é") }),
);
const script = fc
  .tuple(fc.constantFrom("", "\uFEFF"), fc.array(fc.tuple(line, eol), { maxLength: 25 }))
  .map(([bom, parts]) => bom + parts.map(([l, e]) => l + e).join(""));
const text = fc.oneof(script, fc.string({ unit: "grapheme", maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 }));

/** Decodes the LSP relative encoding back into absolute tokens. */
function decode(data: readonly number[]): SemanticToken[] {
  const out: SemanticToken[] = [];
  let line = 0;
  let column = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dl, ds, length, type] = data.slice(i, i + 4) as [number, number, number, number];
    line += dl;
    column = dl === 0 ? column + ds : ds;
    out.push({ line, column, length, type: SEMANTIC_TOKEN_TYPES[type]! });
  }
  return out;
}

describe("semanticTokens properties", () => {
  it("never throws; tokens are sorted, never overlap, stay inside their line and round-trip through the encoding", () => {
    fc.assert(
      fc.property(text, (source) => {
        const tokens = semanticTokens(documentContext(source));
        const lines = source.split(/\r\n|\r|\n/);
        let previous: SemanticToken | undefined;
        for (const token of tokens) {
          expect(SEMANTIC_TOKEN_TYPES).toContain(token.type);
          expect(token.length).toBeGreaterThan(0);
          expect(token.column).toBeGreaterThanOrEqual(0);
          expect(token.column + token.length).toBeLessThanOrEqual(lines[token.line]!.length);
          if (previous) {
            expect(token.line).toBeGreaterThanOrEqual(previous.line);
            if (token.line === previous.line) expect(token.column).toBeGreaterThanOrEqual(previous.column + previous.length);
          }
          previous = token;
        }
        expect(decode(encodeSemanticTokens(tokens))).toEqual(tokens);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("semanticTokensData", () => {
  it("equals the encoding of semanticTokens, also for the kept lines of an incremental document after edits", () => {
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), text: fc.constantFrom("x", "\n", "\r\n", "mod cmd UP1 times /allow 1\n", "# c\n", " ", "") });
    fc.assert(
      fc.property(text, fc.array(edit, { maxLength: 6 }), (source, edits) => {
        let doc = openDocument(source);
        const contextOf = () => ({ ...documentContext(doc.text), parsed: doc.parsed });
        expect(semanticTokensData(contextOf())).toEqual(encodeSemanticTokens(semanticTokens(contextOf())));
        for (const e of edits) {
          const start = e.at % (doc.text.length + 1);
          doc = editDocument(doc, { start, end: start + e.remove, text: e.text });
          const data = semanticTokensData(contextOf());
          expect(data).toEqual(encodeSemanticTokens(semanticTokens(documentContext(doc.text))));
        }
      }),
      { numRuns: 300 },
    );
  });
});
