/**
 * Properties of the parser over thousands of generated inputs: random text, random mixes of
 * valid lines, line-end chaos and truncations of valid scripts. For every input: parse never
 * throws, every range lies inside the text and agrees with its line and column, siblings do not
 * overlap, and the pieces reproduce the input exactly.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configLoadLines, directiveLines, isConfigLoad, parse, parseLineAt, pieces, type Range, type Script } from "@upscript/grammar";

const NUM_RUNS = Number(process.env.UPSCRIPT_FUZZ_RUNS ?? 2000);

const validLines = [
  "mod cmd UP1 times /allow 23,0,1,2,3,4 /initial 6",
  "mod cmd UP0 scfg http://192.168.0.10/backup/#h-#bn.txt no-op WEEKLY /force 168",
  "mod cmd UP0 prot http://192.168.0.10/firmware/ ireset 04-5679",
  "mod cmd UP0 boot http://10.0.0.5/fw/ ireboot 205",
  "mod cmd UP0 bmc http://10.0.0.5/dect/bmc.bin ireset PCS04fd",
  "mod cmd UP0 cfg http://10.0.0.5/cfg/a.txt iresetn 17",
  "mod cmd UP1 check ser 2026-11-20",
  "mod cmd WLANMGR0 activate-pwr",
  "config change PHONE SIG /prot SIP",
  "config activate",
  "vars create UPDATE/CHECK pb 3031",
  "# a comment",
  "# upscript-disable-next-line times-hours -- reason",
  "iresetn",
  "",
  "   ",
  "mod cmd",
  "mod cmd UP1 time /allow 12,22",
  "MOD CMD up0 PROT http://u:p@h:99/#x ireset",
  "mod cmd UP0 scfg http://10.0.0.5/update.php?mode=vardump&sn=#m ser nop /always vars%20read%20X509%2FREQUEST",
  "mod cmd UP0 scfg http://h/ ser nop /always bad%zz /forse 1",
  "config add UP1 /url http%3A%2F%2F10.0.0.5%2Fupdate.php%3Fphase%3D_first_update%26type%3D%23t%26sn%3D%23m",
  "config change up1 /url http://10.0.0.5/u.php?sn=#m /poll 15 /poll-fast x /no-dhcp extra /foo bar",
  "config add UP1 /url h%zz%3A%2F%2F /URL %E2%82%AC%ff",
  "config rem UP1 /provision 5",
];

const eol = fc.constantFrom("\n", "\r\n", "\r", "");
const blanks = fc.stringMatching(/^[ \t]{0,3}$/);
const line = fc.oneof(
  fc.constantFrom(...validLines),
  fc.string({ unit: fc.constantFrom("m", "o", "d", " ", "c", "#", "/", ",", "\t", "U", "P", "0", "1", ":", "h") }),
);
const chaosScript = fc
  .array(fc.tuple(blanks, line, blanks, eol), { maxLength: 30 })
  .map((parts) => parts.map(([a, l, b, e]) => a + l + b + e).join(""));
const anyText = fc.oneof(fc.string({ unit: "grapheme", maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 }));
const truncated = fc
  .tuple(fc.array(fc.constantFrom(...validLines), { minLength: 1, maxLength: 10 }), eol, fc.nat())
  .map(([ls, e, cut]) => {
    const text = ls.join(e || "\n");
    return text.slice(0, cut % (text.length + 1));
  });
const withBom = fc.tuple(fc.constantFrom("", "\uFEFF"), chaosScript).map(([b, t]) => b + t);
const input = fc.oneof(anyText, chaosScript, truncated, withBom);

/** Offset → line and column, computed independently of the parser. */
function positions(text: string): (offset: number) => [number, number] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\r" && text[i + 1] === "\n") continue;
    if (c === "\n" || c === "\r") starts.push(i + 1);
  }
  return (offset) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
    return [line, offset - starts[line]!];
  };
}

function checkRange(text: string, at: (o: number) => [number, number], r: Range, what: string): void {
  if (!(0 <= r.start && r.start <= r.end && r.end <= text.length)) throw new Error(`${what}: range ${r.start}-${r.end} outside text of ${text.length}`);
  const [line, column] = at(r.start);
  if (line !== r.line || column !== r.column) throw new Error(`${what}: start ${r.line}:${r.column} but offset says ${line}:${column}`);
  if (r.endLine === r.line && r.endColumn - r.column !== r.end - r.start) throw new Error(`${what}: end column disagrees with end offset`);
}

/**
 * A URL decoded from a percent-encoded word (UP1 `/url`): its texts are decoded text, so unless
 * the word had nothing to decode every range in it is the encoded word's range (ast.ts).
 */
function checkDecodedUrl(text: string, owner: { range: Range; text?: string; verbatim?: boolean }, url: unknown, where: string): void {
  if (owner.verbatim) return;
  const walk = (value: unknown, path: string): void => {
    if (typeof value !== "object" || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "range") {
        const r = child as Range;
        if (r.start !== owner.range.start || r.end !== owner.range.end) throw new Error(`${where}${path}: a decoded URL's range must be the encoded word's`);
      } else walk(child, `${path}.${key}`);
    }
  };
  walk(url, ".decodedUrl");
  if (text.slice(owner.range.start, owner.range.end) !== owner.text) throw new Error(`${where}: the encoded word differs from its range`);
}

/** Visits every object with a `range` below the line node (not into a decoded URL: checkDecodedUrl). */
function* rangedChildren(value: unknown, path = "", text = ""): Generator<[string, { range: Range; text?: string }]> {
  if (typeof value !== "object" || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === "spec" || key === "range" || key === "fullRange") continue;
    if (key === "decodedUrl") {
      const owner = value as { range: Range; text?: string; verbatim?: boolean };
      if (!owner.verbatim) {
        checkDecodedUrl(text, owner, child, path);
        continue;
      }
    }
    if (typeof child === "object" && child !== null && "range" in child) yield [`${path}.${key}`, child as { range: Range; text?: string }];
    yield* rangedChildren(child, `${path}.${key}`, text);
  }
}

function checkTree(text: string, tree: Script): void {
  const at = positions(text);
  expect([...pieces(tree)].map((p) => p.text).join("")).toBe(text);
  let previousEnd = 0;
  for (const node of tree.lines) {
    checkRange(text, at, node.range, `line ${node.line}`);
    if (node.fullRange.start !== previousEnd) throw new Error(`line ${node.line} does not start where the previous one ended`);
    previousEnd = node.fullRange.end;
    if (node.range.start < node.fullRange.start || node.range.end > node.fullRange.end) throw new Error(`line ${node.line}: range outside its line`);
    let wordEnd = node.range.start;
    for (const word of node.words) {
      checkRange(text, at, word.range, `line ${node.line} word`);
      if (word.range.start < wordEnd) throw new Error(`line ${node.line}: words overlap`);
      if (text.slice(word.range.start, word.range.end) !== word.text) throw new Error(`line ${node.line}: word text differs from its range`);
      wordEnd = word.range.end;
    }
    for (const [path, child] of rangedChildren(node, "", text)) {
      checkRange(text, at, child.range, `line ${node.line}${path}`);
      if (child.range.start < node.range.start || child.range.end > node.range.end) throw new Error(`line ${node.line}${path}: outside its line`);
      if (typeof child.text === "string" && text.slice(child.range.start, child.range.end) !== child.text) {
        throw new Error(`line ${node.line}${path}: text '${child.text}' differs from its range`);
      }
    }
  }
  expect(previousEnd).toBe(text.length);
}

describe("parser properties", () => {
  it("never throws, keeps every range inside the text, does not overlap siblings, round-trips", () => {
    fc.assert(
      fc.property(input, (text) => {
        const { tree, syntaxDiagnostics } = parse(text);
        checkTree(text, tree);
        for (const d of syntaxDiagnostics) checkRange(text, positions(text), d.range, "diagnostic");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("every line of the input becomes exactly one node", () => {
    fc.assert(
      fc.property(chaosScript, (text) => {
        const expected = text === "" ? 0 : text.split(/\r\n|\r|\n/).length - (/(\r\n|\r|\n)$/.test(text) ? 1 : 0);
        expect(parse(text).tree.lines).toHaveLength(expected);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  // parse lexes runs of lines in one call; parseLineAt (the incremental document) lexes one line.
  it("a line lexed with the lines around it is the node of the line lexed alone", () => {
    // Long inputs too, so that lines fall on both sides of a run boundary (runs of 16 K characters).
    const long = fc.tuple(fc.array(fc.tuple(blanks, line, blanks, eol), { minLength: 1, maxLength: 8 }), fc.integer({ min: 600, max: 1500 })).map(([parts, times]) =>
      Array.from({ length: times }, (_, i) => parts[i % parts.length]!).map(([a, l, b, e]) => a + l + b + (e || "\n")).join(""),
    );
    fc.assert(
      fc.property(fc.oneof(input, long), (text) => {
        const { tree, syntaxDiagnostics } = parse(text);
        const alone = [];
        for (let start = 0, n = 0; start < text.length; n++) {
          const parsed = parseLineAt(text, start, n);
          alone.push(parsed);
          start = parsed.next;
        }
        expect(JSON.stringify(tree.lines)).toBe(JSON.stringify(alone.map((p) => p.node)));
        expect(JSON.stringify(syntaxDiagnostics)).toBe(JSON.stringify(alone.flatMap((p) => (p.syntax ? [p.syntax] : []))));
      }),
      { numRuns: Math.max(200, NUM_RUNS / 4) },
    );
  });

  // The lint that keeps no tree reads the directives first, from the lines that can hold one; the
  // CLI and the language server find the cfg lines of scripts they do not lint the same way.
  it("directiveLines and configLoadLines find the lines parse finds, as the same nodes", () => {
    const picked = fc.constantFrom(
      "# upscript-disable all",
      "#upscript-enable keyword-case",
      "# UPSCRIPT-disable-file x -- y",
      "\t# upscript-disable-nextline",
      "# not upscript-disable",
      "MOD CMD up0 CFG http://h/a.txt ser 1",
      "mod cmd UP0 cfg",
      "# mod cmd UP0 cfg http://h/b.txt",
      "mod cmd UP0 scfg http://h/cfg.txt",
    );
    const mixed = fc.array(fc.oneof(fc.tuple(blanks, line, blanks, eol), fc.tuple(blanks, picked, blanks, eol)), { maxLength: 40 }).map((parts) => parts.map(([a, l, b, e]) => a + l + b + e).join(""));
    fc.assert(
      fc.property(fc.oneof(input, mixed, mixed.map((t) => `\uFEFF${t}`)), (text) => {
        const lines = parse(text).tree.lines;
        expect(JSON.stringify(directiveLines(text))).toBe(JSON.stringify(lines.filter((l) => l.kind === "directive")));
        expect(JSON.stringify(configLoadLines(text))).toBe(JSON.stringify(lines.filter(isConfigLoad)));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
