/** The .gitignore files that apply below a folder, as git applies them (the CLI's search, the language server's scan). */
import { existsSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { readBounded } from "./bounded-read.js";

/**
 * A test for paths below `folder` against the .gitignore files of the folder, its subfolders'
 * parents up to the repository root (the folder holding .git), as git applies them.
 */
export function gitignoreFor(folder: string): (file: string) => boolean {
  const layers: { base: string; rules: Ignore }[] = [];
  let dir = folder;
  for (;;) {
    const file = join(dir, ".gitignore");
    const rules = ignoreFile(file);
    if (rules) layers.push({ base: dir, rules });
    if (existsSync(join(dir, ".git")) || dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  const nested = new Map<string, Ignore | null>();
  const nestedRules = (dirPath: string): Ignore | null => {
    if (!nested.has(dirPath)) {
      const file = join(dirPath, ".gitignore");
      nested.set(dirPath, ignoreFile(file));
    }
    return nested.get(dirPath)!;
  };
  return (file) => {
    for (const { base, rules } of layers) {
      const rel = relative(base, file).split(sep).join("/");
      if (rel && !rel.startsWith("..") && rules.ignores(rel)) return true;
    }
    // .gitignore files inside the searched folder apply to what lies below them.
    let dirPath = dirname(file);
    while (dirPath.startsWith(folder + sep)) {
      const rules = nestedRules(dirPath);
      if (rules && rules.ignores(relative(dirPath, file).split(sep).join("/"))) return true;
      dirPath = dirname(dirPath);
    }
    return false;
  };
}

/** A .gitignore's rules; null when there is none (or it is not a regular file of sane size). */
function ignoreFile(path: string): Ignore | null {
  const read = readBounded(path, 2 ** 20);
  return read.ok ? ignore().add(read.bytes.toString("utf8")) : null;
}
