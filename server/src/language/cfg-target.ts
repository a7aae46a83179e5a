/**
 * Files that cfg lines load, as the core sees them through a resolver. A resolver hands out the
 * same object for the same file (see docs/limits.md), so its tree is parsed once here, however
 * many cfg lines load it.
 */
import { LIMITS, parse, type Script } from "@upscript/grammar";
import type { ResolvedFile } from "./resolver.js";

type Found = Extract<ResolvedFile, { kind: "found" }>;

const trees = new WeakMap<Found, Script>();

/** The syntax tree of a found file's text (undefined when its text was not read). */
export function targetTree(file: Found): Script | undefined {
  if (file.text === undefined) return undefined;
  let tree = trees.get(file);
  if (!tree) {
    tree = parse(file.text).tree;
    trees.set(file, tree);
  }
  return tree;
}

/** Why a found file was not read, naming the file and the limit. */
export function notReadMessage(file: Found): string {
  return file.notRead === "budget"
    ? `${file.path} was not read, so it was not checked: the files this script's cfg lines load add up to more than the ${LIMITS.maxCfgBytesPerScript / 2 ** 20} MB upscript reads for one script (limit max-cfg-bytes-per-script)`
    : `${file.path} is larger than the ${LIMITS.maxCfgFileBytes / 2 ** 20} MB upscript reads for a file loaded by cfg (limit max-cfg-file-size), so it was not checked; a configuration file is a few KB: is this a firmware image?`;
}
