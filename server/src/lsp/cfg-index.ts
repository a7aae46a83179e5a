/**
 * Which scripts load which cfg targets: for "find references" from a target back to the scripts,
 * and to re-check scripts when a target changes. Filled by a bounded background scan of the
 * workspace folders; open documents replace their scanned entry.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { LIMITS, configLoadLines, isConfigLoad, type Range, type Script } from "@upscript/grammar";
import { isScriptFileName, isSkippedFolderName } from "@upscript/language";
import { readBounded } from "../node/bounded-read.js";
import type { ConfigCache, LoadedConfig } from "../node/config-files.js";
import { gitignoreFor } from "../node/gitignore.js";
import { locate } from "../node/web-root.js";

export interface CfgReference {
  /** The script's file path. */
  readonly script: string;
  /** The URL word of its cfg line. */
  readonly range: Range;
  readonly url: string;
}

export interface ScanLimits {
  readonly maxFiles: number;
  readonly maxMillis: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxFiles: 5000, maxMillis: 10_000 };


export class CfgIndex {
  /** script path → its references */
  private readonly byScript = new Map<string, CfgReference[]>();
  /**
   * target path → script path → that script's references to it: every check asks which scripts
   * load its document, so the answer must not resolve every cfg line of the workspace again.
   * Built on the first question, kept up to date by `update` and `remove`, dropped by `retarget`.
   */
  private byTarget: Map<string, Map<string, CfgReference[]>> | undefined;
  /** script path → the targets it is listed under in `byTarget` */
  private readonly targetsOf = new Map<string, string[]>();
  /** Where each URL of a config's web root map leads; a new config (after a change) starts empty. */
  private located = new WeakMap<LoadedConfig, Map<string, string | undefined>>();

  constructor(private readonly configs: ConfigCache) {}

  /** Records the cfg lines of one script (from disk, or the parse of an open editor's text). */
  update(scriptPath: string, source: string | Script): void {
    const loaded = this.configs.forScript(scriptPath);
    const refs: CfgReference[] = [];
    if (Object.keys(loaded.config.server).length > 0) {
      const lines = typeof source === "string" ? configLoadLines(source) : source.lines.filter(isConfigLoad);
      for (const line of lines) {
        if (!line.url?.looksLikeUrl) continue;
        refs.push({ script: scriptPath, range: line.url.range, url: line.url.text });
      }
    }
    this.unlink(scriptPath);
    if (refs.length) {
      this.byScript.set(scriptPath, refs);
      this.link(scriptPath, refs);
    } else {
      this.byScript.delete(scriptPath);
    }
  }

  remove(scriptPath: string): void {
    this.unlink(scriptPath);
    this.byScript.delete(scriptPath);
  }

  /** Configs or files changed on disk: where URLs lead is worked out again when next asked. */
  retarget(): void {
    this.byTarget = undefined;
    this.targetsOf.clear();
    this.located = new WeakMap();
  }

  /** The file a cfg URL of `scriptPath` loads, through that script's web root map. */
  targetOf(scriptPath: string, url: string): string | undefined {
    const where = locate(url, this.configs.forScript(scriptPath));
    return where.kind === "inside" ? where.fsPath : undefined;
  }

  /** Every cfg line, in any known script, that loads `targetPath`. */
  referencesTo(targetPath: string): CfgReference[] {
    if (!this.byTarget) {
      this.byTarget = new Map();
      for (const [script, refs] of this.byScript) this.link(script, refs);
    }
    const out: CfgReference[] = [];
    for (const refs of this.byTarget.get(targetPath)?.values() ?? []) out.push(...refs);
    return out.sort((a, b) => (a.script < b.script ? -1 : a.script > b.script ? 1 : a.range.start - b.range.start));
  }

  /** Scripts that load `targetPath`. */
  scriptsLoading(targetPath: string): string[] {
    return [...new Set(this.referencesTo(targetPath).map((r) => r.script))];
  }

  /** Lists a script's references under their targets (when `byTarget` has been built). */
  private link(script: string, refs: readonly CfgReference[]): void {
    if (!this.byTarget) return;
    const loaded = this.configs.forScript(script);
    let memo = this.located.get(loaded);
    if (!memo) this.located.set(loaded, (memo = new Map()));
    const targets: string[] = [];
    for (const ref of refs) {
      if (!memo.has(ref.url)) memo.set(ref.url, this.targetOf(script, ref.url));
      const target = memo.get(ref.url);
      if (target === undefined) continue;
      let scripts = this.byTarget.get(target);
      if (!scripts) this.byTarget.set(target, (scripts = new Map()));
      const list = scripts.get(script);
      if (list) list.push(ref);
      else {
        scripts.set(script, [ref]);
        targets.push(target);
      }
    }
    if (targets.length) this.targetsOf.set(script, targets);
  }

  private unlink(script: string): void {
    for (const target of this.targetsOf.get(script) ?? []) {
      const scripts = this.byTarget?.get(target);
      scripts?.delete(script);
      if (scripts?.size === 0) this.byTarget!.delete(target);
    }
    this.targetsOf.delete(script);
  }

  /**
   * Walks the folders for scripts, a few at a time between event-loop turns, within the limits;
   * stops early when `cancelled()` says so. Resolves with the number of scripts read.
   */
  async scan(folders: readonly string[], cancelled: () => boolean, limits: ScanLimits = DEFAULT_SCAN_LIMITS): Promise<{ files: number; complete: boolean }> {
    const started = Date.now();
    // The files the CLI's folder search picks too (isScriptFileName, isSkippedFolderName, .gitignore).
    const queue = folders.map((folder) => ({ dir: folder, ignored: gitignoreFor(folder) }));
    let files = 0;
    let visited = 0;
    while (queue.length) {
      if (cancelled() || files >= limits.maxFiles || Date.now() - started > limits.maxMillis) return { files, complete: false };
      if (++visited % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      const { dir, ignored } = queue.shift()!;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!isSkippedFolderName(entry.name)) queue.push({ dir: path, ignored });
        } else if (entry.isFile() && isScriptFileName(entry.name) && !ignored(path)) {
          // Bounded and non-blocking: a FIFO, a device or a file swapped for one since readdir is
          // refused at once instead of stalling the scan; a file too large for a script is skipped.
          const read = readBounded(path, LIMITS.maxCfgFileBytes);
          if (!read.ok) continue;
          try {
            this.update(path, read.bytes.toString("utf8"));
            files++;
          } catch {
            // A script that cannot be indexed is simply left out.
          }
        }
      }
    }
    return { files, complete: true };
  }
}
