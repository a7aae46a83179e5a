/**
 * Document links and the cfg go-to-definition target: URLs of prot, boot, bmc and cfg lines
 * that the declared web root serves from a local file. Reading is the resolver's job
 * (`context.resolve`); without one there are no links.
 *
 * scfg uploads, so its URL names no existing file and gets no link. A prot or boot URL ending
 * in `/` links to the default file of each target product; bmc and cfg URLs ending in `/` have
 * no usable default name and get none.
 */
import { hasShape, isConfigLoad, type LineNode, type TransferLine, type UrlArg } from "@upscript/grammar";
import type { ResolvedFile, Resolver } from "../resolver.js";
import { defaultFileNames } from "./inlay-hints.js";
import type { DocumentContext, LinkResult, Position } from "./types.js";

export interface CfgTarget {
  /** The URL as written on the cfg line. */
  readonly url: string;
  /** Absolute location, when the resolver knows it. */
  readonly fsPath?: string;
  /** The file as messages show it (relative to the config's folder). */
  readonly path: string;
  /** False when the web root has no such file (the device would get failed(404)). */
  readonly exists: boolean;
}

export function documentLinks(context: DocumentContext): LinkResult[] {
  const resolve = context.resolve;
  if (!resolve) return [];
  const out: LinkResult[] = [];
  for (const line of context.parsed.tree.lines) {
    if (!isLinkable(line) || !line.url?.looksLikeUrl) continue;
    const url = line.url;
    const seen = new Set<string>();
    for (const candidate of candidateUrls(context, line, url)) {
      const file = safeResolve(resolve, candidate);
      if (file?.kind !== "found" || !file.fsPath || seen.has(file.fsPath)) continue;
      seen.add(file.fsPath);
      out.push({ range: url.range, fsPath: file.fsPath });
    }
  }
  return out;
}

/** The file the cfg line at `position` loads (the cursor may be anywhere on the line). */
export function cfgTarget(context: DocumentContext, position: Position): CfgTarget | undefined {
  const line = context.parsed.tree.lines[position.line];
  if (!context.resolve || !line || !isConfigLoad(line) || !line.url?.looksLikeUrl) return undefined;
  const url = line.url.text;
  const file = safeResolve(context.resolve, url);
  // Outside the web root, or refused by its boundary: there is no local file to go to.
  if (!file || file.kind === "unmapped" || file.kind === "refused") return undefined;
  // An unreadable file is there (too large, no permission); only a missing one does not exist.
  return { url, ...(file.fsPath !== undefined && { fsPath: file.fsPath }), path: file.path, exists: file.kind !== "missing" };
}

function isLinkable(line: LineNode): line is TransferLine {
  return hasShape(line, "transfer");
}

function candidateUrls(context: DocumentContext, line: TransferLine, url: UrlArg): string[] {
  if (!url.endsWithSlash) return [url.text];
  const kind = line.spec.transfer?.defaultFile;
  if (!kind) return [];
  return defaultFileNames(context, kind).map((n) => `${url.text}${n.name}`);
}

/** A resolver belongs to the caller and may fail on odd input; an editor feature must not. */
function safeResolve(resolve: Resolver, url: string): ResolvedFile | undefined {
  try {
    return resolve(url);
  } catch {
    return undefined;
  }
}
