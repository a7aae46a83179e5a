/**
 * The catalog (grammar/src/catalog.ts) is the one place that spells out the dialect's commands,
 * final commands, switches and modules (docs/catalog.md). This scans the sources for code that
 * decides by such a name instead of by the catalog's data: a comparison of a name-like value
 * (`.id`, `.verb`, `.final`, `.name`, `.text`, `.word`, `.module`) with one of them, a `case` of a
 * switch over such a value, a list of two or more of them, and `endsWith("n")` for the final
 * commands that restart only if required. Rules are exempt (a rule is about its commands: adding
 * a command is one catalog entry plus its rules and tests), and so is the catalog itself; any
 * other exception must be listed below with its reason.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS, FINAL_WORDS } from "@upscript/grammar";

const root = join(import.meta.dirname, "..", "..");

/** Folders whose files may name commands: the rules. */
const EXEMPT_FOLDERS = ["server/src/language/rules/"];

/** Files (relative to the repository root) and the names they may use, with the reason. */
const ALLOWED: Readonly<Record<string, { readonly names: readonly string[]; readonly reason: string }>> = {
  "grammar/src/catalog.ts": { names: ["*"], reason: "the catalog itself: the one place that spells the dialect out" },
};

const NAMES = [...new Set([...COMMANDS.flatMap((c) => [c.id, c.verb, c.module, ...c.switches.map((s) => s.name)]), ...FINAL_WORDS])];
const NAME = NAMES.map((n) => n.replace(/[/\-]/g, "\\$&")).join("|");
const SUBJECT = String.raw`(?:\b(?:id|verb|final|name|text|word|module)\b|\.(?:id|verb|final|name|text|word|module)\b)`;

const PATTERNS: readonly { readonly what: string; readonly re: RegExp }[] = [
  { what: "comparison with a name", re: new RegExp(String.raw`${SUBJECT}[?!]?\s*[!=]==?\s*(["'\`])(${NAME})\1`, "g") },
  { what: "comparison with a name", re: new RegExp(String.raw`(["'\`])(${NAME})\1\s*[!=]==?\s*[\w.?]*${SUBJECT}`, "g") },
  { what: "list of names", re: new RegExp(String.raw`\[\s*(["'])(${NAME})\1\s*,\s*(["'])(?:${NAME})\3`, "g") },
  { what: "endsWith(\"n\")", re: /\.endsWith\((["'])(n)\1\)/g },
];

/** `case "x":` lines inside `switch (… .id|.verb|… )` blocks. */
function switchCases(text: string): { index: number; name: string }[] {
  const found: { index: number; name: string }[] = [];
  const switchRe = new RegExp(String.raw`switch\s*\(([^)]*${SUBJECT}[^)]*)\)\s*\{`, "g");
  for (const m of text.matchAll(switchRe)) {
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    while (i < text.length && depth > 0) {
      if (text[i] === "{") depth++;
      else if (text[i] === "}") depth--;
      i++;
    }
    for (const c of text.slice(start, i).matchAll(new RegExp(String.raw`\bcase\s+(["'])(${NAME})\1\s*:`, "g"))) found.push({ index: start + c.index, name: c[2]! });
  }
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [path] : [];
  });
}

/** Comments are prose: blanked out (keeping offsets) before the scan. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|(?<![:"'`\\])\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, " "));
}

function findings(): string[] {
  const out: string[] = [];
  for (const path of [...sources(join(root, "server", "src")), ...sources(join(root, "grammar", "src"))]) {
    const file = relative(root, path).split("\\").join("/");
    if (EXEMPT_FOLDERS.some((f) => file.startsWith(f))) continue;
    const allowed = ALLOWED[file]?.names ?? [];
    if (allowed.includes("*")) continue;
    const text = withoutComments(readFileSync(path, "utf8"));
    const lineOf = (index: number) => text.slice(0, index).split("\n").length;
    const hits = [
      ...PATTERNS.flatMap(({ what, re }) => [...text.matchAll(re)].map((m) => ({ index: m.index, name: m[2]!, what }))),
      ...switchCases(text).map((c) => ({ ...c, what: "case of a switch over a name" })),
    ];
    for (const hit of hits) if (!allowed.includes(hit.name)) out.push(`${file}:${lineOf(hit.index)}: ${hit.what} '${hit.name}'`);
  }
  return out.sort();
}

describe("the catalog is the one source of the dialect", () => {
  it("no code outside the catalog and the rules decides by a command, final, switch or module name", () => {
    expect(findings()).toEqual([]);
  });

  it("every exception names a file that exists, a reason, and is still needed", () => {
    for (const [file, { names, reason }] of Object.entries(ALLOWED)) {
      expect(statSync(join(root, file)).isFile(), file).toBe(true);
      expect(reason.length, file).toBeGreaterThan(20);
      if (names.includes("*")) continue;
      // An exception that nothing uses any more is taken out.
      const text = withoutComments(readFileSync(join(root, file), "utf8"));
      for (const name of names) expect(text.includes(`"${name}"`), `${file}: ${name}`).toBe(true);
    }
  });

  it("the scan finds what it looks for", () => {
    const sample = 'if (line.id === "prot") x(); if (spec.final?.endsWith("n")) y(); const v = ["ireset", "reset"]; switch (line.verb.text) { case "scfg": break; }';
    const kinds = [...PATTERNS.flatMap(({ re }) => [...sample.matchAll(re)].map((m) => m[2])), ...switchCases(sample).map((c) => c.name)];
    expect(kinds.sort()).toEqual(["ireset", "n", "prot", "scfg"]);
  });
});
