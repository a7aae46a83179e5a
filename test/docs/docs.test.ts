/**
 * Documentation that is executed: every fenced shell example in README.md, docs/*.md and
 * docs/rules/*.md runs here against the built CLI, and where the docs show its output, the output
 * is compared. The convention, in short (test/docs/README.md has it in full):
 *
 * - Blocks with the info string `sh`, `bash`, `shell` or `console` hold commands: every line of an
 *   `sh` block (blank lines and `#` comments aside, `\` continues a line), every `$ ` line of a
 *   `console` block. `upscript`, `npm run upscript --` and `npx upscript` run `node
 *   dist/upscript.cjs`. Each command is looked up in COMMANDS below: it runs, or it is not run
 *   for the reason given there (shown as a skipped test). A command the list does not know fails
 *   the test, so nothing is skipped silently.
 * - Shown output is compared with what the command prints (stdout and stderr as one stream, as
 *   on a terminal; NO_COLOR=1): in a `console` block the lines after a `$ ` line, for an `sh`
 *   block a fence without info string (or `text`, or a `console` block without `$ `) right after
 *   it. Exact, except that a line `…` (or `...`) stands for any run of lines, `…` inside a line
 *   for any text, and trailing blanks and trailing empty lines do not count.
 * - A command exits 0 unless its line ends with the shell comment `# exit N`.
 * - Each command block runs in a sandbox of its own (the commands of one block share it, in
 *   order): a temporary folder with a copy of examples/ (so `examples/webroot/...` works), then
 *   test/docs/fixtures/PAGE/ if there is one (PAGE: the file name without `.md`), then the
 *   page's file blocks.
 * - `<!-- file: PATH -->` right before a fence writes the block to PATH in the sandboxes of its
 *   page. A PATH under `.git/` is a git hook: it is not written, and the test named in DEDICATED
 *   runs it.
 * - `<!-- tree -->` right before a `text` block says that the block draws the page's fixture
 *   folder (the files, and the JSON shown beside a file name); the test checks it.
 * - Other blocks (YAML, JSON, Lua, TOML, script examples without info string) are not shell and
 *   are not run.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliPath, repoRoot } from "../helpers/cli.js";
import { tempDir } from "../cli/tmp.js";

/**
 * Every command the docs show, by what it starts with (after `npm run upscript --` and `npx
 * upscript` became `upscript`, and leading NAME=VALUE assignments were dropped). `run: false`
 * needs a reason. An entry that matches no command in the docs fails the test too: the list is
 * the list of what the docs show.
 */
const COMMANDS: readonly { readonly pattern: RegExp; readonly run: boolean; readonly reason: string }[] = [
  { pattern: /^upscript(\s|$)/, run: true, reason: "the CLI: node dist/upscript.cjs" },
  { pattern: /^git apply(\s|$)/, run: true, reason: "applies a patch to the sandbox (no repository needed)" },
  { pattern: /^npm ci(\s|$)/, run: false, reason: "installs the dependencies from the registry; the tests run in an installed tree" },
  { pattern: /^npm (test|t)(\s|$)/, run: false, reason: "the whole suite, this test included" },
  { pattern: /^pre-commit(\s|$)/, run: false, reason: "needs the pre-commit framework and a repository that uses it; npm run test:precommit installs and runs the hook with the real pre-commit" },
  { pattern: /^upscript-language-server --stdio$/, run: false, reason: "a language server waiting for its client on stdin; test/lsp drives dist/server.cjs" },
];

/** File blocks that are not written into the sandbox but run by a test of their own. */
const DEDICATED: Readonly<Record<string, string>> = {
  ".git/hooks/pre-commit": "test/cli/git.test.ts",
};

const SHELL = new Set(["sh", "bash", "shell"]);
const OUTPUT = new Set(["", "text"]);
const ELLIPSIS = "…";

// markdown-it ships without types; only what is used here is declared.
interface Token {
  readonly type: string;
  readonly info: string;
  readonly content: string;
  /** [first line, line after the block], 0-based. */
  readonly map: [number, number] | null;
}
interface MarkdownIt {
  parse(src: string, env: object): Token[];
}
const MarkdownItClass = createRequire(import.meta.url)("markdown-it") as new (options: object) => MarkdownIt;
const md = new MarkdownItClass({ html: true });

interface Command {
  /** 1-based line in the page. */
  readonly line: number;
  /** The command as the docs show it (continuation lines joined). */
  readonly shown: string;
  /** What runs in the sandbox's shell, or null when no part of it runs. */
  readonly run: string | null;
  readonly notRun: readonly { readonly text: string; readonly reason: string }[];
  readonly exit: number;
}

/** Commands whose output is compared as one (a `console` command, or a whole `sh` block). */
interface Step {
  /** The line of the block's opening fence: steps of one block share a sandbox. */
  readonly block: number;
  readonly line: number;
  readonly commands: Command[];
  /** `line`: the 1-based line of the first shown output line. */
  output?: { readonly line: number; readonly text: string };
}

interface Page {
  readonly path: string;
  /** test/docs/fixtures/<key>/: the page's file name without `.md`. */
  readonly key: string;
  readonly text: string;
  readonly steps: Step[];
  readonly files: { readonly line: number; readonly path: string; readonly content: string }[];
  readonly trees: { readonly line: number; readonly content: string }[];
  readonly problems: string[];
}

const used = new Set<RegExp>();

function pagePaths(): string[] {
  const md = (dir: string) =>
    readdirSync(join(repoRoot, dir))
      .filter((f) => f.endsWith(".md"))
      .sort()
      .map((f) => (dir === "." ? f : `${dir}/${f}`));
  return [...md("."), ...md("docs"), ...md("docs/rules")];
}

/** Splits a command line at `&&`, `||`, `;` and `|` outside quotes, and takes off a trailing `# comment`. */
function split(line: string): { parts: { sep: string; pipeline: string[] }[]; comment: string } {
  const parts: { sep: string; pipeline: string[] }[] = [];
  let pipeline: string[] = [];
  let current = "";
  let sepBefore = "";
  let quote: string | null = null;
  let comment = "";
  const endCommand = () => {
    pipeline.push(current.trim());
    current = "";
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      current += c;
      if (c === "\\" && quote === '"' && i + 1 < line.length) current += line[++i];
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (c === "\\" && i + 1 < line.length) {
      current += c + line[++i];
    } else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]!))) {
      comment = line.slice(i + 1).trim();
      break;
    } else if ((c === "&" || c === "|") && line[i + 1] === c) {
      endCommand();
      parts.push({ sep: sepBefore, pipeline });
      pipeline = [];
      sepBefore = c + c;
      i++;
    } else if (c === ";") {
      endCommand();
      parts.push({ sep: sepBefore, pipeline });
      pipeline = [];
      sepBefore = ";";
    } else if (c === "|") {
      endCommand();
    } else {
      current += c;
    }
  }
  endCommand();
  parts.push({ sep: sepBefore, pipeline });
  return { parts: parts.filter((p) => p.pipeline.some((c) => c !== "")), comment };
}

/** `npm run upscript -- x` and `npx upscript x` are `upscript x`. */
function normalise(simple: string): string {
  return simple.replace(/^(npm run upscript --|npx upscript)(?=\s|$)/, "upscript");
}

function classify(simple: string) {
  const bare = simple.replace(/^(\w+=\S*\s+)*/, "");
  const entry = COMMANDS.find((c) => c.pattern.test(bare));
  if (entry) used.add(entry.pattern);
  return entry;
}

function command(page: Page, line: number, shown: string): Command {
  const { parts, comment } = split(shown);
  let exit = 0;
  if (/^exit\b/.test(comment)) {
    const m = /^exit (\d+)$/.exec(comment);
    if (m) exit = Number(m[1]);
    else page.problems.push(`${page.path}:${line}: '# ${comment}': an exit code is written '# exit N'`);
  }
  const run: string[] = [];
  const notRun: { text: string; reason: string }[] = [];
  for (const part of parts) {
    const pipeline = part.pipeline.map(normalise);
    const skipped = pipeline.map((simple) => {
      const entry = classify(simple);
      if (!entry) {
        page.problems.push(`${page.path}:${line}: '${simple}' is not classified: add it to COMMANDS in test/docs/docs.test.ts (run, or not run with the reason)`);
        return { text: simple, reason: "not classified" };
      }
      return entry.run ? null : { text: simple, reason: entry.reason };
    });
    const first = skipped.find((s) => s !== null);
    if (first) notRun.push(first);
    else run.push(`${run.length > 0 ? `${part.sep} ` : ""}${pipeline.join(" | ")}`);
  }
  return { line, shown, run: run.length > 0 ? run.join(" ") : null, notRun, exit };
}

/** The lines of a block with their 1-based line numbers, `\`-continued lines joined. */
function logicalLines(token: Token): { line: number; last: number; text: string }[] {
  const first = token.map![0] + 2;
  const raw = token.content.replace(/\n$/, "").split("\n");
  const out: { line: number; last: number; text: string }[] = [];
  for (let i = 0; i < raw.length; i++) {
    const line = first + i;
    let text = raw[i]!;
    while (text.endsWith("\\") && i + 1 < raw.length) text = text.slice(0, -1) + " " + raw[++i]!.trim();
    out.push({ line, last: first + i, text });
  }
  return out;
}

function parsePage(path: string): Page {
  const text = readFileSync(join(repoRoot, path), "utf8");
  const page: Page = { path, key: basename(path, ".md"), text, steps: [], files: [], trees: [], problems: [] };
  const tokens = md.parse(text, {});
  let markers: { kind: "file" | "tree"; value: string; line: number }[] = [];
  let previous: Step[] | null = null;
  for (const token of tokens) {
    const line = (token.map?.[0] ?? 0) + 1;
    if (token.type === "html_block") {
      for (const m of token.content.matchAll(/<!--\s*([\s\S]*?)\s*-->/g)) {
        const body = m[1]!;
        const file = /^file:\s*(\S+)$/.exec(body);
        if (file) markers.push({ kind: "file", value: file[1]!, line });
        else if (body === "tree") markers.push({ kind: "tree", value: "", line });
        else if (/^(file|tree|exit)\b/.test(body)) page.problems.push(`${path}:${line}: '<!-- ${body} -->' is no marker: write <!-- file: PATH --> or <!-- tree -->`);
      }
      previous = null;
      continue;
    }
    if (token.type !== "fence") {
      if (markers.length > 0) {
        page.problems.push(`${path}:${markers[0]!.line}: a marker must stand right before a fenced block`);
        markers = [];
      }
      previous = null;
      continue;
    }
    const info = token.info.trim().split(/\s+/)[0]!.toLowerCase();
    const mine = markers;
    markers = [];
    const file = mine.find((m) => m.kind === "file");
    if (file) {
      page.files.push({ line, path: file.value, content: token.content });
      previous = null;
      continue;
    }
    if (mine.some((m) => m.kind === "tree")) {
      if (info !== "text") page.problems.push(`${path}:${line}: <!-- tree --> marks a text block`);
      page.trees.push({ line, content: token.content });
      previous = null;
      continue;
    }
    if (SHELL.has(info)) {
      if (token.content.startsWith("#!")) {
        page.problems.push(`${path}:${line}: a script (#!) is no list of commands: mark it <!-- file: PATH -->`);
        previous = null;
        continue;
      }
      const commands = logicalLines(token)
        .filter((l) => l.text.trim() !== "" && !l.text.trim().startsWith("#"))
        .map((l) => command(page, l.line, l.text.trim()));
      const step: Step = { block: line, line, commands };
      page.steps.push(step);
      previous = [step];
      continue;
    }
    if (info === "console") {
      const lines = logicalLines(token);
      if (!lines.some((l) => l.text.startsWith("$ "))) {
        if (previous) attachOutput(page, previous, line + 1, token.content);
        else page.problems.push(`${path}:${line}: a console block without '$ ' commands must follow a command block`);
        previous = null;
        continue;
      }
      const steps: Step[] = [];
      let output: string[] | null = null;
      let outputLine = line;
      const close = () => {
        if (output && steps.length > 0) steps[steps.length - 1]!.output = { line: outputLine, text: output.join("\n") };
      };
      for (const l of lines) {
        if (l.text.startsWith("$ ")) {
          close();
          steps.push({ block: line, line: l.line, commands: [command(page, l.line, l.text.slice(2).trim())] });
          output = [];
          outputLine = l.last + 1;
        } else if (output) {
          output.push(l.text);
        } else {
          page.problems.push(`${path}:${l.line}: output before the first '$ ' command`);
        }
      }
      close();
      page.steps.push(...steps);
      previous = steps;
      continue;
    }
    if (OUTPUT.has(info) && previous) {
      attachOutput(page, previous, line + 1, token.content);
      previous = null;
      continue;
    }
    previous = null;
  }
  if (markers.length > 0) page.problems.push(`${path}:${markers[0]!.line}: a marker must stand right before a fenced block`);
  return page;
}

function attachOutput(page: Page, previous: Step[], line: number, content: string) {
  const step = previous[previous.length - 1]!;
  if (step.output) page.problems.push(`${page.path}:${line}: the command at line ${step.line} has its output already`);
  else if (step.commands.some((c) => c.notRun.length > 0)) page.problems.push(`${page.path}:${line}: this output follows commands that are not run, so it cannot be compared`);
  else step.output = { line, text: content.replace(/\n$/, "") };
}

/** The lines of a text as compared: trailing blanks off, trailing empty lines dropped. */
function comparable(text: string): string[] {
  const lines = text.split("\n").map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether the shown lines match the printed ones: a line `…`/`...` is any run of lines, `…` in a
 * line any text. `firstMismatch`: the index of the first shown line no alignment gets past.
 */
function outputMatches(shown: readonly string[], printed: readonly string[]): { ok: boolean; firstMismatch: number } {
  const patterns = shown.map((l) => (/^\s*(…|\.\.\.)\s*$/.test(l) ? null : new RegExp(`^${l.split(ELLIPSIS).map(escape).join(".*")}$`, "s")));
  const memo = new Map<string, boolean>();
  let deepest = 0;
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    deepest = Math.max(deepest, i);
    let result: boolean;
    if (i === patterns.length) result = j === printed.length;
    else if (patterns[i] === null) result = go(i + 1, j) || (j < printed.length && go(i, j + 1));
    else result = j < printed.length && patterns[i]!.test(printed[j]!) && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  const ok = go(0, 0);
  return { ok, firstMismatch: Math.min(deepest, shown.length - 1) };
}

/** The files of a folder, as relative `/` paths. */
function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? listFiles(full, `${prefix}${name}/`) : [`${prefix}${name}`];
    });
}

/**
 * A folder drawn as text: a name per line, two blanks of indent per level, folders ending in
 * `/`, and a JSON object beside a file name (two or more blanks after it, possibly over several
 * lines) for the file's content.
 */
function parseTree(content: string): Map<string, unknown> {
  const files = new Map<string, unknown>();
  const folders: string[] = [];
  let json: { path: string; text: string } | null = null;
  const balanced = (s: string) => [...s].filter((c) => c === "{").length === [...s].filter((c) => c === "}").length;
  for (const line of content.replace(/\n$/, "").split("\n")) {
    if (json) {
      json.text += " " + line.trim();
    } else {
      const m = /^( *)(\S+)(?: {2,}(\{.*))?$/.exec(line);
      if (!m) throw new Error(`cannot read the tree line '${line}'`);
      const depth = m[1]!.length / 2;
      folders.length = depth;
      const name = m[2]!;
      if (name.endsWith("/")) {
        folders.push(name.slice(0, -1));
        continue;
      }
      const path = [...folders, name].join("/");
      files.set(path, undefined);
      if (m[3]) json = { path, text: m[3] };
    }
    if (json && balanced(json.text)) {
      files.set(json.path, JSON.parse(json.text));
      json = null;
    }
  }
  return files;
}

const pages = pagePaths().map(parsePage);
const fixturesDir = join(import.meta.dirname, "fixtures");

describe("the docs follow the convention of test/docs/README.md", () => {
  it("every block is read, every command is classified", () => {
    expect(pages.flatMap((p) => p.problems)).toEqual([]);
  });

  it("every entry of COMMANDS matches a command the docs show", () => {
    expect(COMMANDS.filter((c) => !used.has(c.pattern)).map((c) => String(c.pattern))).toEqual([]);
  });

  it("every fixture folder belongs to a page with commands or a tree", () => {
    const folders = existsSync(fixturesDir) ? readdirSync(fixturesDir) : [];
    const wanted = pages.filter((p) => p.steps.length > 0 || p.trees.length > 0).map((p) => p.key);
    expect(folders.filter((f) => !wanted.includes(f))).toEqual([]);
    for (const page of pages.filter((p) => p.trees.length > 0)) expect(existsSync(join(fixturesDir, page.key)), `${page.path}: test/docs/fixtures/${page.key}/`).toBe(true);
  });

  it("the README's quick start runs the lint of the example web root", () => {
    const readme = pages.find((p) => p.path === "README.md")!;
    const quick = readme.steps[0]!.commands;
    expect(quick.map((c) => c.run)).toEqual(["upscript lint examples/webroot", null]);
    expect(quick.flatMap((c) => c.notRun.map((n) => n.text))).toEqual(["npm ci", "npm test"]);
  });
});

describe("the output matcher", () => {
  it("matches exactly, with … for lines and for text", () => {
    const ok = (shown: string[], printed: string[]) => outputMatches(shown, printed).ok;
    expect(ok(["a", "b"], ["a", "b"])).toBe(true);
    expect(ok(["a"], ["a", "b"])).toBe(false);
    expect(ok(["a", "…", "d"], ["a", "b", "c", "d"])).toBe(true);
    expect(ok(["a", "...", "b"], ["a", "b"])).toBe(true);
    expect(ok(["x … z"], ["x y y z"])).toBe(true);
    expect(ok(["x … z"], ["x y"])).toBe(false);
    expect(ok(["a.b (c)"], ["aXb (c)"])).toBe(false);
    expect(outputMatches(["a", "…", "c", "d"], ["a", "b", "c", "e"])).toEqual({ ok: false, firstMismatch: 3 });
  });
});

for (const page of pages) {
  for (const tree of page.trees) {
    it(`${page.path}:${tree.line} draws test/docs/fixtures/${page.key}`, () => {
      const drawn = parseTree(tree.content);
      const folder = join(fixturesDir, page.key);
      expect(listFiles(folder)).toEqual([...drawn.keys()].sort());
      for (const [path, json] of drawn) if (json !== undefined) expect(JSON.parse(readFileSync(join(folder, path), "utf8")), path).toEqual(json);
    });
  }

  for (const file of page.files.filter((f) => DEDICATED[f.path] !== undefined)) {
    const test = DEDICATED[file.path]!;
    it(`${page.path}:${file.line} ${file.path} is the script ${test} runs`, () => {
      // test/cli/git.test.ts takes the page's one `sh` block that starts with #!/bin/sh.
      const blocks = [...page.text.matchAll(/```sh\n(#!\/bin\/sh\n[\s\S]*?)```/g)].map((m) => m[1]);
      expect(blocks).toEqual([file.content]);
      expect(readFileSync(join(repoRoot, test), "utf8")).toContain(`"${basename(page.path)}"`);
    });
  }

  if (page.steps.length === 0) continue;
  describe(page.path, () => {
    let env: Record<string, string> = {};
    beforeAll(() => {
      if (!existsSync(cliPath)) throw new Error(`${relative(repoRoot, cliPath)} is missing: run node scripts/build.mjs (npm test does)`);
      const home = tempDir(`docs-${page.key}-home`);
      const bin = join(home, "bin");
      mkdirSync(bin);
      writeFileSync(join(bin, "upscript"), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
      chmodSync(join(bin, "upscript"), 0o755);
      writeFileSync(join(home, ".gitconfig"), "");
      env = {
        PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
        HOME: home,
        NO_COLOR: "1",
        TERM: "dumb",
        TZ: "UTC",
        LANG: "C.UTF-8",
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: join(home, ".gitconfig"),
      };
    });

    /** A fresh sandbox for each block: examples/, the page's fixture folder, its file blocks. */
    const sandboxes = new Map<number, string>();
    const sandbox = (block: number): string => {
      const known = sandboxes.get(block);
      if (known) return known;
      const dir = tempDir(`docs-${page.key}`);
      sandboxes.set(block, dir);
      cpSync(join(repoRoot, "examples"), join(dir, "examples"), { recursive: true });
      if (existsSync(join(fixturesDir, page.key))) cpSync(join(fixturesDir, page.key), dir, { recursive: true });
      for (const file of page.files) {
        if (DEDICATED[file.path] !== undefined) continue;
        const target = join(dir, file.path);
        expect(relative(dir, target).startsWith(".."), file.path).toBe(false);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, file.content);
      }
      return dir;
    };

    for (const step of page.steps) {
      for (const c of step.commands) for (const n of c.notRun) it.skip(`${page.path}:${c.line} '${n.text}' is not run: ${n.reason}`, () => {});
      const runs = step.commands.filter((c) => c.run !== null);
      if (runs.length === 0) continue;
      const name = runs.map((c) => c.shown).join(" ; ");
      it(`${page.path}:${step.line} ${name}${step.output ? " (output compared)" : ""}`, () => {
        const cwd = sandbox(step.block);
        let printed = "";
        for (const c of runs) {
          // One stream for stdout and stderr, in the order they were written, as on a terminal.
          const result = spawnSync("/bin/sh", ["-c", `exec 2>&1\n${c.run}`], { cwd, env: { ...env, GIT_CEILING_DIRECTORIES: dirname(cwd) }, encoding: "utf8", input: "", timeout: 60_000 });
          expect(result.status, `${page.path}:${c.line}: '${c.shown}' exits ${c.exit}; it printed:\n${result.stdout}`).toBe(c.exit);
          printed += result.stdout;
        }
        if (step.output) {
          const shown = comparable(step.output.text);
          const actual = comparable(printed);
          const match = outputMatches(shown, actual);
          if (!match.ok) {
            const at = step.output.line + match.firstMismatch;
            const where =
              shown.length === 0
                ? `${page.path}:${step.line}: the docs show no output for this command, but it prints some`
                : `${page.path}:${step.output.line}: the output differs from what the docs show (… elides lines or text); no match gets past the shown line ${at}: '${shown[match.firstMismatch]}'`;
            expect(actual.join("\n"), where).toBe(shown.join("\n"));
          }
        }
      });
    }
  });
}
