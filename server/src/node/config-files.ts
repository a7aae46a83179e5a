/**
 * Finding and reading `.upscriptrc.json` for a script: the nearest one in the script's folder or
 * above it. Shared by the CLI and the language server so both see the same settings.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CONFIG_FILE_NAME, DEFAULT_CONFIG, parseConfig, type ConfigProblem, type UpscriptConfig } from "@upscript/language";
import { readBounded } from "./bounded-read.js";

/** A configuration is a few hundred bytes; anything beyond this is not one (limit max-config-size). */
export const MAX_CONFIG_BYTES = 2 ** 20;

export interface LoadedConfig {
  readonly config: UpscriptConfig;
  /** The file it came from; undefined when no config file applies. */
  readonly path: string | undefined;
  /** Folder that relative paths in the config (the `server` map) are resolved against. */
  readonly directory: string;
  readonly problems: readonly ConfigProblem[];
  /** Set when the file exists but cannot be read at all. */
  readonly error?: string;
}

/** The nearest config file at or above `startDirectory`. */
export function findConfigFile(startDirectory: string): string | undefined {
  let directory = resolve(startDirectory);
  for (;;) {
    const candidate = join(directory, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

export function loadConfigFile(path: string): LoadedConfig {
  const directory = dirname(resolve(path));
  const read = readBounded(path, MAX_CONFIG_BYTES);
  if (!read.ok) return { config: DEFAULT_CONFIG, path, directory, problems: [], error: read.kind === "too-large" ? `${read.reason} (limit max-config-size)` : read.reason };
  const { config, problems } = parseConfig(read.bytes.toString("utf8"));
  return { config, path, directory, problems };
}

/** Loads configs by folder, reading each file once per run. */
export class ConfigCache {
  private readonly byDirectory = new Map<string, LoadedConfig>();
  private readonly byPath = new Map<string, LoadedConfig>();

  /** `explicit`: a `--config FILE` that applies to every script. */
  constructor(private readonly explicit?: string) {}

  forScript(scriptPath: string): LoadedConfig {
    if (this.explicit) return this.load(this.explicit);
    const directory = dirname(resolve(scriptPath));
    const cached = this.byDirectory.get(directory);
    if (cached) return cached;
    const path = findConfigFile(directory);
    const loaded = path ? this.load(path) : { config: DEFAULT_CONFIG, path: undefined, directory, problems: [] };
    this.byDirectory.set(directory, loaded);
    return loaded;
  }

  private load(path: string): LoadedConfig {
    const key = resolve(path);
    let loaded = this.byPath.get(key);
    if (!loaded) {
      loaded = loadConfigFile(path);
      this.byPath.set(key, loaded);
    }
    return loaded;
  }

  /** Every config file read so far. */
  loaded(): LoadedConfig[] {
    return [...this.byPath.values()];
  }

  /** Forgets everything read, after a config file changed. */
  clear(): void {
    this.byDirectory.clear();
    this.byPath.clear();
  }
}
