/**
 * Splits a URL word into scheme, user info, host, port, path and query, and finds its meta
 * sequences. `#` never starts a fragment here: in these scripts it introduces a meta sequence
 * (`#h`, `#bn`) that the device replaces.
 */
import type { MetaRef, UrlArg, UrlPart, UrlProblem, Word } from "./ast.js";
import { META_SEQUENCES, URL_SCHEMES, type MetaName } from "./catalog.js";
import { exact, none } from "./arrays.js";
import { subRange, type Range } from "./range.js";

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const knownMeta = new Set<string>(META_SEQUENCES.map((m) => m.name));

/** A word that starts with a scheme (`http:`) is meant as a URL, well formed or not. */
export function looksLikeUrl(text: string): boolean {
  return SCHEME.test(text);
}

export function parseUrl(word: Word): UrlArg {
  const { text, range } = word;
  const part = (from: number, to: number): UrlPart => ({ text: text.slice(from, to), range: subRange(range, from, to) });
  const problems: UrlProblem[] = [];
  const problem = (message: string, from = 0, to = text.length) => problems.push({ message, range: subRange(range, from, to) });
  const metas = text.includes("#") ? findMetas(text, range) : none<MetaRef>();
  let scheme: UrlPart | undefined;
  let userinfo: UrlPart | undefined;
  let host: UrlPart | undefined;
  let port: UrlPart | undefined;
  let path: UrlPart | undefined;
  let query: UrlPart | undefined;
  let endsWithSlash = false;

  const schemeMatch = SCHEME.exec(text);
  if (schemeMatch) {
    const schemeEnd = schemeMatch[0].length - 1;
    scheme = part(0, schemeEnd);
    if (!(URL_SCHEMES as readonly string[]).includes(scheme.text.toLowerCase())) {
      problem(`unsupported scheme '${scheme.text}': the device fetches only http and https URLs`, 0, schemeEnd);
    }
    let pos = schemeEnd + 1;
    if (!text.startsWith("//", pos)) {
      let slashes = pos;
      while (text[slashes] === "/") slashes++;
      problem(`'${scheme.text}:' must be followed by '//' and a host`, 0, slashes);
    } else {
      pos += 2;
      let authorityEnd = text.length;
      for (let i = pos; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 47 /* / */ || c === 63 /* ? */) {
          authorityEnd = i;
          break;
        }
      }
      const at = text.lastIndexOf("@", authorityEnd - 1);
      let hostStart = pos;
      if (at >= pos) {
        userinfo = part(pos, at);
        hostStart = at + 1;
      }
      let hostEnd = authorityEnd;
      // The port colon comes after the host; inside [IPv6] brackets colons belong to the address.
      let portSearch = hostStart;
      if (text[hostStart] === "[") {
        const close = text.indexOf("]", hostStart);
        if (close < 0 || close >= authorityEnd) {
          problem("IPv6 address without closing ']'", hostStart, authorityEnd);
          portSearch = authorityEnd;
        } else hostEnd = portSearch = close + 1;
      }
      const colon = text.indexOf(":", portSearch);
      if (colon >= 0 && colon < authorityEnd) {
        hostEnd = colon;
        port = part(colon + 1, authorityEnd);
        const value = port.text;
        if (!/^\d+$/.test(value) || Number(value) > 65535 || Number(value) === 0) {
          problem(value === "" ? "empty port after ':'" : `port '${value}' is not a number from 1 to 65535`, colon, authorityEnd);
        }
      }
      if (hostEnd === hostStart) {
        problem("the URL has no host", 0, Math.max(authorityEnd, pos));
      } else {
        host = part(hostStart, hostEnd);
        const bad = HOST_CHAR.exec(host.text);
        if (bad) problem(`character '${bad[0]}' is not allowed in a host name`, hostStart + bad.index, hostStart + bad.index + 1);
      }
      pos = authorityEnd;
    }
    const queryStart = text.indexOf("?", pos);
    const pathEnd = queryStart < 0 ? text.length : queryStart;
    if (pathEnd > pos) path = part(pos, pathEnd);
    if (queryStart >= 0) query = part(queryStart + 1, text.length);
    endsWithSlash = queryStart < 0 && pos < text.length && text.charCodeAt(text.length - 1) === 47;
    for (let i = text.indexOf("%"); i >= 0; i = text.indexOf("%", i + 1)) {
      if (!isHex(text.charCodeAt(i + 1)) || !isHex(text.charCodeAt(i + 2))) problem("'%' must be followed by two hex digits", i, Math.min(text.length, i + 3));
    }
  }
  return { text, range, looksLikeUrl: scheme !== undefined, scheme, userinfo, host, port, path, query, metas: exact(metas), endsWithSlash, problems: exact(problems) };
}

const HOST_CHAR = /[^A-Za-z0-9.\-_~%#[\]:]/;

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
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
