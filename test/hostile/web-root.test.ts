/**
 * The web root is a boundary: a URL under a declared prefix names a file only when every decoded
 * segment is a plain name and the real path (symbolic links resolved) lies inside the declared
 * folder. Everything else is refused: not read, not linted, not linked, not rewritten, not probed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join, sep } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@upscript/language";
import type { LoadedConfig } from "../../server/src/node/config-files.js";
import { WebRootFiles, locate } from "../../server/src/node/web-root.js";
import { cliPath, runCli } from "../helpers/cli.js";
import { tempDir, writeTree } from "../cli/tmp.js";
import { inProcessClient } from "../lsp/harness.js";

const SECRET = "TOP-SECRET-OUTSIDE-THE-WEB-ROOT";

/** A project with a web root at ./webroot and a secret file beside the project. */
function project(name: string) {
  const outer = tempDir(name);
  writeTree(outer, { "secret.txt": `config change SECRET0 /value ${SECRET}\n`, "secrets/key.txt": `${SECRET}\n` });
  const root = join(outer, "project");
  writeTree(root, {
    ".upscriptrc.json": JSON.stringify({ server: { "http://10.0.0.1/": "./webroot" } }),
    "webroot/cfg/site.txt": "config change NTP0 /addr 10.0.0.1\n",
  });
  return { outer, root, webroot: join(root, "webroot") };
}

function loadedFor(root: string): LoadedConfig {
  const { config } = parseConfig(readFileSync(join(root, ".upscriptrc.json"), "utf8"));
  return { config, path: join(root, ".upscriptrc.json"), directory: root, problems: [] };
}

/** Ways to climb out of the web root with `..`, however encoded. */
const CLIMBS = [
  ["encoded slash", "..%2f..%2f..%2fsecret.txt"],
  ["encoded slash, upper case", "..%2F..%2F..%2Fsecret.txt"],
  ["Windows backslash", "..%5c..%5c..%5csecret.txt"],
  ["raw backslash", "..\\..\\secret.txt"],
  ["encoded dots", "%2e%2e/%2e%2e/secret.txt"],
  ["mixed dots", ".%2e/.%2E/secret.txt"],
  ["raw dot-dot", "../../secret.txt"],
  ["double-encoded slash", "..%252f..%252f..%252fsecret.txt"],
  ["double-encoded dots", "%252e%252e/%252e%252e/secret.txt"],
  ["NUL byte", "cfg/site.txt%00.bin"],
  ["dot segment", "./cfg/site.txt"],
] as const;

describe("URLs that climb out of the web root are refused", () => {
  const { root } = project("climb");
  const loaded = loadedFor(root);
  it.each(CLIMBS)("%s: %s", (_, path) => {
    const where = locate(`http://10.0.0.1/${path}`, loaded);
    expect(where.kind).toBe("refused");
  });

  it("a plain path inside maps to its file, and percent-encoded names decode", () => {
    writeTree(root, { "webroot/cfg/a b.txt": "config write\n" });
    expect(locate("http://10.0.0.1/cfg/site.txt", loaded)).toMatchObject({ kind: "inside", shown: "webroot/cfg/site.txt" });
    expect(locate("http://10.0.0.1/cfg/a%20b.txt", loaded)).toMatchObject({ kind: "inside", shown: "webroot/cfg/a b.txt" });
    expect(locate("http://10.0.0.2/cfg/site.txt", loaded)).toEqual({ kind: "unmapped" });
  });
});

describe("symbolic links out of the web root are refused", () => {
  const { outer, root, webroot } = project("links");
  const loaded = loadedFor(root);
  symlinkSync(join(outer, "secret.txt"), join(webroot, "file-out.txt"));
  symlinkSync(join(outer, "secrets"), join(webroot, "dir-out"));
  // A chain: a → b → the secret.
  symlinkSync(join(outer, "secret.txt"), join(webroot, "chain-b.txt"));
  symlinkSync(join(webroot, "chain-b.txt"), join(webroot, "chain-a.txt"));
  symlinkSync(join(outer, "nowhere.txt"), join(webroot, "dangling-out.txt"));
  symlinkSync(join(webroot, "cfg", "site.txt"), join(webroot, "inside.txt"));
  symlinkSync("/dev/zero", join(webroot, "zero.txt"));

  it.each([
    ["a file link out", "file-out.txt"],
    ["a folder link out", "dir-out/key.txt"],
    ["a chain of links out", "chain-a.txt"],
    ["a missing file below a folder link out", "dir-out/missing.txt"],
    ["/dev/zero through a link", "zero.txt"],
  ])("%s", (_, path) => {
    expect(locate(`http://10.0.0.1/${path}`, loaded).kind).toBe("refused");
  });

  it("a link inside the web root is followed", () => {
    expect(locate("http://10.0.0.1/inside.txt", loaded)).toMatchObject({ kind: "inside", realPath: realpathSync(join(webroot, "cfg", "site.txt")) });
  });

  it("a dangling link is missing, not probed outside", () => {
    const where = locate("http://10.0.0.1/dangling-out.txt", loaded);
    expect(where.kind === "refused" || (where.kind === "inside" && where.realPath === undefined)).toBe(true);
  });

  it("the resolver never reads a refused file", () => {
    const resolve = new WebRootFiles().resolver(loaded);
    for (const path of ["file-out.txt", "dir-out/key.txt", "chain-a.txt", "zero.txt", "..%2fsecret.txt"]) {
      const file = resolve(`http://10.0.0.1/${path}`);
      expect(file.kind, path).toBe("refused");
      expect(JSON.stringify(file)).not.toContain(SECRET);
    }
  });
});

describe("the command line keeps to the web root", () => {
  function attack(name: string) {
    const p = project(name);
    symlinkSync(join(p.outer, "secret.txt"), join(p.webroot, "cfg", "linked.txt"));
    writeTree(p.webroot, {
      "update-ip232.htm": [
        "mod cmd UP0 cfg http://10.0.0.1/..%2f..%2fsecret.txt no-op 1",
        "mod cmd UP0 cfg http://10.0.0.1/%2e%2e/%2e%2e/secret.txt no-op 2",
        "mod cmd UP0 cfg http://10.0.0.1/cfg/linked.txt  no-op 3",
        "",
      ].join("\n"),
    });
    return p;
  }

  it("dry-run does not print the outside file, in text or JSON", () => {
    const { root } = attack("cli-dry");
    for (const format of ["text", "json"]) {
      const run = runCli(["dry-run", "webroot/update-ip232.htm", "--at", "2026-11-20T10:00", "-f", format], { cwd: root });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).not.toContain(SECRET);
      expect(run.stdout).toContain("is not looked up in the web root");
    }
  });

  it("lint does not lint the outside file, and --fix does not rewrite it", () => {
    const { outer, root } = attack("cli-lint");
    // A fixable problem in the secret file: --fix would rewrite it if it were linted.
    writeFileSync(join(outer, "secret.txt"), `mod cmd UP1 times /allow 1,1\n# ${SECRET}\n`);
    const before = readFileSync(join(outer, "secret.txt"), "utf8");
    const run = runCli(["lint", "webroot", "--fix", "-f", "json"], { cwd: root });
    expect(run.stdout).not.toContain("secret.txt\"");
    expect(run.stdout).not.toContain(SECRET);
    expect(readFileSync(join(outer, "secret.txt"), "utf8")).toBe(before);
    const files = (JSON.parse(run.stdout) as { file: string }[]).map((r) => r.file);
    expect(files).toEqual(["webroot/update-ip232.htm"]);
  });

  it("missing-file does not answer whether an outside path exists", () => {
    const { root } = attack("cli-probe");
    writeTree(root, { "webroot/update-ip232.htm": "mod cmd UP0 cfg http://10.0.0.1/..%2f..%2fsecret.txt ser 1\nmod cmd UP0 cfg http://10.0.0.1/..%2f..%2fnot-there.txt ser 2\n" });
    const run = runCli(["lint", "webroot/update-ip232.htm", "-f", "gcc"], { cwd: root });
    const messages = run.stdout.split("\n").filter((l) => l.includes("missing-file"));
    expect(messages).toHaveLength(2);
    // Both get the same answer: nothing tells the existing file from the missing one.
    expect(messages[0]!.replaceAll("secret", "X").replace(/:1:/, ":N:")).toBe(messages[1]!.replaceAll("not-there", "X").replace(/:2:/, ":N:"));
  });
});

describe("the language server keeps to the web root", () => {
  it("offers no link and no definition to a file outside", async () => {
    const { outer, root, webroot } = project("lsp");
    symlinkSync(join(outer, "secret.txt"), join(webroot, "cfg", "linked.txt"));
    const script = join(webroot, "update-ip232.htm");
    const text = "mod cmd UP0 cfg http://10.0.0.1/..%2f..%2fsecret.txt ser 1\nmod cmd UP0 cfg http://10.0.0.1/cfg/linked.txt ser 2\nmod cmd UP0 cfg http://10.0.0.1/cfg/site.txt ser 3\n";
    writeFileSync(script, text);
    const client = inProcessClient({ scanLimits: { maxFiles: 100, maxMillis: 2000 } });
    try {
      await client.initialize(root);
      const uri = pathToFileURL(script).href;
      client.open(uri, text);
      await client.waitForDiagnostics(uri);
      const links = await client.request<{ target: string }[]>("textDocument/documentLink", { textDocument: { uri } });
      expect(links.map((l) => l.target)).toEqual([pathToFileURL(join(webroot, "cfg", "site.txt")).href]);
      for (const line of [0, 1]) {
        expect(await client.request("textDocument/definition", { textDocument: { uri }, position: { line, character: 20 } })).toBeNull();
      }
      expect(await client.request("textDocument/definition", { textDocument: { uri }, position: { line: 2, character: 20 } })).not.toBeNull();
    } finally {
      client.dispose();
    }
  });
});

describe("property: every URL is either inside the web root or refused", () => {
  const { outer, root, webroot } = project("fuzz");
  const loaded = loadedFor(root);
  mkdirSync(join(webroot, "a", "b"), { recursive: true });
  symlinkSync(join(outer, "secrets"), join(webroot, "a", "out"));
  symlinkSync(join(webroot, "a", "b"), join(webroot, "in"));
  const realRoot = realpathSync(webroot);
  const pieces = ["a", "b", "in", "out", "key.txt", ".", "..", "%2e", "%2E", "%2e%2e", ".%2e", "%2f", "%2F", "%5c", "%5C", "\\", "/", "//", "%252e", "%252f", "%25", "%00", "%", "%zz", "%c0%ae", "x%20y", "~", "cfg", "site.txt"];
  it("holds for random paths of encodings, dots, slashes and backslashes", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), fc.array(fc.constantFrom("", "/"), { maxLength: 12 }), (parts, seps) => {
        const path = parts.map((p, i) => p + (seps[i] ?? "")).join("");
        const where = locate(`http://10.0.0.1/${path}`, loaded);
        if (where.kind === "refused") return true;
        expect(where.kind).toBe("inside");
        if (where.kind !== "inside") return false;
        expect(where.fsPath === webroot || where.fsPath.startsWith(webroot + sep), where.fsPath).toBe(true);
        if (where.realPath !== undefined) expect(where.realPath === realRoot || where.realPath.startsWith(realRoot + sep), where.realPath).toBe(true);
        return true;
      }),
      { numRuns: Number(process.env.UPSCRIPT_FUZZ_RUNS ?? 2000) },
    );
  });
});

describe("special files and large files reached through the web root", () => {
  it("a FIFO cfg target is a finding, not a hang", () => {
    const { root, webroot } = project("fifo-target");
    execFileSync("mkfifo", [join(webroot, "cfg", "pipe.txt")]);
    writeTree(webroot, { "update-ip232.htm": "mod cmd UP0 cfg http://10.0.0.1/cfg/pipe.txt ser 1\n" });
    const started = Date.now();
    const run = runCli(["lint", "webroot", "-f", "gcc"], { cwd: root });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.stdout).toContain("cannot be read from the web root (webroot/cfg/pipe.txt: is a named pipe (FIFO), not a regular file)");
    const dry = runCli(["dry-run", "webroot/update-ip232.htm", "--at", "2026-11-20T10:00"], { cwd: root });
    expect(dry.stdout).toContain("failed(403)");
  });

  it("/dev/zero as the web root folder's file is a finding, not 8 GB", () => {
    const dir = tempDir("dev-root");
    writeTree(dir, { ".upscriptrc.json": JSON.stringify({ server: { "http://10.0.0.1/": "/dev" } }), "update-ip232.htm": "mod cmd UP0 cfg http://10.0.0.1/zero ser 1\n" });
    const run = runCli(["lint", "update-ip232.htm", "-f", "gcc"], { cwd: dir });
    expect(run.stdout).toContain("is a character device, not a regular file");
    const dry = runCli(["dry-run", "update-ip232.htm", "--at", "2026-11-20T10:00"], { cwd: dir });
    expect(dry.code).toBe(0);
  });

  it("a FIFO .upscriptrc.json in a subfolder: lint . names it and goes on, no hang", () => {
    const dir = tempDir("fifo-config");
    writeTree(dir, { ".git/HEAD": "", "site/update-ip232.htm": "mod cmd UP1 poll\n", "other/update-ip232.htm": "mod cmd UP1 poll\n" });
    execFileSync("mkfifo", [join(dir, "site", ".upscriptrc.json")]);
    const started = Date.now();
    const run = runCli(["lint", "."], { cwd: dir });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("site/.upscriptrc.json': is a named pipe (FIFO), not a regular file");
  });

  it("a .upscriptrc.json that is a link to /dev/zero: a configuration error, not 8 GB", () => {
    const dir = tempDir("zero-config");
    writeTree(dir, { ".git/HEAD": "", "update-ip232.htm": "mod cmd UP1 poll\n" });
    symlinkSync("/dev/zero", join(dir, ".upscriptrc.json"));
    const started = Date.now();
    const run = runCli(["lint", "update-ip232.htm"], { cwd: dir });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is a character device, not a regular file");
  });

  it.each([
    ["--fleet /dev/zero", ["simulate", "update-ip232.htm", "--fleet", "/dev/zero", "--days", "1"]],
    ["a script named /dev/zero", ["lint", "/dev/zero"]],
    ["dry-run of /dev/zero", ["dry-run", "/dev/zero", "--device", "IP232"]],
  ])("%s: exit 2 with a clear message, quickly", (_, args) => {
    const dir = tempDir("dev-zero");
    writeTree(dir, { "update-ip232.htm": "mod cmd UP1 poll\n" });
    const started = Date.now();
    const run = runCli(args, { cwd: dir });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is a character device, not a regular file");
  });

  it("one 3.9 MB cfg file loaded by 100 lines: read and parsed once, the dry-run's listing capped", () => {
    const { root, webroot } = project("big-cfg");
    writeTree(webroot, {
      "cfg/big.txt": "config change NTP0 /addr 10.0.0.1\n".repeat(Math.floor((3.9 * 2 ** 20) / 34)),
      "update-ip232.htm": Array.from({ length: 100 }, (_, i) => `mod cmd UP0 cfg http://10.0.0.1/cfg/big.txt ser S${i}`).join("\n") + "\n",
    });
    const started = Date.now();
    const lint = runCli(["lint", "webroot/update-ip232.htm", "-f", "json"], { cwd: root });
    const lintSeconds = (Date.now() - started) / 1000;
    expect(lint.code, lint.stderr).toBeLessThan(2);
    expect(lintSeconds).toBeLessThan(10);
    const dry = spawnSync(process.execPath, [cliPath, "dry-run", "webroot/update-ip232.htm", "--at", "2026-11-20T10:00", "-f", "json"], { cwd: root, encoding: "utf8", maxBuffer: 256 * 2 ** 20 });
    expect(dry.status, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as { configApplied: { text: string }[] };
    // All 100 lines load the file (ser restarts nothing); the listing stops at max-shown-config-lines in all.
    expect(plan.configApplied.filter((c) => c.text.startsWith("config change"))).toHaveLength(500);
    expect(plan.configApplied.filter((c) => c.text === "config write")).toHaveLength(100);
    expect(plan.configApplied.at(-2)!.text).toMatch(/^\(\d+ more lines not listed: limit max-shown-config-lines\)$/);
    expect(dry.stdout.length).toBeLessThan(2 * 2 ** 20);
  });

  it("the cfg targets of one script are capped in all (max-cfg-bytes-per-script)", () => {
    const { root, webroot } = project("budget");
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`cfg/part${i}.txt`] = "config change NTP0 /addr 10.0.0.1\n".repeat(Math.floor((3.5 * 2 ** 20) / 34));
    files["update-ip232.htm"] = Array.from({ length: 6 }, (_, i) => `mod cmd UP0 cfg http://10.0.0.1/cfg/part${i}.txt ser S${i}`).join("\n") + "\n";
    writeTree(webroot, files);
    const run = runCli(["lint", "webroot/update-ip232.htm", "-f", "gcc"], { cwd: root });
    expect(run.stdout).toContain("limit max-cfg-bytes-per-script");
    expect(run.stdout.match(/max-cfg-bytes-per-script/g)).toHaveLength(2);
  });
});


