/** Helpers for the URL rules: which URLs they look at, and small pieces of URL syntax. */
import { subRange, type Range, type Script, type UrlArg, type UrlPart } from "@upscript/grammar";
import { isTransfer, type TransferCommand } from "./util.js";

export interface TransferUrl {
  readonly line: TransferCommand;
  readonly url: UrlArg;
}

/**
 * The URL slot of every prot, boot, bmc, cfg and scfg line that holds something shaped like a URL.
 * A word that is no URL at all belongs to missing-url.
 */
export function transferUrls(script: Script): TransferUrl[] {
  const out: TransferUrl[] = [];
  for (const line of script.lines) {
    if (isTransfer(line) && line.url?.looksLikeUrl) out.push({ line, url: line.url });
  }
  return out;
}

/**
 * Four decimal numbers 0–255 of one to three digits, separated by dots. A scan, not a split and
 * four regex tests: it runs for every URL of every script (a tenth of a folder lint's rule time).
 */
export function isIPv4(text: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255 || ++parts > 4) return false;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      digits++;
      value = value * 10 + (c - 48);
    } else return false;
  }
  return parts === 4;
}

export interface QueryParam {
  /** `name=value` as written. */
  readonly text: string;
  readonly name: string;
  /** undefined when there is no `=`. */
  readonly value: string | undefined;
  readonly range: Range;
}

/** The `&`-separated parameters of a query, each with its range; empty pieces are skipped. */
export function queryParams(query: UrlPart): QueryParam[] {
  const out: QueryParam[] = [];
  let from = 0;
  for (const piece of query.text.split("&")) {
    if (piece !== "") {
      const eq = piece.indexOf("=");
      out.push({
        text: piece,
        name: eq < 0 ? piece : piece.slice(0, eq),
        value: eq < 0 ? undefined : piece.slice(eq + 1),
        range: subRange(query.range, from, from + piece.length),
      });
    }
    from += piece.length + 1;
  }
  return out;
}

/** Whether two ranges share at least one character (or an empty range lies inside the other). */
export function overlaps(a: Range, b: Range): boolean {
  return a.start < b.end && b.start < a.end;
}
