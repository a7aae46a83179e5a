import { badEscape, subRange, type UrlArg, type UrlProblem } from "@upscript/grammar";
import type { Fix } from "../diagnostic.js";
import { replaceFix } from "./util.js";
import { transferUrls } from "./util-url.js";
import { updateUrlSettings } from "./util-update-url.js";
import { defineRule } from "./types.js";

/**
 * Every problem the URL splitter found in a transfer URL or in the decoded update URL of
 * `config add|change UP1 /url`; for that one also a missing value, a value that does not decode and
 * one that is no URL.
 */
export default defineRule({
  id: "url-malformed",
  severity: "error",
  category: "correctness",
  description: "A prot, boot, bmc, cfg or scfg URL, or an update URL set with config UP1 /url, that the device cannot parse; it would report failed(502).",
  fixable: "unsafe",
  scope: "line",
  check({ script, report }) {
    for (const { url } of transferUrls(script)) {
      for (const problem of url.problems) {
        const suggestion = slashesSuggestion(url, problem);
        report({
          range: problem.range,
          message: `malformed URL: ${problem.message}; the device would report failed(502)`,
          ...(suggestion && { fixes: [suggestion] }),
        });
      }
    }
    // The update URL: decoded first. Inside a decoded URL every range is the whole word, so a fix is offered only for a URL written plain.
    for (const { setting, value } of updateUrlSettings(script)) {
      const name = setting.name.text;
      if (!value) {
        report({ range: setting.name.range, message: `${name} needs the update URL, e.g. ${name} http%3A%2F%2F10.0.0.5%2Fupdate.php: without it the device has no address to poll` });
        continue;
      }
      const url = value.decodedUrl;
      if (value.decoded === undefined || !url) {
        const bad = badEscape(value.text);
        report(
          bad
            ? {
                range: subRange(value.range, bad.from, bad.to),
                message: `malformed update URL: '${value.text.slice(bad.from, bad.to)}' is no percent escape (a '%' must be followed by two hex digits, such as %3A for ':'), so the device cannot decode the value of ${name}`,
              }
            : { range: value.range, message: `malformed update URL: the escapes in the value of ${name} do not spell UTF-8 text, so the device cannot decode it` },
        );
        continue;
      }
      if (!url.looksLikeUrl) {
        report({ range: value.range, message: `the update URL '${url.text}' does not start with http:// or https://: the device cannot poll it` });
        continue;
      }
      for (const problem of url.problems) {
        const suggestion = value.verbatim ? slashesSuggestion(url, problem) : undefined;
        report({
          range: problem.range,
          message: `malformed update URL${value.verbatim ? "" : ` (decoded: '${url.text}')`}: ${problem.message}; the device would report failed(502) on every poll`,
          ...(suggestion && { fixes: [suggestion] }),
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
  return replaceFix("unsafe", `Write '${scheme.text}://'`, subRange(url.range, 0, afterColon + slashes), `${scheme.text}://`);
}
