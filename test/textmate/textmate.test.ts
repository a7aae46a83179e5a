/**
 * The VS Code extension's static editor assets: the TextMate grammar (scope dumps of the fixtures
 * against golden files, single tokens, agreement with the language server's semantic tokens),
 * language-configuration.json and the snippets.
 *
 * Regenerate the dumps with `UPDATE_GOLDEN=1 npx vitest run test/textmate` and read the diff.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import onig from "vscode-oniguruma";
import vsctm, { type IGrammar, type StateStack } from "vscode-textmate";
import { beforeAll, describe, expect, it } from "vitest";
import { FINAL_WORDS } from "@upscript/grammar";
import { documentContext, isRuleId, lint, semanticTokens, type SemanticTokenType } from "@upscript/language";
import { expectGolden } from "../helpers/golden.js";

const root = join(import.meta.dirname, "..", "..");
const here = import.meta.dirname;
const fixturesDir = join(here, "fixtures");
const goldenDir = join(here, "golden");
const ROOT_SCOPE = "source.upscript";

let grammar: IGrammar;

beforeAll(async () => {
  await onig.loadWASM(readFileSync(join(root, "node_modules", "vscode-oniguruma", "release", "onig.wasm")));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new onig.OnigScanner(patterns),
      createOnigString: (text: string) => new onig.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== ROOT_SCOPE) return null;
      const path = join(root, "grammar", "upscript.tmLanguage.json");
      return vsctm.parseRawGrammar(readFileSync(path, "utf8"), path);
    },
  });
  const loaded = await registry.loadGrammar(ROOT_SCOPE);
  if (!loaded) throw new Error("the grammar did not load");
  grammar = loaded;
});

/** Lines as the editor sees them: LF, CRLF and lone CR end a line; a final terminator adds no line. */
function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Scopes below the root scope, outermost first. */
  readonly scopes: readonly string[];
}

/** Tokenizes line by line, carrying the rule stack like the editor; checks that no rule stays open. */
function tokenize(lines: readonly string[]): Token[][] {
  let stack: StateStack = vsctm.INITIAL;
  return lines.map((line, i) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    if (stack.depth !== 1) throw new Error(`line ${i + 1} leaves a rule open (stack depth ${stack.depth}): ${JSON.stringify(line)}`);
    return result.tokens.map((t) => {
      const end = Math.min(t.endIndex, line.length);
      const [first, ...scopes] = t.scopes;
      if (first !== ROOT_SCOPE) throw new Error(`unexpected root scope ${first}`);
      return { start: t.startIndex, end, text: line.slice(t.startIndex, end), scopes };
    }).filter((t) => t.end > t.start);
  });
}

/** A token's text in quotes, with backslash, quote, tab and other control characters escaped. */
const quote = (text: string) =>
  `'${text.replace(/[\\'\x00-\x1f]/g, (c) => (c === "\t" ? "\\t" : c === "\\" || c === "'" ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`))}'`;

/** One row per token: `line: 'text' scope scope …` (root scope left out; blanks without a scope skipped). */
function dump(text: string): string {
  const lines = splitLines(text);
  const rows: string[] = [];
  tokenize(lines).forEach((tokens, i) => {
    for (const token of tokens) {
      if (token.scopes.length === 0 && token.text.trim() === "") continue;
      rows.push([`${i + 1}: ${quote(token.text)}`, ...token.scopes].join(" "));
    }
  });
  return rows.join("\n") + "\n";
}

/** The tokens that cover the last occurrence of `fragment` in `line`, and whether they start and end with it. */
function tokensOver(line: string, fragment: string): { tokens: Token[]; exact: boolean } {
  const at = line.lastIndexOf(fragment);
  if (at < 0) throw new Error(`'${fragment}' not in '${line}'`);
  const end = at + fragment.length;
  const tokens = tokenize([line])[0]!.filter((t) => t.start < end && at < t.end);
  return { tokens, exact: tokens[0]?.start === at && tokens.at(-1)?.end === end };
}

const fixtures = readdirSync(fixturesDir).sort();

describe("TextMate grammar: golden scope dumps", () => {
  it("has fixtures", () => expect(fixtures.length).toBeGreaterThanOrEqual(5));

  it.each(fixtures)("%s", (name) => {
    const text = readFileSync(join(fixturesDir, name), "utf8");
    expectGolden(dump(text), join(goldenDir, `${name}.scopes`));
  });

  it("every golden file belongs to a fixture", () => {
    expect(readdirSync(goldenDir).sort()).toEqual(fixtures.map((f) => `${f}.scopes`).sort());
  });
});

const SCFG = "mod cmd UP0 scfg http://10.0.0.5/b/#h-#bn.txt no-op WEEKLY /force 168";

describe("TextMate grammar: single tokens", () => {
  it.each<[string, string, string]>([
    [SCFG, "#bn", "constant.character.escape.meta.upscript"],
    [SCFG, "#h", "constant.character.escape.meta.upscript"],
    [SCFG, "http://10.0.0.5/b/", "markup.underline.link.upscript"],
    [SCFG, ".txt", "markup.underline.link.upscript"],
    [SCFG, "no-op", "constant.language.final.upscript"],
    [SCFG, "WEEKLY", "string.unquoted.serial.upscript"],
    [SCFG, "/force", "variable.parameter.switch.upscript"],
    [SCFG, "168", "constant.numeric.upscript"],
    [SCFG, "mod", "keyword.control.upscript"],
    [SCFG, "cmd", "keyword.control.upscript"],
    [SCFG, "UP0", "entity.name.namespace.module.upscript"],
    [SCFG, "scfg", "entity.name.function.verb.upscript"],
    ["mod cmd UP0 scfg http://h/#x.txt", "#x", "invalid.deprecated.unknown-meta.upscript"],
    ["mod cmd UP0 scfg http://h/#BN", "#B", "constant.character.escape.meta.upscript"],
    ["mod cmd UP1 times /allow 23,0,1 /initial 6", "23", "constant.numeric.upscript"],
    ["mod cmd UP1 times /allow 23,0,1 /initial 6", ",", "punctuation.separator.comma.upscript"],
    ["mod cmd UP1 times /allow 23,0,1 /initial 6", "6", "constant.numeric.upscript"],
    ["mod cmd UP1 times /allow 23,0,1 /initial 6", "/initial", "variable.parameter.switch.upscript"],
    ["mod cmd UP1 times /allow 22-4", "22-4", ""],
    ["mod cmd UP1 times /bogus 5", "/bogus", "variable.parameter.switch.upscript"],
    ["mod cmd UP1 check iresetn 04-5656", "04-5656", "string.unquoted.serial.upscript"],
    ["mod cmd UP1 check iresetn 04-5656", "iresetn", "constant.language.final.upscript"],
    ["MOD CMD up0 PROT http://h/ IRESET 1", "MOD", "keyword.control.upscript"],
    ["MOD CMD up0 PROT http://h/ IRESET 1", "up0", "entity.name.namespace.module.upscript"],
    ["MOD CMD up0 PROT http://h/ IRESET 1", "PROT", "entity.name.function.verb.upscript"],
    ["MOD CMD up0 PROT http://h/ IRESET 1", "IRESET", "constant.language.final.upscript"],
    ["Config ACTIVATE", "Config", "keyword.control.upscript"],
    ["Config ACTIVATE", "ACTIVATE", "entity.name.function.verb.upscript"],
    ["vars del CMD0/NAME", "del", "entity.name.function.verb.upscript"],
    ["  iresetn", "iresetn", "constant.language.final.upscript"],
    ["no-op", "no-op", "constant.language.final.upscript"],
    ["iresetnx", "iresetnx", ""],
    ["mod cmd X509 xml-info #abc", "#abc", ""],
    ["mod cmd UP0 prot http://h/ ireset 1 # not a comment", "#", ""],
    ["foo # not a comment either", "# not", ""],
    ["  # a comment", "# a comment", "comment.line.number-sign.upscript"],
    ["  # a comment", "#", "punctuation.definition.comment.upscript"],
    ["# upscript-disable-next-line after-reset -- why", "upscript-disable-next-line", "keyword.other.directive.upscript"],
    ["# upscript-disable-next-line after-reset -- why", "after-reset", "entity.name.tag.rule-id.upscript"],
    ["# upscript-disable-next-line after-reset -- why", "--", "punctuation.separator.reason.upscript"],
    ["# upscript-disable-next-line after-reset -- why", " why", "comment.line.number-sign.upscript"],
    ["mod cmd UP0 prot ireset 04-5656", "ireset", "constant.language.final.upscript"],
    ["mod cmd UP0 prot http://h/ 04-5656", "04-5656", "string.unquoted.serial.upscript"],
    ["mod cmd UP0 prot http://h/ ireset 1 extra", "extra", ""],
    ["mod cmd UP0 scfg /force 1 http://h/ no-op W", "http://h/", "markup.underline.link.upscript"],
    ["mod cmd UP0 scfg /force 1 http://h/ no-op W", "W", "string.unquoted.serial.upscript"],
    ["mod cmd UP0 scfg http://h/ /always a b c", "c", "string.unquoted.serial.upscript"],
    ["mod cmd UP0 scfg http://h/ /always a b c", "b", ""],
    ["mod cmd UP0 scfg http://h/ /always a b c", "a", "string.unquoted.command.upscript"],
    ["mod cmd UP0 scfg http://h/ ser nop /always vars%20read%20X509%2FREQUEST", "vars%20read%20X509%2FREQUEST", "string.unquoted.command.upscript"],
    ["mod cmd UP0 scfg http://h/ ser nop /always bad%zz", "bad%zz", ""],
    ["config add UP1 /url http%3A%2F%2F10.0.0.5%2Fu.php%3Ftype%3D%23t /poll 1", "http%3A%2F%2F10.0.0.5%2Fu.php%3Ftype%3D%23t", "markup.underline.link.upscript"],
    ["config add UP1 /url http%3A%2F%2F10.0.0.5%2Fu.php%3Ftype%3D%23t /poll 1", "/poll", "variable.parameter.switch.upscript"],
    ["config add UP1 /url http%3A%2F%2F10.0.0.5%2Fu.php%3Ftype%3D%23t /poll 1", "1", "constant.numeric.upscript"],
    ["config add UP1 /url http%3A%2F%2F10.0.0.5%2Fu.php%3Ftype%3D%23t /poll 1", "UP1", "entity.name.namespace.module.upscript"],
    ["config add UP1 /url http%3A%2F%2F10.0.0.5%2Fu.php%3Ftype%3D%23t /poll 1", "add", "entity.name.function.verb.upscript"],
    ["config change UP1 /url http://10.0.0.5/u.php?sn=#m", "#m", "constant.character.escape.meta.upscript"],
    ["config change UP1 /url http%3A%2F%2Fh%2F%zz", "http%3A%2F%2Fh%2F%zz", ""],
    ["config add UP1 /no-dhcp 5", "/no-dhcp", "variable.parameter.switch.upscript"],
    ["config add UP1 /no-dhcp 5", "5", ""],
    ["config rem UP1 /poll 15", "15", ""],
    ["config rem UP1 /provision", "/provision", "variable.parameter.switch.upscript"],
    ["config add PHONE /poll 1", "/poll", ""],
    ["mod cmd UP0 prot /force 1", "/force", ""],
    ["mod cmd UP1 provision 5", "5", "constant.numeric.upscript"],
    ["mod cmd FLASHMAN0 reset ldap", "reset", "entity.name.function.verb.upscript"],
  ])("%s: '%s' is %s", (line, fragment, scope) => {
    const { tokens, exact } = tokensOver(line, fragment);
    if (scope === "") {
      // Plain text: no scope at all, whatever the token boundaries.
      for (const token of tokens) expect(token.scopes).toEqual([]);
    } else {
      expect(exact).toBe(true);
      for (const token of tokens) expect(token.scopes).toContain(scope);
    }
  });

  it("a '#' in the middle of a line never gets a comment scope", () => {
    for (const line of ["mod cmd UP0 scfg http://h/#h no-op 1 #x", "update-now #", "config change X /a #b", "ser #"]) {
      for (const token of tokenize([line])[0]!) expect(token.scopes.some((s) => s.startsWith("comment"))).toBe(false);
    }
  });

  it("a comment line is one comment from its '#' to the end", () => {
    const tokens = tokenize(["\t# mod cmd UP0 prot http://h/ ireset 1"])[0]!;
    expect(tokens.filter((t) => t.text.trim() !== "").every((t) => t.scopes[0] === "comment.line.number-sign.upscript")).toBe(true);
    expect(tokens.flatMap((t) => t.scopes).some((s) => /keyword\.control|markup|constant/.test(s))).toBe(false);
  });

  it("never leaves a rule open, whatever the text", () => {
    const alphabet = fc.constantFrom(..." \t#/:,-?&%abcdmoUP01sfgxrvtn\r\nh.".split(""), "mod ", "cmd ", "UP0 ", "scfg ", "prot ", "http://", "#bn", "/allow ", "ireset ");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
        const lines = splitLines(parts.join(""));
        const tokens = tokenize(lines);
        tokens.forEach((line, i) => {
          // Tokens cover the line without gaps.
          expect(line.map((t) => t.text).join("")).toBe(lines[i]);
        });
      }),
      { numRuns: 300 },
    );
  });
});

// ---- agreement with the language server's semantic tokens ----

const CLASS_CODE: Record<SemanticTokenType, string> = {
  keyword: "k", module: "m", verb: "v", final: "f", switch: "s", url: "u", meta: "#", serial: "r", number: "n", comment: "c",
};

/** Which semantic token type a TextMate scope stands for. */
const SCOPE_CLASS: readonly [RegExp, SemanticTokenType][] = [
  [/^keyword\.control\.upscript$/, "keyword"],
  [/^entity\.name\.namespace\.module\.upscript$/, "module"],
  [/^entity\.name\.function\.verb\.upscript$/, "verb"],
  [/^constant\.language\.final\.upscript$/, "final"],
  [/^variable\.parameter\.switch\.upscript$/, "switch"],
  [/^markup\.underline\.link\.upscript$/, "url"],
  [/^(constant\.character\.escape\.meta|invalid\.deprecated\.unknown-meta)\.upscript$/, "meta"],
  // A device command (scfg /always) is a string: the server gives it the serial type.
  [/^string\.unquoted\.(serial|command)\.upscript$/, "serial"],
  [/^constant\.numeric\.upscript$/, "number"],
];

function scopeClass(scopes: readonly string[]): SemanticTokenType | undefined {
  if (scopes.some((s) => s.startsWith("comment."))) return "comment";
  for (let i = scopes.length - 1; i >= 0; i--) {
    const found = SCOPE_CLASS.find(([re]) => re.test(scopes[i]!));
    if (found) return found[1];
  }
  return undefined;
}

/** Per line, one character per column: the class code, '.' for none, blanks kept (not compared). */
function textmateClasses(lines: readonly string[]): string[] {
  return tokenize(lines).map((tokens, i) => {
    const out = [...lines[i]!].map(() => ".");
    const chars = lines[i]!;
    for (const t of tokens) {
      const code = scopeClass(t.scopes);
      for (let c = t.start; c < t.end; c++) out[c] = code ? CLASS_CODE[code] : ".";
    }
    return out.map((code, c) => (chars[c] === " " || chars[c] === "\t" ? " " : code)).join("");
  });
}

function serverClasses(text: string, lines: readonly string[]): string[] {
  const out = lines.map((line) => [...line].map(() => "."));
  for (const t of semanticTokens(documentContext(text))) {
    for (let c = t.column; c < t.column + t.length; c++) out[t.line]![c] = CLASS_CODE[t.type];
  }
  return out.map((codes, i) => codes.map((code, c) => (lines[i]![c] === " " || lines[i]![c] === "\t" ? " " : code)).join(""));
}

describe("TextMate grammar: same classes as the language server's semantic tokens", () => {
  it.each(fixtures)("%s", (name) => {
    const text = readFileSync(join(fixturesDir, name), "utf8");
    const lines = splitLines(text);
    const side = (classes: string[]) => classes.map((c, i) => `${lines[i]}\n${c}`);
    expect(side(textmateClasses(lines))).toEqual(side(serverClasses(text, lines)));
  });

  it("on random lines made of script words", () => {
    const words = [
      "mod", "MOD", "cmd", "Cmd", "UP0", "up0", "UP1", "WLANMGR0", "FLASHMAN0", "X1",
      "prot", "PROT", "boot", "bmc", "cfg", "scfg", "check", "times", "provision", "poll", "activate-pwr",
      "ireset", "iresetn", "IRESET", "reset", "reboot", "ser", "no-op", "iresetnx",
      "/allow", "/ALLOW", "/initial", "/force", "/always", "/x", "/", "/1",
      "23,0,1", "22-4,5", ",,", "1,", "168", "0", "6x",
      "http://10.0.0.5/b/#h-#bn.txt", "https://h/x?a=1#q", "HTTP://h/", "c:x", "a/b", "http:", "#", "#bn", "##h", "x#y",
      "04-5656", "WEEKLY", "config", "vars", "activate", "--",
      "add", "ADD", "change", "rem", "/url", "/poll", "/POLL", "/poll-fast", "/provision", "/no-dhcp", "/disc", "15", "x%20y", "bad%zz", "%",
      "http%3A%2F%2F10.0.0.5%2Fu.php%3Fsn%3D%23m", "http://10.0.0.5/u.php?sn=#m", "https%3A//h/%23x", "http%3A%2F%2Fh%2F%zz",
    ];
    const line = fc
      .tuple(
        fc.constantFrom("", " ", "\t"),
        fc.constantFrom("mod cmd UP0", "mod cmd UP1", "mod cmd UP0 scfg", "mod cmd UP0 prot", "mod cmd UP1 times", "mod cmd UP1 check", "mod", "config", "config add UP1", "config rem up1", "config change", ""),
        fc.array(fc.tuple(fc.constantFrom(" ", "\t", "  ", " \t"), fc.constantFrom(...words)), { maxLength: 7 }),
        fc.constantFrom("", " ", "\t "),
      )
      .map(([lead, head, rest, trail]) => `${lead}${head}${rest.map(([sep, w]) => sep + w).join("")}${trail}`.replace(/^([ \t]*)[ \t]+/, "$1"));
    fc.assert(
      fc.property(line, (text) => {
        const lines = splitLines(text);
        expect(textmateClasses(lines)).toEqual(serverClasses(text, lines));
      }),
      { numRuns: Number(process.env.UPSCRIPT_FUZZ_RUNS ?? 500) },
    );
  });
});

// ---- language-configuration.json ----

interface LanguageConfiguration {
  comments?: { lineComment?: string; blockComment?: unknown };
  wordPattern: string;
  autoClosingPairs?: unknown[];
  brackets?: unknown[];
}

const languageConfiguration = JSON.parse(readFileSync(join(root, "language-configuration.json"), "utf8")) as LanguageConfiguration;

/** The word around `column`, found the way VS Code does: the wordPattern match that encloses it. */
function wordAt(line: string, column: number): string | undefined {
  const pattern = new RegExp(languageConfiguration.wordPattern, "g");
  for (const m of line.matchAll(pattern)) {
    if (m.index <= column && column <= m.index + m[0].length) return m[0];
  }
  return undefined;
}

describe("language-configuration.json", () => {
  it("has '#' line comments, no block comments and nothing that closes by itself", () => {
    expect(languageConfiguration.comments).toEqual({ lineComment: "#" });
    expect(languageConfiguration.autoClosingPairs ?? []).toEqual([]);
    expect(languageConfiguration.brackets ?? []).toEqual([]);
  });

  it.each<[string, string]>([
    [SCFG, "http://10.0.0.5/b/#h-#bn.txt"],
    ["mod cmd UP0 scfg http://10.0.0.5/b/#h-#bn.txt no-op 1", "http://10.0.0.5/b/#h-#bn.txt"],
    ["mod cmd UP0 cfg https://user@h:8443/c/x.txt?user=a&pwd=b,c#d ser 1", "https://user@h:8443/c/x.txt?user=a&pwd=b,c#d"],
    ["mod cmd UP1 times /allow 23,0,1", "/allow"],
    ["mod cmd UP0 prot http://h/ ireset 04-5656", "04-5656"],
    ["mod cmd UP0 prot http://h/ no-op 13-138765", "no-op"],
    ["# #bn cycles through the slots", "#bn"],
    ["mod cmd WLANMGR0 activate-pwr", "activate-pwr"],
  ])("keeps a whole word: %s → %s", (line, word) => {
    const at = line.indexOf(word);
    for (const column of [at, at + 1, at + word.length - 1, at + word.length]) expect(wordAt(line, column)).toBe(word);
  });

  it("separates the hours of an /allow list at commas", () => {
    const line = "mod cmd UP1 times /allow 23,0,1 /initial 6";
    const list = line.indexOf("23,0,1");
    expect(wordAt(line, list)).toBe("23");
    expect(wordAt(line, list + 3)).toBe("0");
    expect(wordAt(line, list + 5)).toBe("1");
    expect([..."23,0,1".matchAll(new RegExp(languageConfiguration.wordPattern, "g"))].map((m) => m[0])).toEqual(["23", "0", "1"]);
  });

  it("never matches an empty string", () => {
    expect(new RegExp(languageConfiguration.wordPattern).test("")).toBe(false);
  });
});

// ---- snippets ----

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

const snippets = JSON.parse(readFileSync(join(root, "snippets", "upscript.code-snippets"), "utf8")) as Record<string, Snippet>;

const VARIABLES: Record<string, string> = { CURRENT_YEAR: "2026", CURRENT_MONTH: "11", CURRENT_DATE: "20" };

/**
 * Expands VS Code snippet syntax: placeholders become their default, choice `n` of each choice
 * list is taken (the last one when a list is shorter), tab stops vanish, variables get sample
 * values. Throws on anything it cannot read, so a malformed body fails the test.
 */
function expandSnippet(body: string, choice = 0, choices: string[][] = []): string {
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${pos} in ${JSON.stringify(body)}`);
  };
  const parse = (stop: string): string => {
    let out = "";
    while (pos < body.length) {
      const c = body[pos]!;
      if (stop.includes(c)) return out;
      if (c === "\\") {
        out += body[pos + 1] ?? "";
        pos += 2;
      } else if (c === "$") {
        out += dollar();
      } else {
        out += c;
        pos++;
      }
    }
    if (stop !== "") fail(`missing '${stop}'`);
    return out;
  };
  const dollar = (): string => {
    pos++;
    const simple = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(body.slice(pos));
    if (simple) {
      pos += simple[0].length;
      return value(simple[0], undefined);
    }
    if (body[pos] !== "{") fail("'$' must start a tab stop, placeholder or variable");
    pos++;
    const name = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(body.slice(pos))?.[0] ?? fail("missing name");
    pos += name.length;
    if (body[pos] === "}") {
      pos++;
      return value(name, undefined);
    }
    if (body[pos] === ":") {
      pos++;
      const inner = parse("}");
      pos++;
      return value(name, inner);
    }
    if (body[pos] === "|") {
      pos++;
      const options: string[] = [];
      let current = "";
      while (body[pos] !== "|") {
        if (pos >= body.length) fail("unterminated choice");
        if (body[pos] === "\\") {
          current += body[pos + 1];
          pos += 2;
        } else if (body[pos] === ",") {
          options.push(current);
          current = "";
          pos++;
        } else current += body[pos++];
      }
      options.push(current);
      pos++;
      if (body[pos] !== "}") fail("choice must end with '|}'");
      pos++;
      choices.push(options);
      return options[Math.min(choice, options.length - 1)]!;
    }
    return fail("unexpected character after the name");
  };
  const value = (name: string, fallback: string | undefined): string => {
    if (/^\d+$/.test(name)) return fallback ?? "";
    const known = VARIABLES[name];
    if (known === undefined) fail(`unknown variable ${name}`);
    return known!;
  };
  return parse("");
}

const bodyOf = (snippet: Snippet) => (Array.isArray(snippet.body) ? snippet.body.join("\n") : snippet.body);
const prefixesOf = (snippet: Snippet) => (Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix]);

describe("snippets/upscript.code-snippets", () => {
  const entries = Object.entries(snippets);

  it("has the usual scripts, each with prefix, body and description", () => {
    expect(entries.length).toBeGreaterThanOrEqual(5);
    for (const [name, snippet] of entries) {
      expect(Object.keys(snippet).sort(), name).toEqual(["body", "description", "prefix"]);
      expect(prefixesOf(snippet).length, name).toBeGreaterThan(0);
      for (const prefix of prefixesOf(snippet)) expect(prefix, name).toMatch(/^up-[a-z0-9-]+$/);
      expect(bodyOf(snippet).trim(), name).not.toBe("");
      expect(snippet.description.length, name).toBeGreaterThan(20);
    }
    const prefixes = entries.flatMap(([, s]) => prefixesOf(s));
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const wanted of ["up-night-firmware", "up-backup", "up-cfg", "up-dect", "up-ip72"]) expect(prefixes).toContain(wanted);
  });

  it("offers only final commands (or, in a directive, rule ids) as choices", () => {
    for (const [name, snippet] of entries) {
      const choices: string[][] = [];
      expandSnippet(bodyOf(snippet), 0, choices);
      for (const options of choices) {
        const directive = bodyOf(snippet).startsWith("# upscript-disable");
        for (const option of options) {
          if (directive) expect(isRuleId(option), `${name}: ${option}`).toBe(true);
          else expect(FINAL_WORDS as readonly string[], `${name}: ${option}`).toContain(option);
        }
      }
    }
  });

  it.each(entries)("%s lints without errors with every choice", (_name, snippet) => {
    const choices: string[][] = [];
    expandSnippet(bodyOf(snippet), 0, choices);
    const widest = Math.max(1, ...choices.map((c) => c.length));
    for (let choice = 0; choice < widest; choice++) {
      const text = expandSnippet(bodyOf(snippet), choice);
      expect(text).not.toMatch(/\$/);
      const errors = lint(text).filter((d) => d.severity === "error");
      expect(errors.map((d) => `${d.rule}: ${d.message}`), text).toEqual([]);
    }
  });

  it("expands the placeholders the way the test reads them", () => {
    expect(expandSnippet("a ${1:b ${2:c}} ${3|x,y|} $0 \\$ ${CURRENT_YEAR}-$CURRENT_MONTH", 1)).toBe("a b c y  $ 2026-11");
  });
});
