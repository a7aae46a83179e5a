import { subRange, type UrlArg, type UrlProblem } from "@upscript/grammar";
import type { Fix } from "../diagnostic.js";
import { replaceFix } from "./util.js";
import { transferUrls } from "./util-url.js";
import { defineRule } from "./types.js";

/** Every problem the URL splitter found in a transfer URL. */
export default defineRule({
  id: "url-malformed",
  severity: "error",
  category: "correctness",
  description: "A prot, boot, bmc, cfg or scfg URL the device cannot parse; it would report failed(502).",
  fixable: false,
  check({ script, report }) {
    for (const { url } of transferUrls(script)) {
      for (const problem of url.problems) {
        const suggestion = slashesSuggestion(url, problem);
        report({
          range: problem.range,
          message: `malformed URL: ${problem.message}; the device would report failed(502)`,
          ...(suggestion && { suggestions: [suggestion] }),
        });
      }
    }
  },
});

/** `http:/host/x` or `http:host/x` → `http://host/x`. */
function slashesSuggestion(url: UrlArg, problem: UrlProblem): Fix | undefined {
  const scheme = url.scheme;
  if (!scheme) return undefined;
  const afterColon = scheme.text.length + 1;
  if (url.text.startsWith("//", afterColon)) return undefined;
  const slashes = url.text[afterColon] === "/" ? 1 : 0;
  const rest = url.text.slice(afterColon + slashes);
  // Only the problem that covers the scheme and its slashes, and only when a host follows.
  if (problem.range.start !== url.range.start || problem.range.end !== url.range.start + afterColon + slashes) return undefined;
  if (rest === "" || rest.startsWith("/")) return undefined;
  return replaceFix(`Write '${scheme.text}://'`, subRange(url.range, 0, afterColon + slashes), `${scheme.text}://`);
}
