/**
 * Splits a URL word into scheme, user info, host, port, path and query, and finds its meta
 * sequences. `#` never starts a fragment here: in these scripts it introduces a meta sequence
 * (`#h`, `#bn`) that the device replaces.
 */
import type { MetaRef, UrlArg, UrlPart, UrlProblem, Word } from "./ast.js";
import { META_SEQUENCES, URL_SCHEMES, type MetaName } from "./catalog.js";
import { subRange, type Range } from "./range.js";

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const knownMeta = new Set<string>(META_SEQUENCES.map((m) => m.name));

/** A word that starts with a scheme (`http:`) is meant as a URL, well formed or not. */
export function looksLikeUrl(text: string): boolean {
  return SCHEME.test(text);
}

export function parseUrl(word: Word): UrlArg {
  const text = word.text;
  const range = word.range;
  const part = (from: number, to: number): UrlPart => ({ text: text.slice(from, to), range: subRange(range, from, to) });
  const problems: UrlProblem[] = [];
  const problem = (message: string, from = 0, to = text.length) => problems.push({ message, range: subRange(range, from, to) });
  const metas = findMetas(text, range);

  const schemeMatch = SCHEME.exec(text);
  if (!schemeMatch) {
    return { ...word, looksLikeUrl: false, metas, endsWithSlash: false, problems };
  }
  const schemeEnd = schemeMatch[0].length - 1;
  const scheme = part(0, schemeEnd);
  const result: { -readonly [K in keyof UrlArg]?: UrlArg[K] } = { scheme };
  if (!(URL_SCHEMES as readonly string[]).includes(scheme.text.toLowerCase())) {
    problem(`unsupported scheme '${scheme.text}': the device fetches only http and https URLs`, 0, schemeEnd);
  }
  let pos = schemeEnd + 1;
  if (!text.startsWith("//", pos)) {
    problem(`'${scheme.text}:' must be followed by '//' and a host`, 0, Math.min(text.length, pos + 2));
  } else {
    pos += 2;
    let authorityEnd = text.length;
    for (let i = pos; i < text.length; i++) {
      const c = text[i];
      if (c === "/" || c === "?") {
        authorityEnd = i;
        break;
      }
    }
    const at = text.lastIndexOf("@", authorityEnd - 1);
    let hostStart = pos;
    if (at >= pos) {
      result.userinfo = part(pos, at);
      hostStart = at + 1;
    }
    let hostEnd = authorityEnd;
    if (text[hostStart] === "[") {
      const close = text.indexOf("]", hostStart);
      if (close < 0 || close >= authorityEnd) problem("IPv6 address without closing ']'", hostStart, authorityEnd);
      else hostEnd = close + 1;
    }
    const colon = text.indexOf(":", hostEnd === authorityEnd ? hostStart : hostEnd);
    if (colon >= 0 && colon < authorityEnd) {
      hostEnd = colon;
      result.port = part(colon + 1, authorityEnd);
      const port = result.port.text;
      if (!/^\d+$/.test(port) || Number(port) > 65535 || Number(port) === 0) {
        problem(port === "" ? "empty port after ':'" : `port '${port}' is not a number from 1 to 65535`, colon, authorityEnd);
      }
    }
    if (hostEnd === hostStart) {
      problem("the URL has no host", 0, Math.max(authorityEnd, pos));
    } else {
      result.host = part(hostStart, hostEnd);
      const bad = /[^A-Za-z0-9.\-_~%#[\]:]/.exec(result.host.text);
      if (bad) problem(`character '${bad[0]}' is not allowed in a host name`, hostStart + bad.index, hostStart + bad.index + 1);
    }
    pos = authorityEnd;
  }
  const queryStart = text.indexOf("?", pos);
  const pathEnd = queryStart < 0 ? text.length : queryStart;
  if (pathEnd > pos) result.path = part(pos, pathEnd);
  if (queryStart >= 0) result.query = part(queryStart + 1, text.length);
  for (const m of text.matchAll(/%(?![0-9A-Fa-f]{2})/g)) {
    problem("'%' must be followed by two hex digits", m.index, Math.min(text.length, m.index + 3));
  }
  return {
    ...word,
    ...result,
    looksLikeUrl: true,
    metas,
    endsWithSlash: queryStart < 0 && text.endsWith("/") && pos < text.length,
    problems,
  };
}

function findMetas(text: string, range: Range): MetaRef[] {
  const metas: MetaRef[] = [];
  for (let i = text.indexOf("#"); i >= 0; i = text.indexOf("#", i + 1)) {
    const two = text.slice(i + 1, i + 3);
    const one = text.slice(i + 1, i + 2);
    const name = two === "bn" ? "bn" : knownMeta.has(one) ? one : undefined;
    const length = name ? name.length + 1 : Math.min(2, text.length - i);
    metas.push({ text: text.slice(i, i + length), name: name as MetaName | undefined, range: subRange(range, i, i + length) });
    if (name === "bn") i++;
  }
  return metas;
}
