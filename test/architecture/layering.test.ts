/**
 * The language core stays pure: grammar/ and server/src/language/ import neither the LSP
 * libraries nor anything that does I/O. Only server/src/lsp/ imports vscode-languageserver.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
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
  const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g)];
  return specifiers.map((m) => m[1] ?? m[2] ?? m[3]!);
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

  it("the core does not reach into the LSP adapter or the CLI", () => {
    const offenders = core.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /(^|\/)(lsp|cli)(\/|$)/.test(spec))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("only server/src/lsp imports vscode-languageserver", () => {
    const all = [...sources(join(root, "server", "src")), ...sources(join(root, "grammar", "src"))];
    const offenders = all
      .filter((file) => !relative(root, file).startsWith(join("server", "src", "lsp")))
      .flatMap((file) => importsOf(file).filter((spec) => spec.startsWith("vscode-languageserver")).map((spec) => `${relative(root, file)} imports ${spec}`));
    expect(offenders).toEqual([]);
  });

  it("detects a forbidden import (self-check of the scanner)", () => {
    expect(importsOf(join(root, "server", "src", "node", "bounded-read.ts"))).toContain("node:fs");
  });
});
