/**
 * Which scripts load which cfg targets: for "find references" from a target back to the scripts,
 * and to re-check scripts when a target changes. Filled by a bounded background scan of the
 * workspace folders; open documents replace their scanned entry.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse, type Range, type Script } from "@upscript/grammar";
import { mapUrl } from "@upscript/language";
import { resolve as resolvePath } from "node:path";
import type { ConfigCache } from "../node/config-files.js";

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

const SCRIPT_NAME = /(\.upscript|^update[^/\\]*\.(htm|txt))$/i;
const SKIP_DIRS = new Set(["node_modules", ".git", ".svn", ".hg", "dist", "out"]);

export class CfgIndex {
  /** script path → its references */
  private readonly byScript = new Map<string, CfgReference[]>();

  constructor(private readonly configs: ConfigCache) {}

  /** Records the cfg lines of one script (from disk, or the parse of an open editor's text). */
  update(scriptPath: string, source: string | Script): void {
    const loaded = this.configs.forScript(scriptPath);
    const refs: CfgReference[] = [];
    if (Object.keys(loaded.config.server).length > 0) {
      const tree = typeof source === "string" ? parse(source).tree : source;
      for (const line of tree.lines) {
        if (line.kind !== "module" || line.id !== "cfg" || !line.url?.looksLikeUrl) continue;
        refs.push({ script: scriptPath, range: line.url.range, url: line.url.text });
      }
    }
    if (refs.length) this.byScript.set(scriptPath, refs);
    else this.byScript.delete(scriptPath);
  }

  remove(scriptPath: string): void {
    this.byScript.delete(scriptPath);
  }

  /** The file a cfg URL of `scriptPath` loads, through that script's web root map. */
  targetOf(scriptPath: string, url: string): string | undefined {
    const loaded = this.configs.forScript(scriptPath);
    const mapped = mapUrl(url, loaded.config.server);
    return mapped ? resolvePath(loaded.directory, mapped.folder, ...mapped.relativePath.split("/")) : undefined;
  }

  /** Every cfg line, in any known script, that loads `targetPath`. */
  referencesTo(targetPath: string): CfgReference[] {
    const out: CfgReference[] = [];
    for (const [script, refs] of this.byScript) {
      for (const ref of refs) if (this.targetOf(script, ref.url) === targetPath) out.push(ref);
    }
    return out.sort((a, b) => (a.script < b.script ? -1 : a.script > b.script ? 1 : a.range.start - b.range.start));
  }

  /** Scripts that load `targetPath`. */
  scriptsLoading(targetPath: string): string[] {
    return [...new Set(this.referencesTo(targetPath).map((r) => r.script))];
  }

  /**
   * Walks the folders for scripts, a few at a time between event-loop turns, within the limits;
   * stops early when `cancelled()` says so. Resolves with the number of scripts read.
   */
  async scan(folders: readonly string[], cancelled: () => boolean, limits: ScanLimits = DEFAULT_SCAN_LIMITS): Promise<{ files: number; complete: boolean }> {
    const started = Date.now();
    const queue = [...folders];
    let files = 0;
    let visited = 0;
    while (queue.length) {
      if (cancelled() || files >= limits.maxFiles || Date.now() - started > limits.maxMillis) return { files, complete: false };
      if (++visited % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      const dir = queue.shift()!;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".")) queue.push(path);
        } else if (entry.isFile() && SCRIPT_NAME.test(entry.name)) {
          try {
            if (statSync(path).size > 4 * 2 ** 20) continue;
            this.update(path, readFileSync(path, "utf8"));
            files++;
          } catch {
            // Unreadable files are simply not indexed.
          }
        }
      }
    }
    return { files, complete: true };
  }
}
