/** `upscript lint [PATH|GLOB …]` */
import { dirname, relative, resolve, sep } from "node:path";
import { configLoadLines } from "@upscript/grammar";
import { NO_STYLE, fixAll, isRuleId, lint, type Diagnostic, type FixOptions, type FixResult, type ScriptRole, type UpscriptConfig } from "@upscript/language";
import { readBounded } from "../node/bounded-read.js";
import { ConfigCache, sourcesOf, type ConfigSource, type LoadedConfig } from "../node/config-files.js";
import { baseResolverSync, gitSync } from "../node/git-base.js";
import { WebRootFiles, declaresWebRoot } from "../node/web-root.js";
import { unifiedDiff } from "./diff.js";
import { collect, reportUnmatched, type Target } from "./files.js";
import { gcc } from "./format/gcc.js";
import { json } from "./format/json.js";
import { sarif } from "./format/sarif.js";
import { stylish } from "./format/stylish.js";
import type { Formatter } from "./format/types.js";
import { MAX_FILE_BYTES, decodeScript, readScript, readStdin, rewriteRoots, writeAtomic } from "./io.js";
import { ExitCode, type Console } from "./process.js";

export const formatters: Record<string, Formatter> = { stylish, json, sarif, gcc };

export interface LintOptions {
  readonly format: string;
  readonly config?: string;
  readonly maxWarnings?: string;
  readonly rule: readonly string[];
  readonly fix?: boolean;
  /** With --fix or --diff: also the fixes that change what devices do. */
  readonly unsafeFixes?: boolean;
  /** `--fix-dry-run` is the same as `--diff`: show what `--fix` would change, write nothing. */
  readonly fixDryRun?: boolean;
  readonly diff?: boolean;
  /** False with `--no-error-on-unmatched-pattern`. */
  readonly errorOnUnmatchedPattern?: boolean;
  readonly base?: string;
  readonly stdin?: boolean;
  readonly stdinFilename?: string;
  readonly quiet?: boolean;
}

const SEVERITIES = ["off", "info", "warning", "error"] as const;

export async function lintCommand(args: readonly string[], options: LintOptions, out: Console): Promise<ExitCode> {
  const formatter = formatters[options.format];
  if (!formatter) return usage(out, `unknown format '${options.format}' (use ${Object.keys(formatters).join(", ")})`);
  const maxWarnings = options.maxWarnings === undefined ? undefined : Number(options.maxWarnings);
  if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= -1)) return usage(out, `--max-warnings takes a whole number, not '${options.maxWarnings}'`);
  const overrides: Record<string, "off" | "info" | "warning" | "error"> = {};
  for (const item of options.rule) {
    const [id, severity] = item.split("=");
    if (!id || !isRuleId(id)) return usage(out, `--rule ${item}: unknown rule '${id ?? ""}'`);
    if (!severity || !(SEVERITIES as readonly string[]).includes(severity)) return usage(out, `--rule ${item}: the severity must be off, info, warning or error`);
    overrides[id] = severity as (typeof SEVERITIES)[number];
  }
  const preview = Boolean(options.diff || options.fixDryRun);
  if (options.fix && preview) return usage(out, `choose --fix or ${options.diff ? "--diff" : "--fix-dry-run"}, not both`);
  if (options.unsafeFixes && !options.fix && !preview) return usage(out, "--unsafe-fixes goes with --fix or --diff: it adds the fixes that change what devices do");
  const fixOptions: FixOptions = { unsafe: Boolean(options.unsafeFixes) };
  if (options.stdin && args.length) return usage(out, "--stdin reads the script from standard input; give no paths");
  // No path: the current folder, as for fmt.
  const paths = args.length ? args : ["."];

  // When stdout carries a diff (--diff) or the fixed script (--stdin --fix), the report goes to
  // stderr, without colours, so that stdout can be saved or piped as it is (docs/git-hooks-and-ci.md).
  const stdoutIsData = preview || Boolean(options.stdin && options.fix);
  const report = stdoutIsData ? (text: string) => void (text && process.stderr.write(text)) : (text: string) => out.write(text);
  const reportStyle = stdoutIsData ? NO_STYLE : out.style;
  const fixes = new FixSummary(fixOptions);
  const writer = formatter(reportStyle);
  let errors = 0;
  let warnings = 0;
  /**
   * Each file's report is written once the file is done, so memory does not grow with the number
   * of files: gathered up to 64 KB (or a tenth of a second) per write. `held`: the run may still
   * stop with a usage error before the end (an unusable config, a --base git cannot read), which
   * prints no report at all; then the pieces are kept and written only once the run got through.
   * So is the report that goes to stderr (--diff): after the messages, as ever.
   */
  let held: string[] | undefined = stdoutIsData ? [] : undefined;
  let pending: string[] = [];
  let pendingLength = 0;
  let lastWrite = Date.now();
  const flush = () => {
    if (pendingLength > 0) report(pending.join(""));
    pending = [];
    pendingLength = 0;
    lastWrite = Date.now();
  };
  const emit = async (file: string, diagnostics: readonly Diagnostic[]) => {
    for (const d of diagnostics) {
      if (d.severity === "error") errors++;
      else if (d.severity === "warning") warnings++;
    }
    const text = writer.file({ file, diagnostics: options.quiet ? diagnostics.filter((d) => d.severity === "error") : diagnostics });
    if (!text) return;
    if (held) held.push(text);
    else {
      pending.push(text);
      pendingLength += text.length;
      if (pendingLength < 64 * 1024 && Date.now() - lastWrite < 100) return;
      flush();
      await out.drain?.();
    }
  };

  const configs = new ConfigCache(options.config);
  // The web root does not change during a lint (it writes only fixed scripts, in place).
  const files = new WebRootFiles({ settled: true });
  if (options.config && !reportConfig(configs.forScript(options.config), out)) return ExitCode.Usage;
  const withOverrides = (config: UpscriptConfig): UpscriptConfig => (options.rule.length ? { ...config, rules: { ...config.rules, ...overrides } } : config);
  let failed = false;

  const bases = new Map<string, Base>();
  const baseOf = (path: string): Base => {
    let base = bases.get(path);
    if (!base) bases.set(path, (base = baseText(path, options.base!)));
    return base;
  };
  const check = (path: string, text: string, role: ScriptRole, loaded: LoadedConfig): Diagnostic[] => {
    const found = options.base === undefined ? undefined : baseOf(path);
    const base = found && "text" in found ? found.text : undefined;
    return lint(text, {
      config: withOverrides(loaded.config),
      ...(declaresWebRoot(loaded) && { resolve: files.resolver(loaded) }),
      fileName: path,
      role,
      // The files its cfg lines load, at the same revision (cfg-serial-unchanged).
      ...(base !== undefined && { base, baseResolve: baseResolverSync(loaded, options.base!) }),
    });
  };

  if (options.stdin) {
    const name = options.stdinFilename ?? "<stdin>";
    const loaded = configs.forScript(resolve(name));
    if (!reportConfig(loaded, out)) return ExitCode.Usage;
    const read = await readStdin();
    // Binary or UTF-16 input is passed over like such a file, except with --fix: then stdout
    // should be the fixed script, and there is none.
    if (!read.ok && read.skipped && !options.fix) out.error(`skipping standard input: ${read.reason}`);
    else if (!read.ok) return usage(out, `cannot ${options.fix ? "fix" : "read"} standard input: ${read.reason}`);
    else {
      const base = options.base === undefined ? undefined : baseOf(name);
      if (base && "error" in base) return usage(out, base.error);
      let diagnostics = check(name, read.text, "script", loaded);
      if (options.fix || preview) {
        const fixed = diagnostics.some((d) => d.fixes.length > 0) ? fixAll(read.text, (text) => check(name, text, "script", loaded), fixOptions) : unfixed(read.text);
        fixes.add(fixed);
        if (fixed.text !== read.text) diagnostics = check(name, fixed.text, "script", loaded);
        // --fix prints the whole script, fixed or not (as Ruff's check --fix with stdin does); --diff only the changes.
        out.write(options.fix ? (read.bom ? "\uFEFF" : "") + fixed.text : unifiedDiff(name, read.text, fixed.text, { bom: read.bom }));
      }
      await emit(name, diagnostics);
    }
  } else {
    const collected = await collect(paths, configs);
    failed = reportUnmatched(collected, out, options.errorOnUnmatchedPattern !== false);
    let mayFail = false;
    const all = withCfgTargets(collected.targets, configs, files, (path) => {
      if (held || mayFail) return;
      mayFail = !configUsable(configs.forScript(path)) || (options.base !== undefined && "error" in baseOf(path));
    });
    if (mayFail) held = [];
    for (const { path, role, named } of all) {
      const loaded = configs.forScript(path);
      if (!reportConfig(loaded, out)) return ExitCode.Usage;
      const read = readScript(path);
      if (!read.ok) {
        // Passed over, not an error: a binary, UTF-16 or oversized file; a FIFO or device found by
        // a search (one named on the command line is an error); a cfg target, whose cfg line
        // already carries the finding (missing-file: it cannot be read).
        const skipped = read.skipped || (read.special && !named) || role === "cfg-target";
        out.error(skipped ? `skipping '${path}': ${read.reason}` : `cannot read '${path}': ${read.reason}`);
        failed ||= !skipped;
        continue;
      }
      const base = options.base === undefined ? undefined : baseOf(path);
      if (base && "error" in base) return usage(out, base.error);
      let diagnostics = check(path, read.text, role, loaded);
      if ((options.fix || preview) && diagnostics.some((d) => d.fixes.length > 0)) {
        const fixed = fixAll(read.text, (text) => check(path, text, role, loaded), fixOptions);
        if (fixed.text === read.text) fixes.add(fixed);
        else {
          if (preview) {
            out.write(unifiedDiff(path, read.text, fixed.text, { bom: read.bom }));
            fixes.add(fixed);
            diagnostics = check(path, fixed.text, role, loaded);
          } else {
            const written = await writeAtomic(path, (read.bom ? "\uFEFF" : "") + fixed.text, { snapshot: read, roots: rewriteRoots(paths, loaded.path) });
            if (!written.ok) {
              out.error(`cannot write '${path}': ${written.reason}; left unchanged`);
              failed = true;
            } else {
              fixes.add(fixed);
              diagnostics = check(path, fixed.text, role, loaded);
            }
          }
        }
      }
      await emit(path, diagnostics);
    }
  }

  report([...pending, ...(held ?? [])].join("") + writer.end());
  const summary = fixes.line(preview);
  if (summary) out.error(summary);
  // 2 only for the tool's own trouble (usage, configuration, reading or writing); else the findings decide.
  if (failed) return ExitCode.Usage;
  if (errors > 0) return ExitCode.Problems;
  if (maxWarnings !== undefined && maxWarnings >= 0 && warnings > maxWarnings) {
    out.error(`${warnings} warning${warnings === 1 ? "" : "s"}, more than --max-warnings ${maxWarnings}`);
    return ExitCode.Problems;
  }
  return ExitCode.Clean;
}

function unfixed(text: string): FixResult {
  return { text, applied: 0, unsafeApplied: 0, unsafeLeft: 0 };
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : word.endsWith("x") ? "es" : "s"}`;

/**
 * What `--fix` changed (or `--diff` would change), summed over the files, for one line on stderr:
 * `fixed N problems in M files`, with how many of those fixes change what devices do (with
 * `--unsafe-fixes`) or how many such fixes were left out (without it, as Ruff's "hidden fixes");
 * nothing when there is nothing to say.
 */
class FixSummary {
  private problems = 0;
  private files = 0;
  private unsafeApplied = 0;
  private unsafeLeft = 0;

  constructor(private readonly options: FixOptions) {}

  add(result: FixResult): void {
    this.unsafeLeft += result.unsafeLeft;
    if (result.applied === 0) return;
    this.problems += result.applied;
    this.unsafeApplied += result.unsafeApplied;
    this.files++;
  }

  line(dryRun: boolean): string | undefined {
    const parts: string[] = [];
    if (this.problems > 0) {
      const unsafe = this.unsafeApplied === 0 ? "" : ` (${count(this.unsafeApplied, "fix")} ${this.unsafeApplied === 1 ? "changes" : "change"} what devices do)`;
      parts.push(`${dryRun ? "would fix" : "fixed"} ${count(this.problems, "problem")} in ${count(this.files, "file")}${unsafe}`);
    }
    if (this.unsafeLeft > 0 && !this.options.unsafe) {
      const what = `${this.unsafeLeft}${this.problems > 0 ? " more" : ""} ${this.unsafeLeft === 1 ? "fix" : "fixes"}`;
      const them = this.unsafeLeft === 1 ? "it" : "them";
      parts.push(`${what} would change what devices do: add --unsafe-fixes to ${dryRun ? "see" : "apply"} ${them}`);
    }
    return parts.length ? parts.join("; ") : undefined;
  }
}

function usage(out: Console, message: string): ExitCode {
  out.error(message);
  return ExitCode.Usage;
}

/**
 * Files searched in folders, plus the cfg targets their `cfg` lines reach through the web root
 * map, which are checked as cfg targets (where `mod cmd UP0 cfg` must not appear). A first walk
 * over the files finds the cfg targets (only scripts whose config has a web root map are read);
 * the second yields every file in order, a script that is also a cfg target as one, and then the
 * cfg targets that are no script, in the order they were found. Only the cfg targets are held.
 * `look` sees every path of the first walk (the cfg targets last).
 */
function withCfgTargets(targets: Iterable<Target>, configs: ConfigCache, files: WebRootFiles, look: (path: string) => void): Iterable<{ path: string; role: ScriptRole; named: boolean }> {
  const cfgTargets = new Map<string, { path: string; role: ScriptRole; named: boolean }>();
  for (const t of targets) {
    look(t.path);
    if (!t.searched) continue;
    const loaded = configs.forScript(t.path);
    if (Object.keys(loaded.config.server).length === 0) continue;
    for (const url of cfgUrls(t.path)) {
      // Only files inside the web root: a URL that climbs out of it names nothing to lint.
      const where = files.locate(url, loaded);
      if (where.kind !== "inside" || where.realPath === undefined) continue;
      const absolute = where.fsPath;
      const rel = relative(process.cwd(), absolute);
      const path = rel && !rel.startsWith("..") ? rel : absolute;
      cfgTargets.set(absolute, { path, role: "cfg-target", named: false });
    }
  }
  for (const target of cfgTargets.values()) look(target.path);
  return {
    *[Symbol.iterator]() {
      const reached = new Set<string>();
      for (const t of targets) {
        const absolute = resolve(t.path);
        const target = cfgTargets.get(absolute);
        if (!target) yield { path: t.path, role: "script", named: !t.searched };
        else if (!reached.has(absolute)) {
          reached.add(absolute);
          yield target;
        }
      }
      for (const [absolute, target] of cfgTargets) if (!reached.has(absolute)) yield target;
    },
  };
}

/** The URLs of the `cfg` lines of a script file (read quietly; problems show when it is linted). */
function cfgUrls(path: string): string[] {
  const bytes = readBounded(path, MAX_FILE_BYTES);
  if (!bytes.ok) return [];
  const read = decodeScript(bytes.bytes);
  if (!read.ok) return [];
  return configLoadLines(read.text).flatMap((line) => (line.url?.looksLikeUrl && !line.url.endsWithSlash ? [line.url.text] : []));
}

type Base = { readonly text: string | undefined } | { readonly error: string };

const verified = new Map<string, string | undefined>();

/**
 * The script's text at a git revision (undefined when the file did not exist there). A revision
 * git does not know is an error, not an empty base: a shallow CI clone without `origin/main`
 * must not switch check-serial-unchanged off silently.
 */
function baseText(path: string, revision: string): Base {
  const run = (args: string[], cwd: string) => gitSync(args, cwd);
  let top: string;
  try {
    top = run(["rev-parse", "--show-toplevel"], dirname(resolve(path))).trim();
  } catch {
    return { error: `--base ${revision}: '${path}' is not inside a git repository` };
  }
  if (!verified.has(top)) {
    try {
      run(["rev-parse", "--verify", "--quiet", `${revision}^{commit}`], top);
      verified.set(top, undefined);
    } catch {
      verified.set(top, `--base ${revision}: git does not know that revision (fetch it first, e.g. git fetch origin main)`);
    }
  }
  const problem = verified.get(top);
  if (problem) return { error: problem };
  const inRepo = relative(top, resolve(path)).split(sep).join("/");
  try {
    return { text: run(["show", `${revision}:${inRepo}`], top) };
  } catch {
    return { text: undefined };
  }
}

/** Whether every config file that applies is usable (what reportConfig answers, without printing). */
function configUsable(loaded: LoadedConfig): boolean {
  return sourcesOf(loaded).every((source) => !source.error && source.problems.length === 0);
}

const reported = new WeakSet<ConfigSource>();
const warnedIgnored = new Set<string>();

/**
 * Prints the problems of each config file once, and once each config file that is ignored;
 * false when a config file that applies is unusable.
 */
export function reportConfig(loaded: LoadedConfig, out: Console): boolean {
  const nameOf = (path: string) => relative(process.cwd(), path) || path;
  for (const ignored of loaded.ignored ?? []) {
    if (warnedIgnored.has(ignored.path)) continue;
    warnedIgnored.add(ignored.path);
    out.error(`warning: ignoring config '${nameOf(ignored.path)}': ${ignored.reason}`);
  }
  let usable = true;
  for (const source of sourcesOf(loaded)) {
    if (source.error || source.problems.length > 0) usable = false;
    if (reported.has(source)) continue;
    reported.add(source);
    const name = nameOf(source.path);
    if (source.error) out.error(`cannot read config '${name}': ${source.error}`);
    for (const p of source.problems) out.error(`${name}:${p.range.line + 1}:${p.range.column + 1}: ${p.message}`);
  }
  return usable;
}
