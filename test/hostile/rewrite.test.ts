/**
 * Rewriting scripts (`lint --fix`, `fmt --write`) when the file is linked, shared, owned by
 * someone else, edited meanwhile, or the process is killed mid-write: docs/security.md,
 * "Rewriting files safely". Real files in temporary folders; the CLI tests need the bundle
 * (node scripts/build.mjs).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readScript, type ScriptRead } from "../../server/src/cli/io.js";
import { identityOf } from "../../server/src/node/bounded-read.js";
import { contentHash, rewriteFile, testHooks, type FileSnapshot } from "../../server/src/node/safe-write.js";
import { cliForAnyUser, cliPath, repoRoot, runCli } from "../helpers/cli.js";

const FIXABLE = "mod cmd UP1 times /allow 1,1\n";
const FIXED = "mod cmd UP1 times /allow 1\n";
const UNFORMATTED = "mod  cmd UP1 poll\n";
const FORMATTED = "mod cmd UP1 poll\n";
const isRoot = process.getuid?.() === 0;

let top: string;
beforeAll(() => {
  top = realpathSync(mkdtempSync(join(tmpdir(), "upscript-rewrite-")));
  // Open to all, so the test that runs the CLI as another user can reach its folder.
  chmodSync(top, 0o755);
});
afterAll(() => rmSync(top, { recursive: true, force: true }));
afterEach(() => {
  delete testHooks.afterFirstChunk;
  delete testHooks.beforeReplace;
});

let count = 0;
/** A fresh folder per test, with the files given (name → content); returns its real path. */
function folder(files: Record<string, string> = {}): string {
  const dir = join(top, `t${++count}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const text = (path: string) => readFileSync(path, "utf8");
const temps = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".upscript-tmp"));

async function snapshotOf(path: string): Promise<ScriptRead & { ok: true }> {
  const read = await readScript(path);
  if (!read.ok) throw new Error(read.reason);
  return read;
}

describe("symbolic links", () => {
  it("lint --fix through a link inside the project rewrites the target and keeps the link", () => {
    const dir = folder({ "real.htm": FIXABLE });
    symlinkSync("real.htm", join(dir, "link.htm"));
    expect(runCli(["lint", "--fix", "link.htm"], { cwd: dir })).toEqual({ code: 0, stdout: "", stderr: "upscript: fixed 1 problem in 1 file\n" });
    expect(text(join(dir, "real.htm"))).toBe(FIXED);
    expect(lstatSync(join(dir, "link.htm")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.htm"))).toBe("real.htm");
    expect(temps(dir)).toEqual([]);
  });

  it("fmt --write on a link to a file outside the project: refused, exit 2, the outside file untouched", () => {
    const dir = folder({ "outside/secret.htm": UNFORMATTED, "project/keep.htm": UNFORMATTED });
    symlinkSync("../outside/secret.htm", join(dir, "project", "link.htm"));
    expect(runCli(["fmt", "--write", "link.htm", "keep.htm"], { cwd: join(dir, "project") })).toEqual({
      code: 2,
      stdout: "formatted keep.htm\n",
      stderr: `upscript: cannot write 'link.htm': it is a symbolic link to '${dir}/outside/secret.htm', outside the project ('${dir}/project'); left unchanged\n`,
    });
    expect(text(join(dir, "outside", "secret.htm"))).toBe(UNFORMATTED);
    expect(lstatSync(join(dir, "project", "link.htm")).isSymbolicLink()).toBe(true);
    expect(temps(join(dir, "outside"))).toEqual([]);
  });

  it("a chain of links is followed to its end: rewritten when the end is inside, refused when it is outside", () => {
    const dir = folder({ "project/sub/end.htm": UNFORMATTED, "outside/end.htm": UNFORMATTED });
    const project = join(dir, "project");
    symlinkSync("b.htm", join(project, "a.htm"));
    symlinkSync("sub/end.htm", join(project, "b.htm"));
    symlinkSync("y.htm", join(project, "x.htm"));
    symlinkSync("../outside/end.htm", join(project, "y.htm"));
    expect(runCli(["fmt", "--write", "a.htm", "x.htm"], { cwd: project })).toEqual({
      code: 2,
      stdout: "formatted a.htm\n",
      stderr: `upscript: cannot write 'x.htm': it is a symbolic link to '${dir}/outside/end.htm', outside the project ('${project}'); left unchanged\n`,
    });
    expect(text(join(project, "sub", "end.htm"))).toBe(FORMATTED);
    expect(text(join(dir, "outside", "end.htm"))).toBe(UNFORMATTED);
    for (const name of ["a.htm", "b.htm", "x.htm", "y.htm"]) expect(lstatSync(join(project, name)).isSymbolicLink()).toBe(true);
  });

  it("a file reached through a linked folder leading out of the project: refused, though the file itself is no link", async () => {
    const dir = folder({ "outside/update.htm": FIXABLE, "project/.keep": "" });
    const project = join(dir, "project");
    symlinkSync("../outside", join(project, "shared"));
    const file = join(project, "shared", "update.htm");
    expect(await rewriteFile(file, FIXED, { snapshot: await snapshotOf(file), roots: [project] })).toEqual({
      ok: false,
      reason: `its real path '${dir}/outside/update.htm' is outside the project ('${project}')`,
    });
    expect(text(join(dir, "outside", "update.htm"))).toBe(FIXABLE);
  });

  it("the folder of the nearest .upscriptrc.json is the project: a link to a sibling folder inside it is followed", () => {
    const dir = folder({ "project/shared/update.htm": UNFORMATTED, "project/scripts/.keep": "" });
    const project = join(dir, "project");
    symlinkSync("../shared/update.htm", join(project, "scripts", "link.htm"));
    const refused = runCli(["fmt", "--write", "scripts/link.htm"], { cwd: project });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`outside the project ('${project}/scripts')`);
    expect(text(join(project, "shared", "update.htm"))).toBe(UNFORMATTED);
    writeFileSync(join(project, ".upscriptrc.json"), "{}\n");
    expect(runCli(["fmt", "--write", "scripts/link.htm"], { cwd: project })).toEqual({ code: 0, stdout: "formatted scripts/link.htm\n", stderr: "" });
    expect(text(join(project, "shared", "update.htm"))).toBe(FORMATTED);
    expect(lstatSync(join(project, "scripts", "link.htm")).isSymbolicLink()).toBe(true);
  });
});

describe("owner, group and mode", () => {
  it.runIf(isRoot)("owner, group and mode 0640 of another user's file are kept (run as root)", () => {
    const dir = folder({ "update.htm": FIXABLE });
    const file = join(dir, "update.htm");
    chownSync(file, 1234, 5678);
    chmodSync(file, 0o640);
    expect(runCli(["lint", "--fix", "update.htm"], { cwd: dir })).toEqual({ code: 0, stdout: "", stderr: "upscript: fixed 1 problem in 1 file\n" });
    const stat = statSync(file);
    expect({ uid: stat.uid, gid: stat.gid, mode: stat.mode & 0o7777, text: text(file) }).toEqual({ uid: 1234, gid: 5678, mode: 0o640, text: FIXED });
  });

  it("setuid, setgid and sticky files are refused and keep their bits and content", () => {
    const dir = folder({ "suid.htm": UNFORMATTED, "sgid.htm": UNFORMATTED, "sticky.htm": UNFORMATTED });
    chmodSync(join(dir, "suid.htm"), 0o4755);
    chmodSync(join(dir, "sgid.htm"), 0o2644);
    chmodSync(join(dir, "sticky.htm"), 0o1644);
    expect(runCli(["fmt", "--write", "suid.htm", "sgid.htm", "sticky.htm"], { cwd: dir })).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "upscript: cannot write 'suid.htm': it has the setuid bit set (mode 4755); upscript does not rewrite such files; left unchanged\n" +
        "upscript: cannot write 'sgid.htm': it has the setgid bit set (mode 2644); upscript does not rewrite such files; left unchanged\n" +
        "upscript: cannot write 'sticky.htm': it has the sticky bit set (mode 1644); upscript does not rewrite such files; left unchanged\n",
    });
    for (const [name, mode] of [["suid.htm", 0o4755], ["sgid.htm", 0o2644], ["sticky.htm", 0o1644]] as const) {
      expect(statSync(join(dir, name)).mode & 0o7777).toBe(mode);
      expect(text(join(dir, name))).toBe(UNFORMATTED);
    }
  });

  it.runIf(isRoot)("a user who cannot give the new file the original group is refused; the user's own file is rewritten", () => {
    const nobody = 65534;
    const dir = folder({ "theirs.htm": UNFORMATTED, "own.htm": UNFORMATTED });
    chownSync(dir, nobody, nobody);
    chownSync(join(dir, "theirs.htm"), nobody, 0);
    chmodSync(join(dir, "theirs.htm"), 0o664);
    chownSync(join(dir, "own.htm"), nobody, nobody);
    const run = spawnSync(process.execPath, [cliForAnyUser(), "fmt", "--write", "theirs.htm", "own.htm"], { cwd: dir, uid: nobody, gid: nobody, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect({ code: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 2,
      stdout: "formatted own.htm\n",
      stderr: `upscript: cannot write 'theirs.htm': it belongs to uid ${nobody} and gid 0, which upscript (running as uid ${nobody}) cannot give to a rewritten file; left unchanged\n`,
    });
    const theirs = statSync(join(dir, "theirs.htm"));
    expect({ uid: theirs.uid, gid: theirs.gid, text: text(join(dir, "theirs.htm")) }).toEqual({ uid: nobody, gid: 0, text: UNFORMATTED });
    const own = statSync(join(dir, "own.htm"));
    expect({ uid: own.uid, gid: own.gid, mode: own.mode & 0o7777, text: text(join(dir, "own.htm")) }).toEqual({ uid: nobody, gid: nobody, mode: 0o644, text: FORMATTED });
    expect(temps(dir)).toEqual([]);
  });
});

describe("hard links", () => {
  it("a hard-linked file is refused; both names keep the old content and stay one file", () => {
    const dir = folder({ "update.htm": FIXABLE });
    linkSync(join(dir, "update.htm"), join(dir, "other-name.htm"));
    const run = runCli(["lint", "--fix", "-f", "gcc", "update.htm"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "upscript: cannot write 'update.htm': it has 2 hard links (other names for the same file, possibly outside the project); upscript does not rewrite hard-linked files; left unchanged\n",
    );
    expect(text(join(dir, "update.htm"))).toBe(FIXABLE);
    expect(text(join(dir, "other-name.htm"))).toBe(FIXABLE);
    expect(statSync(join(dir, "update.htm")).ino).toBe(statSync(join(dir, "other-name.htm")).ino);
  });
});

describe("a file changed while upscript worked on it", () => {
  const CHANGED = "it changed on disk while upscript was working on it (run upscript again)";

  it("an edit after the read (a stale snapshot): refused, the edit kept, no temporary file left", async () => {
    const dir = folder({ "update.htm": FIXABLE });
    const file = join(dir, "update.htm");
    const read = await snapshotOf(file);
    writeFileSync(file, "mod cmd UP1 poll # edited meanwhile\n");
    expect(await rewriteFile(file, FIXED, { snapshot: read, roots: [dir] })).toEqual({ ok: false, reason: CHANGED });
    expect(text(file)).toBe("mod cmd UP1 poll # edited meanwhile\n");
    expect(temps(dir)).toEqual([]);
  });

  it("an edit with the same size and mtime is caught by the content hash", async () => {
    const dir = folder({ "update.htm": "mod cmd UP1 times /allow 1,1\n" });
    const file = join(dir, "update.htm");
    const before = readFileSync(file);
    writeFileSync(file, "mod cmd UP1 times /allow 2,2\n");
    // What a read just before that edit would have seen, had the edit kept size and mtime.
    const snapshot: FileSnapshot = { identity: identityOf(statSync(file)), sha256: contentHash(before) };
    expect(await rewriteFile(file, FIXED, { snapshot, roots: [dir] })).toEqual({ ok: false, reason: CHANGED });
    expect(text(file)).toBe("mod cmd UP1 times /allow 2,2\n");
  });

  it("an edit while the new content is being written (just before the replace): refused, the edit kept", async () => {
    const dir = folder({ "update.htm": FIXABLE });
    const file = join(dir, "update.htm");
    const read = await snapshotOf(file);
    testHooks.beforeReplace = () => appendFileSync(file, "mod cmd UP1 poll\n");
    expect(await rewriteFile(file, FIXED, { snapshot: read, roots: [dir] })).toEqual({ ok: false, reason: CHANGED });
    expect(text(file)).toBe(`${FIXABLE}mod cmd UP1 poll\n`);
    expect(temps(dir)).toEqual([]);
  });

  it("another file moved into its place meanwhile, with the same content: refused", async () => {
    const dir = folder({ "update.htm": FIXABLE, "copy.htm": FIXABLE });
    const file = join(dir, "update.htm");
    const read = await snapshotOf(file);
    testHooks.beforeReplace = () => renameSync(join(dir, "copy.htm"), file);
    expect(await rewriteFile(file, FIXED, { snapshot: read, roots: [dir] })).toEqual({ ok: false, reason: CHANGED });
    expect(text(file)).toBe(FIXABLE);
  });

  it("unchanged: rewritten, with signal handlers only while the write is in progress", async () => {
    const dir = folder({ "update.htm": FIXABLE });
    const file = join(dir, "update.htm");
    const listeners = () => ["SIGINT", "SIGTERM", "SIGHUP"].map((s) => process.listenerCount(s));
    const before = listeners();
    let during: number[] = [];
    testHooks.afterFirstChunk = () => (during = listeners());
    expect(await rewriteFile(file, FIXED, { snapshot: await snapshotOf(file), roots: [dir] })).toEqual({ ok: true });
    expect(text(file)).toBe(FIXED);
    expect(during).toEqual(before.map((n) => n + 1));
    expect(listeners()).toEqual(before);
  });
});

describe("temporary files", () => {
  // A child process that rewrites a file through the module with 8.5 MB of content and, from
  // inside the write (after the first chunk), prints the temporary file's name and waits.
  const CHILD = `
    import { dirname } from "node:path";
    import { readBounded } from "./bounded-read.js";
    import { contentHash, rewriteFile, testHooks } from "./safe-write.js";
    const [path, lines] = process.argv.slice(2);
    testHooks.afterFirstChunk = (temp) => new Promise(() => {
      process.stdout.write(JSON.stringify({ temp }) + "\\n");
      setTimeout(() => {}, 60_000);
    });
    (async () => {
      const read = readBounded(path, 2 ** 30);
      if (!read.ok) throw new Error(read.reason);
      const snapshot = { identity: read.identity, sha256: contentHash(read.bytes) };
      const result = await rewriteFile(path, "mod cmd UP1 poll\\n".repeat(Number(lines)), { snapshot, roots: [dirname(path)] });
      process.stdout.write(JSON.stringify(result) + "\\n");
    })();
  `;
  const LINES = 500_000;
  let child: string;
  let running: ChildProcess | undefined;
  beforeAll(() => {
    child = join(top, "child.cjs");
    buildSync({
      stdin: { contents: CHILD, resolveDir: join(repoRoot, "server", "src", "node"), loader: "ts", sourcefile: "child.ts" },
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      outfile: child,
      logLevel: "error",
    });
  });
  afterEach(() => {
    running?.kill("SIGKILL");
    running = undefined;
  });

  /** Starts the child on `file` and resolves once it is inside the write, with the temporary file's path. */
  function insideWrite(file: string): Promise<{ temp: string; process: ChildProcess }> {
    const proc = spawn(process.execPath, [child, file, String(LINES)], { stdio: ["ignore", "pipe", "inherit"] });
    running = proc;
    return new Promise((resolve, reject) => {
      let output = "";
      proc.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        output += chunk;
        const line = output.split("\n", 1)[0]!;
        if (output.includes("\n")) resolve({ temp: (JSON.parse(line) as { temp: string }).temp, process: proc });
      });
      proc.on("exit", (code, signal) => reject(new Error(`the child ended before the write (code ${code}, signal ${signal}): ${output}`)));
    });
  }

  it.each(["SIGTERM", "SIGINT", "SIGHUP"] as const)("%s during a write: the temporary file is removed, the original intact, the process ends by that signal", async (signal) => {
    const dir = folder({ "update.htm": UNFORMATTED });
    const file = join(dir, "update.htm");
    const { temp, process: proc } = await insideWrite(file);
    expect(existsSync(temp)).toBe(true);
    expect(statSync(temp).size).toBeLessThan(LINES * FORMATTED.length);
    const exited = once(proc, "exit");
    proc.kill(signal);
    const [code, by] = (await exited) as [number | null, NodeJS.Signals | null];
    expect({ code, by }).toEqual({ code: null, by: signal });
    expect(text(file)).toBe(UNFORMATTED);
    expect(temps(dir)).toEqual([]);
  });

  it("SIGKILL during a write leaves the temporary file beside an intact original; the next run removes it", async () => {
    const dir = folder({ "update.htm": UNFORMATTED });
    const file = join(dir, "update.htm");
    const { temp, process: proc } = await insideWrite(file);
    const exited = once(proc, "exit");
    proc.kill("SIGKILL");
    await exited;
    expect(text(file)).toBe(UNFORMATTED);
    expect(temps(dir)).toEqual([temp.slice(dir.length + 1)]);
    expect(temp.slice(dir.length + 1)).toMatch(/^\.update\.htm\.[0-9a-f]{8}\.upscript-tmp$/);
    // A minute later it can no longer belong to a run still in progress.
    const old = new Date(Date.now() - 120_000);
    utimesSync(temp, old, old);
    expect(runCli(["fmt", "--write", "update.htm"], { cwd: dir })).toEqual({ code: 0, stdout: "formatted update.htm\n", stderr: "" });
    expect(text(file)).toBe(FORMATTED);
    expect(temps(dir)).toEqual([]);
  });

  it("stale temporary files beside the rewritten file are removed only when old, ours and named like ours", () => {
    const dir = folder({ "update.htm": UNFORMATTED, "other.htm": FORMATTED });
    const old = new Date(Date.now() - 120_000);
    const make = (name: string, age: Date | undefined, uid?: number) => {
      writeFileSync(join(dir, name), "partial");
      if (age) utimesSync(join(dir, name), age, age);
      if (uid !== undefined) chownSync(join(dir, name), uid, uid);
    };
    make(".update.htm.0123abcd.upscript-tmp", old);
    make(".update.htm.89abcdef.upscript-tmp", undefined);
    make(".other.htm.01234567.upscript-tmp", old);
    make(".update.htm.not-hex.upscript-tmp", old);
    if (isRoot) make(".update.htm.deadbeef.upscript-tmp", old, 1234);
    expect(runCli(["fmt", "--write", "update.htm"], { cwd: dir })).toEqual({ code: 0, stdout: "formatted update.htm\n", stderr: "" });
    expect(temps(dir).sort()).toEqual(
      [".update.htm.89abcdef.upscript-tmp", ".other.htm.01234567.upscript-tmp", ".update.htm.not-hex.upscript-tmp", ...(isRoot ? [".update.htm.deadbeef.upscript-tmp"] : [])].sort(),
    );
  });
});
