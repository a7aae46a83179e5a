import { META_SEQUENCES, subRange, type MetaRef, type Range, type UrlArg } from "@upscript/grammar";
import type { Fix } from "../diagnostic.js";
import { editDistance } from "../spelling.js";
import { replaceFix } from "./util.js";
import { transferUrls } from "./util-url.js";
import { updateUrls } from "./util-update-url.js";
import { defineRule } from "./types.js";

const KNOWN = META_SEQUENCES.map((m) => `#${m.name}`);

/** A `#x` in a transfer URL that is no known meta sequence. */
export default defineRule({
  id: "unknown-meta",
  severity: "warning",
  category: "correctness",
  description: "A #x in a prot, boot, bmc, cfg or scfg URL or in the update URL (config UP1 /url) that is no known meta sequence (#F #B #H #h #m #d #bn #i #t).",
  fixable: "none",
  scope: "line",
  check({ script, report }) {
    const found = (text: string, range: Range, where: string, editable: boolean) => {
      const candidates = KNOWN.filter((known) => resembles(text, known));
      const hint = candidates.length ? ` Did you mean ${candidates.map((c) => `'${c}'`).join(" or ")}? Case matters.` : "";
      const what = text === "#" ? `a lone '#' ends the ${where}` : `'${text}' is no meta sequence`;
      report({
        range,
        message: `${what}: the device sends it unchanged. Known meta sequences: ${KNOWN.join(" ")}.${hint}`,
        suggestions: editable ? candidates.map((c): Fix => replaceFix("unsafe", `Write '${c}'`, range, c)) : [],
      });
    };
    for (const { line, url } of transferUrls(script)) {
      for (const meta of url.metas) {
        if (meta.name !== undefined) continue;
        const { text, range } = widen(meta, url);
        found(text, range, `${line.id} URL`, true);
      }
    }
    // The update URL, decoded. Its meta sequences' ranges are the whole word unless it was written plain,
    // so `#bN` is widened by the position in the decoded text (the n-th meta sequence starts at the n-th '#').
    for (const { value, url, exact } of updateUrls(script)) {
      let hash = -1;
      for (const meta of url.metas) {
        hash = url.text.indexOf("#", hash + 1);
        if (meta.name !== undefined) continue;
        if (exact) {
          const { text, range } = widen(meta, url);
          found(text, range, "update URL", true);
        } else {
          const wide = meta.text.toLowerCase() === "#b" && url.text[hash + 2]?.toLowerCase() === "n";
          found(wide ? url.text.slice(hash, hash + 3) : meta.text, value.range, "update URL", false);
        }
      }
    }
  },
});

/** `#bN`: the parser stops at `#b`; take the `N` along so that `#bn` can replace both. */
function widen(meta: MetaRef, url: UrlArg): { text: string; range: Range } {
  const offset = meta.range.start - url.range.start;
  const next = url.text[offset + meta.text.length];
  if (meta.text.toLowerCase() === "#b" && next?.toLowerCase() === "n") {
    return { text: url.text.slice(offset, offset + 3), range: subRange(url.range, offset, offset + 3) };
  }
  return { text: meta.text, range: meta.range };
}

/** The same sequence written in another case, or `#b` for `#bn`. */
function resembles(written: string, known: string): boolean {
  const a = written.toLowerCase();
  const b = known.toLowerCase();
  return a.length > 1 && (editDistance(a, b) === 0 || (a === "#b" && b === "#bn"));
}
