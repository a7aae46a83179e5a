/** `upscript lint [PATH|GLOB …]` */
import { execFileSync } from "node:child_process";
import { dirname, relative, resolve, sep } from "node:path";
import { parse } from "@upscript/grammar";
import { fixAll, isRuleId, lint, type Diagnostic, type ScriptRole, type UpscriptConfig } from "@upscript/language";
import { readBounded } from "../node/bounded-read.js";
import { ConfigCache, sourcesOf, type ConfigSource, type LoadedConfig } from "../node/config-files.js";
import { fsResolver, locate } from "../node/web-root.js";
import { collect, type Target } from "./files.js";
import { gcc } from "./format/gcc.js";
import { json } from "./format/json.js";
import { sarif } from "./format/sarif.js";
import { stylish } from "./format/stylish.js";
import type { FileResult, Formatter } from "./format/types.js";
import { MAX_FILE_BYTES, decodeScript, readScript, readStdin, rewriteRoots, writeAtomic } from "./io.js";
import { ExitCode, type Console } from "./process.js";

export const formatters: Record<string, Formatter> = { stylish, json, sarif, gcc };

export interface LintOptions {
  readonly format: string;
  readonly config?: string;
  readonly maxWarnings?: string;
  readonly rule: readonly string[];
  readonly fix?: boolean;
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
  if (options.stdin && options.fix) return usage(out, "--fix cannot rewrite standard input; run it on the file");
  if (options.stdin && args.length) return usage(out, "--stdin reads the script from standard input; give no paths");
  if (!options.stdin && args.length === 0) return usage(out, "name the scripts or folders to check (e.g. upscript lint .)");

  const configs = new ConfigCache(options.config);
  if (options.config && !reportConfig(configs.forScript(options.config), out)) return ExitCode.Usage;
  const withOverrides = (config: UpscriptConfig): UpscriptConfig => (options.rule.length ? { ...config, rules: { ...config.rules, ...overrides } } : config);
  let failed = false;
  const results: FileResult[] = [];

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
      resolve: fsResolver(loaded),
      fileName: path,
      role,
      ...(base !== undefined && { base }),
    });
  };

  if (options.stdin) {
    const name = options.stdinFilename ?? "<stdin>";
    const loaded = configs.forScript(resolve(name));
    if (!reportConfig(loaded, out)) return ExitCode.Usage;
    const read = await readStdin();
    if (!read.ok) {
      out.error(`cannot read standard input: ${read.reason}`);
      return ExitCode.Usage;
    }
    const base = options.base === undefined ? undefined : baseOf(name);
    if (base && "error" in base) return usage(out, base.error);
    results.push({ file: name, diagnostics: check(name, read.text, "script", loaded) });
  } else {
    const { targets, missing, empty } = await collect(args, configs);
    for (const m of missing) out.error(`cannot read '${m.arg}': ${m.reason}`);
    for (const e of empty) out.error(`no scripts found in '${e}'`);
    failed = missing.length > 0;
    const all = withCfgTargets(targets, configs);
    for (const { path, role, named } of all) {
      const loaded = configs.forScript(path);
      if (!reportConfig(loaded, out)) return ExitCode.Usage;
      const read = await readScript(path);
      if (!read.ok) {
        // A FIFO or device found by a search is passed over; one named on the command line is an error.
        const skipped = read.skipped || (read.special && !named);
        out.error(skipped ? `skipping '${path}': ${read.reason}` : `cannot read '${path}': ${read.reason}`);
        failed ||= !skipped;
        continue;
      }
      const base = options.base === undefined ? undefined : baseOf(path);
      if (base && "error" in base) return usage(out, base.error);
      let diagnostics = check(path, read.text, role, loaded);
      if (options.fix && diagnostics.some((d) => d.fixes.length > 0)) {
        const fixed = fixAll(read.text, (text) => check(path, text, role, loaded));
        if (fixed.text !== read.text) {
          const written = await writeAtomic(path, (read.bom ? "\uFEFF" : "") + fixed.text, { snapshot: read, roots: rewriteRoots(args, loaded.path) });
          if (!written.ok) {
            out.error(`cannot write '${path}': ${written.reason}; left unchanged`);
            failed = true;
          } else diagnostics = check(path, fixed.text, role, loaded);
        }
      }
      results.push({ file: path, diagnostics });
    }
  }

  const shown = options.quiet ? results.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === "error") })) : results;
  out.write(formatter(shown, out.style));
  if (failed) return ExitCode.Usage;
  const errors = results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === "error").length, 0);
  const warnings = results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === "warning").length, 0);
  if (errors > 0) return ExitCode.Problems;
  if (maxWarnings !== undefined && maxWarnings >= 0 && warnings > maxWarnings) {
    out.error(`${warnings} warning${warnings === 1 ? "" : "s"}, more than --max-warnings ${maxWarnings}`);
    return ExitCode.Problems;
  }
  return ExitCode.Clean;
}

function usage(out: Console, message: string): ExitCode {
  out.error(message);
  return ExitCode.Usage;
}

/**
 * Files searched in folders, plus the cfg targets their `cfg` lines reach through the web root
 * map, which are checked as cfg targets (where `mod cmd UP0 cfg` must not appear).
 */
function withCfgTargets(targets: readonly Target[], configs: ConfigCache): { path: string; role: ScriptRole; named: boolean }[] {
  const out = new Map<string, { path: string; role: ScriptRole; named: boolean }>();
  for (const t of targets) out.set(resolve(t.path), { path: t.path, role: "script", named: !t.searched });
  for (const t of targets) {
    if (!t.searched) continue;
    const loaded = configs.forScript(t.path);
    if (Object.keys(loaded.config.server).length === 0) continue;
    for (const url of cfgUrls(t.path)) {
      // Only files inside the web root: a URL that climbs out of it names nothing to lint.
      const where = locate(url, loaded);
      if (where.kind !== "inside" || where.realPath === undefined) continue;
      const absolute = where.fsPath;
      const rel = relative(process.cwd(), absolute);
      const path = rel && !rel.startsWith("..") ? rel : absolute;
      out.set(absolute, { path, role: "cfg-target", named: false });
    }
  }
  return [...out.values()];
}

/** The URLs of the `cfg` lines of a script file (read quietly; problems show when it is linted). */
function cfgUrls(path: string): string[] {
  const bytes = readBounded(path, MAX_FILE_BYTES);
  if (!bytes.ok) return [];
  const read = decodeScript(bytes.bytes);
  if (!read.ok) return [];
  return parse(read.text).tree.lines.flatMap((line) =>
    line.kind === "module" && line.id === "cfg" && line.url?.looksLikeUrl && !line.url.endsWithSlash ? [line.url.text] : [],
  );
}

type Base = { readonly text: string | undefined } | { readonly error: string };

const verified = new Map<string, string | undefined>();

/**
 * The script's text at a git revision (undefined when the file did not exist there). A revision
 * git does not know is an error, not an empty base: a shallow CI clone without `origin/main`
 * must not switch check-serial-unchanged off silently.
 */
function baseText(path: string, revision: string): Base {
  const run = (args: string[], cwd: string) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 * 2 ** 20 });
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
