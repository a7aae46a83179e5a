/**
 * The language core stays pure: grammar/ and server/src/language/ import neither the LSP
 * libraries nor anything that does I/O, reach into neither the node, LSP nor CLI layers, and
 * never use the `process` global. grammar/ imports nothing of server/. Only server/src/lsp/
 * imports vscode-languageserver. Source comments cite the project's docs/ only.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)|^import\s*["']([^"']+)["']/gm)];
  return specifiers.map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]!);
}

/**
 * The code of a source file split into its code and its comments; string and template texts
 * are dropped from both (the `${…}` inside a template is code). Regex literals are recognised
 * after the tokens that can precede an expression, well enough for this repository's sources.
 */
export function splitSource(text: string): { code: string; comments: string[] } {
  let code = "";
  const comments: string[] = [];
  const braces: number[] = [];
  let i = 0;
  let lastSignificant = "";
  const regexCanStart = () => lastSignificant === "" || /[(,=:[!&|?{};+\-*%<>~^]$/.test(lastSignificant) || /\b(return|typeof|case|in|of|void|yield|await)$/.test(code.trimEnd());
  const skipString = (quote: string) => {
    i++;
    while (i < text.length && text[i] !== quote && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
    i++;
  };
  /** Skips template text up to its end or to a `${`; true when an expression starts. */
  const skipTemplate = (): boolean => {
    while (i < text.length) {
      const c = text[i]!;
      if (c === "\\") i += 2;
      else if (c === "`") {
        i++;
        return false;
      } else if (c === "$" && text[i + 1] === "{") {
        i += 2;
        return true;
      } else i++;
    }
    return false;
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      const end = text.indexOf("\n", i);
      comments.push(text.slice(i, end < 0 ? text.length : end));
      i = end < 0 ? text.length : end;
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      comments.push(text.slice(i, end < 0 ? text.length : end + 2));
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"' || c === "'") {
      skipString(c);
      code += '""';
      lastSignificant = '"';
    } else if (c === "`") {
      i++;
      code += "``";
      lastSignificant = "`";
      if (skipTemplate()) braces.push(0);
    } else if (c === "/" && regexCanStart()) {
      // A regex literal: up to the closing slash outside a character class.
      let inClass = false;
      i++;
      while (i < text.length && text[i] !== "\n") {
        const r = text[i]!;
        if (r === "\\") i++;
        else if (r === "[") inClass = true;
        else if (r === "]") inClass = false;
        else if (r === "/" && !inClass) break;
        i++;
      }
      i++;
      while (i < text.length && /[a-z]/.test(text[i]!)) i++;
      code += "/regex/";
      lastSignificant = "/";
    } else {
      if (braces.length && c === "{") braces[braces.length - 1]!++;
      if (braces.length && c === "}") {
        if (braces[braces.length - 1] === 0) {
          braces.pop();
          i++;
          if (skipTemplate()) braces.push(0);
          lastSignificant = "`";
          continue;
        }
        braces[braces.length - 1]!--;
      }
      code += c;
      if (!/\s/.test(c)) lastSignificant = c;
      i++;
    }
  }
  return { code, comments };
}

/** Uses of the `process` global (not `x.process`, not a key `process:`). */
export function processUses(code: string): number {
  return [...code.matchAll(/(?<![.\w$])process(?![\w$])(?!\s*:)/g)].length;
}

/** Files cited in comments that are not the project's docs/: `semantics.md`, `../shared/…`, `README.md`. */
export function foreignCitations(comments: readonly string[]): string[] {
  const found: string[] = [];
  for (const comment of comments) {
    for (const m of comment.matchAll(/(?<![\w./-])([\w./-]*\w\.md)\b/g)) if (!m[1]!.startsWith("docs/")) found.push(m[1]!);
    for (const m of comment.matchAll(/\.\.\/shared\b|\bsemantics\.md\b/g)) if (!found.includes(m[0])) found.push(m[0]);
  }
  return found;
}

const FORBIDDEN_IN_CORE = [
  /^vscode(-languageserver.*|-languageclient.*|-jsonrpc)?$/,
  /^(node:)?(fs|fs\/promises|child_process|net|http|https|worker_threads|readline|os|process)$/,
];

describe("layering", () => {
  const core = [...sources(join(root, "grammar", "src")), ...sources(join(root, "server", "src", "language"))];

  it("finds the core sources", () => expect(core.length).toBeGreaterThan(5));

  it("the core imports no LSP library and no I/O module", () => {
    const offenders = core.flatMap((file) =>
      importsOf(file)
        .filter((spec) => FORBIDDEN_IN_CORE.some((re) => re.test(spec)))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("the core does not reach into the LSP adapter, the CLI or the node I/O layer", () => {
    const outside = ["node", "lsp", "cli"].map((layer) => join(root, "server", "src", layer) + sep);
    const offenders = core.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /(^|\/)(lsp|cli|node)(\/|$)/.test(spec) || (spec.startsWith(".") && outside.some((dir) => resolve(dirname(file), spec).startsWith(dir))))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("grammar/ imports nothing of server/", () => {
    const server = join(root, "server") + sep;
    const offenders = sources(join(root, "grammar", "src")).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith("@upscript/language") || (spec.startsWith(".") && resolve(dirname(file), spec).startsWith(server)))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("the core and the grammar never use the process global", () => {
    const offenders = core.filter((file) => processUses(splitSource(readFileSync(file, "utf8")).code) > 0).map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });

  it("source comments cite the project's docs/ only", () => {
    const all = [...sources(join(root, "grammar", "src")), ...sources(join(root, "server", "src")), ...sources(join(root, "client", "src"))];
    const offenders = all.flatMap((file) => foreignCitations(splitSource(readFileSync(file, "utf8")).comments).map((cited) => `${relative(root, file)} cites ${cited}`));
    expect(offenders).toEqual([]);
  });

  it("only server/src/lsp imports vscode-languageserver", () => {
    const all = [...sources(join(root, "server", "src")), ...sources(join(root, "grammar", "src"))];
    const offenders = all
      .filter((file) => !relative(root, file).startsWith(join("server", "src", "lsp")))
      .flatMap((file) => importsOf(file).filter((spec) => spec.startsWith("vscode-languageserver")).map((spec) => `${relative(root, file)} imports ${spec}`));
    expect(offenders).toEqual([]);
  });

  it("the extension takes from server/ only the protocol and core modules, and the protocol only types", () => {
    const server = join(root, "server", "src") + sep;
    const protocol = join(root, "server", "src", "lsp", "protocol.ts");
    const offenders = sources(join(root, "client", "src")).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith(".") && resolve(dirname(file), spec).startsWith(server))
        .map((spec) => resolve(dirname(file), spec).replace(/\.js$/, ".ts"))
        .filter((target) => target !== protocol && !target.startsWith(join(root, "server", "src", "language") + sep))
        .map((target) => `${relative(root, file)} imports ${relative(root, target)}`),
    );
    expect(offenders).toEqual([]);
    const text = readFileSync(protocol, "utf8");
    const imports = [...text.matchAll(/^import\s+(type\s+)?/gm)];
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((m) => !m[1])).toEqual([]);
  });

  it("detects a forbidden import (self-check of the scanner)", () => {
    expect(importsOf(join(root, "server", "src", "node", "bounded-read.ts"))).toContain("node:fs");
  });

  it("finds process uses and foreign citations, not their look-alikes (self-check of the scanner)", () => {
    const sample = [
      "// process.env in a comment, see docs/dry-run.md and ../shared/semantics.md",
      'const a = "process.env";',
      "const b = `${process.env.X} process`;",
      "const c = /process\\/\"/.test(x) && y.process && { process: 1 };",
      "/* README.md */ if (typeof process !== 'undefined') run();",
    ].join("\n");
    const split = splitSource(sample);
    expect(processUses(split.code)).toBe(2);
    expect(foreignCitations(split.comments)).toEqual(["../shared/semantics.md", "../shared", "semantics.md", "README.md"]);
  });
});
