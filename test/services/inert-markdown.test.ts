/**
 * Inert Markdown: hovers quote script text so that it renders exactly as written — a directive's
 * reason never becomes an image, a link or HTML, a backtick in a word never breaks out of its code
 * span — and the inert.ts primitives hold for any string (property tests, rendered with the
 * CommonMark renderer markdown-it, linkify on). Also: outline names and inlay hints carry no
 * control characters, and the code lens title (planHeadline) shows no icon and no control.
 * docs/security.md, "Output is inert".
 */
import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findProduct } from "@upscript/grammar";
import {
  DEFAULT_CONFIG,
  codeBlock,
  codeLensText,
  codeSpan,
  compile,
  createDevice,
  documentContext,
  escapeControl,
  hasControl,
  hover,
  inlayHints,
  markdownText,
  outline,
  parseLocalTime,
  planHeadline,
  runPoll,
  type UpscriptConfig,
} from "@upscript/language";

// markdown-it ships without types; only the few members used here are declared.
interface Token {
  readonly type: string;
  readonly content: string;
  readonly children: Token[] | null;
}
interface MarkdownIt {
  render(src: string): string;
  renderInline(src: string): string;
  parse(src: string, env: object): Token[];
  parseInline(src: string, env: object): Token[];
}
const MarkdownItClass = createRequire(import.meta.url)("markdown-it") as new (options: object) => MarkdownIt;
/** As permissive as a renderer gets: raw HTML and bare-URL links on. */
const md = new MarkdownItClass({ html: true, linkify: true, typographer: false });

/** The inline tokens of a one-line Markdown text. */
function inline(src: string): Token[] {
  return md.parseInline(src, {})[0]?.children ?? [];
}

/** Every inline token of a Markdown document. */
function inlineTokens(src: string): Token[] {
  return md.parse(src, {}).flatMap((t) => t.children ?? []);
}

// Any C0 control but TAB, DEL, any C1 control, the bidi embeddings, overrides and isolates.
const RAW_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const SPECIALS = "\\`*_{}[]()#+-.!|<>~&:@$^";

/** Strings rich in what matters here: Markdown specials, backticks, blanks, controls, bidi, URLs. */
const hostile = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."\\`*_{}[]()#+-.!|<>~&:@$^ a\t\x1b\x07\b\r\n\x7f\x9b\u202e\u2066/=\"'%"), maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("`", "``", " ", "a", "![x](http://e/x.png)", "<img src=x>", "http://evil.com", "www.evil.com", "a@b.co", "&amp;", "\x1b]8;;http://e\x07"), maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 40 }),
);

describe("escapeControl", () => {
  it.each([
    ["\x1b[2J", "\\x1b[2J"],
    ["\x1b]0;title\x07", "\\x1b]0;title\\x07"],
    ["a\bb\rc\nd", "a\\x08b\\x0dc\\x0ad"],
    ["\x00\x7f\x80\x9b\x9f", "\\x00\\x7f\\x80\\x9b\\x9f"],
    ["abc\u202edef\u2066x\u2069", "abc\\u202edef\\u2066x\\u2069"],
    ["tab\tstays", "tab\tstays"],
    ["ordinary text — ünïcode, C:\\path\\x1b", "ordinary text — ünïcode, C:\\path\\x1b"],
  ])("%j → %j", (raw, shown) => {
    expect(escapeControl(raw)).toBe(shown);
    expect(hasControl(raw)).toBe(raw !== shown);
  });

  it("for any string: no control, DEL, C1 or bidi character is left, and text without them is unchanged", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const escaped = escapeControl(s);
        expect(escaped).not.toMatch(RAW_CONTROL);
        if (!RAW_CONTROL.test(s)) expect(escaped).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("codeSpan", () => {
  it.each([
    ["word", "`word`"],
    ["a`b", "``a`b``"],
    ["``x", "``` ``x ```"],
    ["x`", "`` x` ``"],
    [" a ", "`  a  `"],
    ["  ", "`  `"],
    ["", ""],
  ])("%j → %j", (text, span) => expect(codeSpan(text)).toBe(span));

  it("for any string without controls: exactly one code span that holds exactly the string", () => {
    fc.assert(
      fc.property(hostile, (raw) => {
        const s = raw.replace(new RegExp(RAW_CONTROL.source, "g"), "");
        // markdown-it strips one space from each side of a code span of three or more spaces only,
        // which CommonMark keeps; upscript never quotes blank words.
        fc.pre(s !== "" && /[^ ]/.test(s));
        const tokens = inline(codeSpan(s));
        expect(tokens.map((t) => t.type)).toEqual(["code_inline"]);
        expect(tokens[0]!.content).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it("for any string: one code span holding the escaped string, also with text around it", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        fc.pre(/[^ ]/.test(escapeControl(s)));
        const tokens = inline(`**x** ${codeSpan(s)} y`).filter((t) => t.type === "code_inline");
        expect(tokens.map((t) => t.content)).toEqual([escapeControl(s)]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("codeBlock", () => {
  it("keeps the lines, escapes their controls and picks a fence no line can close", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const block = md.parse(codeBlock(s, "upscript"), {}).filter((t) => t.type === "fence");
        expect(block).toHaveLength(1);
        const lines = s.split(/\r\n|\n/).map(escapeControl);
        expect(block[0]!.content).toBe(`${lines.join("\n")}\n`);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Whether every Markdown special character in the text is backslash-escaped. */
function allSpecialsEscaped(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") {
      i++; // the escaped character
      if (i >= text.length || !SPECIALS.includes(text[i]!)) return false;
    } else if (SPECIALS.includes(text[i]!)) return false;
  }
  return true;
}

describe("markdownText", () => {
  it("escapes what Markdown would act on and nothing in ordinary words", () => {
    expect(markdownText("night shift")).toBe("night shift");
    expect(markdownText("/alow")).toBe("/alow");
    expect(markdownText("![x](http://evil/x.png)")).toBe("\\!\\[x\\]\\(http\\://evil/x\\.png\\)");
    expect(markdownText("<img src=x>")).toBe("\\<img src=x\\>");
    expect(markdownText("\x1b[2J")).toBe("\\\\x1b\\[2J");
  });

  it("for any string: no unescaped special, and it renders as plain text equal to escapeControl of it", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const escaped = markdownText(s);
        expect(escaped).not.toMatch(RAW_CONTROL);
        expect(allSpecialsEscaped(escaped)).toBe(true);
        const tokens = inline(escaped);
        expect(tokens.every((t) => t.type === "text")).toBe(true);
        expect(tokens.map((t) => t.content).join("")).toBe(escapeControl(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("codeLensText", () => {
  it("escapes controls and VS Code's icon syntax", () => {
    expect(codeLensText("download $(alert) 13-1\x1b[5m")).toBe("download \\$(alert) 13-1\\x1b[5m");
    expect(codeLensText("$(sync~spin) $(x y) $ (z)")).toBe("\\$(sync~spin) $(x y) $ (z)");
    expect(codeLensText("23:30 IP232: download 13-138765, reset when idle")).toBe("23:30 IP232: download 13-138765, reset when idle");
  });
});

// ---- hovers ----

/** The hover at the first `¦` of the text. */
function hoverAt(marked: string, fileName = "update-ip232.htm"): string {
  const column = marked.indexOf("¦");
  const text = marked.replace("¦", "");
  const result = hover(documentContext(text, { fileName }), { line: 0, column });
  expect(result, `a hover on ${marked}`).toBeDefined();
  return result!.contents;
}

/** HTML tags a rendered hover may hold: upscript's own structure, nothing from user text. */
const OWN_TAGS = new Set(["p", "strong", "code", "ul", "li", "pre"]);

function expectInert(contents: string): void {
  const html = md.render(contents);
  const tags = [...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1]!.toLowerCase());
  expect(tags.filter((t) => !OWN_TAGS.has(t)), html).toEqual([]);
  const types = new Set(inlineTokens(contents).map((t) => t.type));
  for (const live of ["image", "link_open", "html_inline", "em_open", "s_open"]) expect(types.has(live), `${live} in ${html}`).toBe(false);
  // The tiny check without a renderer: no image, link or raw HTML syntax outside a code span.
  const outsideCode = contents.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, "");
  expect(outsideCode).not.toMatch(/(^|[^\\])!\\?\[|(^|[^\\])\]\(|(^|[^\\])<img/);
}

describe("hover: a directive's reason is prose, never Markdown", () => {
  const REASON = "![x](http://evil/x.png) [click](http://evil/) <img src=x onerror=alert(1)> **loud** _em_ ~~gone~~ `tick` http://evil.com www.evil.com a@evil.com &lt;";

  it("renders literally", () => {
    const contents = hoverAt(`# upscript-disable-next-line times-hours -- ¦${REASON}`);
    expectInert(contents);
    const reason = md.parse(contents, {}).find((t) => t.type === "inline" && t.content.startsWith("Reason:"));
    expect(reason?.children?.map((t) => t.type)).toEqual(["text"]);
    expect(reason?.children?.[0]?.content).toBe(`Reason: ${REASON}`);
  });

  it("shows control characters and bidi overrides visibly", () => {
    const contents = hoverAt("# upscript-disable-next-line times-hours -- ¦a\x1b[2Jb \u202eevil");
    // Line feeds separate upscript's own paragraphs; nothing else may be a control.
    expect(contents.replace(/\n/g, "")).not.toMatch(RAW_CONTROL);
    expect(md.renderInline(contents.split("\n\n").at(-1)!)).toBe("Reason: a\\x1b[2Jb \\u202eevil");
  });
});

describe("hover: words with backticks stay inside their code span", () => {
  it.each([
    ["an /allow item", "mod cmd UP1 times /allow 1``,¦2", "1``"],
    ["a meta sequence", "mod cmd UP0 scfg http://a/#`¦x.txt no-op W", "#`"],
    ["a URL slot word without a scheme", "mod cmd UP0 prot `x¦` ireset 1", "`x`"],
    ["an /initial value", "mod cmd UP1 times /initial 1¦`", "1`"],
    ["a FINAL word", "mod cmd UP1 check i`r¦eset 1", "i`reset"],
    ["an unknown directive keyword", "# upscript-disable-next`line¦ all", "upscript-disable-next`line"],
    ["an unknown rule in a directive", "# upscript-disable-next-line fo`¦o", "fo`o"],
    ["a decoded /always command", "mod cmd UP0 scfg http://a/x ser 1 /always a%60b%5D(http://e)¦", "a`b](http://e)"],
    ["a URL the device appends a file name to", "mod cmd UP0 prot http://a/`[click](http://evil/)`¦/ ireset 1", "http://a/`[click](http://evil/)`/ip232.bin"],
  ])("%s", (_name, marked, word) => {
    const contents = hoverAt(marked);
    expectInert(contents);
    expect(inlineTokens(contents).filter((t) => t.type === "code_inline").map((t) => t.content)).toContain(word);
  });

  it("a switch that is none is escaped in bold prose", () => {
    const contents = hoverAt("mod cmd UP1 times /a`l*l[o](http://e)¦ 1");
    expectInert(contents);
    expect(md.renderInline(contents)).toBe("<strong>/a`l*l[o](http://e)</strong> is not a switch of <code>times</code>; it takes <code>/allow</code>, <code>/initial</code>.");
  });

  it("a URL with `, ) and ] in the default-name list stays one code span: no image loads", () => {
    const contents = hoverAt("mod cmd UP0 prot http://a/`![i](http://evil/i.png)`x]¦)/ ireset 1");
    expectInert(contents);
    expect(inlineTokens(contents).filter((t) => t.type === "code_inline").map((t) => t.content)).toContain("http://a/`![i](http://evil/i.png)`x])/ip232.bin");
  });

  it("control characters in a quoted word are shown, not sent", () => {
    const contents = hoverAt("mod cmd UP1 times /allow 1\x1b[2J,¦2");
    // Line feeds separate upscript's own paragraphs; nothing else may be a control.
    expect(contents.replace(/\n/g, "")).not.toMatch(RAW_CONTROL);
    expect(inlineTokens(contents).filter((t) => t.type === "code_inline").map((t) => t.content)).toContain("1\\x1b[2J");
  });
});

describe("outline and inlay hints carry no control characters", () => {
  it("outline names and details", () => {
    const text = "# Firmware \x1b]0;pwned\x07 \u202eevil\nmod cmd UP1 check iresetn SER\x1b[8m\nmod cmd UP0 prot http://a/\x1b[2J ireset 13\n";
    const symbols = outline(documentContext(text));
    const all = symbols.flatMap((s) => [s, ...(s.children ?? [])]);
    expect(all.length).toBeGreaterThan(2);
    for (const s of all) expect(`${s.name} ${s.detail}`).not.toMatch(RAW_CONTROL);
    expect(all.map((s) => s.name)).toContain("Firmware \\x1b]0;pwned\\x07 \\u202eevil");
    expect(all.map((s) => s.name)).toContain("check SER\\x1b[8m");
  });

  it("inlay hints with a file name from the config", () => {
    const config: UpscriptConfig = { ...DEFAULT_CONFIG, target: { products: ["IP232"] }, fileNames: { IP232: { firmware: "ip\x1b[2J232.bin" } } };
    const hints = inlayHints(documentContext("mod cmd UP0 prot http://a/fw/ ireset 13\n", { config }));
    expect(hints.map((h) => h.label)).toEqual(["ip\\x1b[2J232.bin"]);
    for (const h of hints) expect(`${h.label} ${h.tooltip}`).not.toMatch(RAW_CONTROL);
  });
});

describe("the code lens title is inert", () => {
  it("a build with an icon and a control, a configuration file name with an icon", () => {
    const device = createDevice({ product: findProduct("IP232")!, clock: parseLocalTime("2026-11-20T23:30")! });
    const headline = (script: string) => planHeadline(runPoll(compile(script), device, { updateUrl: "http://update-server/", resolve: () => ({ kind: "found", path: "x", text: "" }) }));
    const download = headline("mod cmd UP0 prot http://a/ip232.bin iresetn 13-1$(alert)\x1b[5m\n");
    const load = headline("mod cmd UP0 cfg http://a/$(sync~spin)\u202e.txt iresetn 1\n");
    for (const title of [download, load]) {
      expect(title).not.toMatch(RAW_CONTROL);
      expect(title).not.toMatch(/(^|[^\\])\$\(/);
    }
    expect(download).toContain("download 13-1\\$(alert)\\x1b[5m");
    expect(load).toContain("load \\$(sync~spin)\\u202e.txt");
  });
});
