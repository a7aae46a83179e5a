/**
 * Unified diffs for `lint --diff` (`--fix-dry-run`) and `fmt --diff`: what `--fix` or
 * `fmt --write` would change, computed on lines by jsdiff (the `diff` package) and printed the
 * way `git diff` prints them: `--- a/PATH`, `+++ b/PATH`, hunks with 3 lines of context,
 * `\ No newline at end of file` where the last line has no line end.
 *
 * Line ends are kept (docs/git-hooks-and-ci.md, "Seeing before writing"): a CRLF line is printed
 * with its CR before the line feed, as git prints it (a pager such as `less` shows it as `^M`), so
 * the diff of an ordinary script applies with `git apply` or `patch -p1`. A UTF-8 byte order mark
 * is part of the first line, as in the file. What stays inert (docs/security.md, "Output is
 * inert"): every other control character in a line and the bidi controls are written visibly
 * (`\x1b`, `\u202e`), and so is a lone CR that ends a line (`\x0d`; the line continues on a diff
 * line of its own): the CR right before a line feed is the only control printed as it is, and it
 * cannot hide or overwrite anything there. A path with a control, a non-ASCII character, a quote
 * or a backslash is quoted in the headers as git quotes it (`"a/na\033me.htm"`, jsdiff does it).
 */
import { formatPatch, structuredPatch, type StructuredPatch, type StructuredPatchHunk } from "diff";
import { escapeControl } from "@upscript/language";

/** Lines of context around each change, as git and GNU diff use by default. */
const CONTEXT = 3;

/**
 * Beyond this many inserted plus deleted lines jsdiff stops looking for the shortest diff (its
 * cost grows with the number of changes times the length of the file); the diff is then one hunk
 * from the first to the last changed line: correct, just not minimal.
 */
const MAX_EDIT_LENGTH = 2000;

/** The unified diff from `before` to `after` for the file shown as `path`; "" when they are equal. */
export function unifiedDiff(path: string, before: string, after: string, options: { readonly bom?: boolean } = {}): string {
  if (before === after) return "";
  const bom = options.bom ? "\uFEFF" : "";
  const oldText = displayLines(bom + before);
  const newText = displayLines(bom + after);
  const names = [`a/${path}`, `b/${path}`] as const;
  const patch = structuredPatch(names[0], names[1], oldText, newText, undefined, undefined, { context: CONTEXT, maxEditLength: MAX_EDIT_LENGTH }) ?? oneHunk(names, oldText, newText);
  if (patch.hunks.length === 0) return "";
  return formatPatch(patch, { includeIndex: false, includeUnderline: false, includeFileHeaders: true });
}

/**
 * The text as diff lines: each line of the script (ended by LF, CRLF or a lone CR, as the parser
 * reads them) on a line of its own ending in LF or CRLF, controls escaped within it.
 */
function displayLines(text: string): string {
  let out = "";
  for (const match of text.matchAll(/([^\r\n]*)(\r\n|\n|\r|$)/g)) {
    const [whole, content, end] = match;
    if (whole === "" && match.index === text.length) break;
    out += escapeControl(content!) + (end === "\r\n" ? "\r\n" : end === "\n" ? "\n" : end === "\r" ? "\\x0d\n" : "");
  }
  return out;
}

/** The fallback when jsdiff gives up: the changed lines between the common start and end, removed and added. */
function oneHunk(names: readonly [string, string], oldText: string, newText: string): StructuredPatch {
  const split = (text: string) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const a = split(oldText);
  const b = split(newText);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const from = Math.max(0, start - CONTEXT);
  const lead = a.slice(from, start);
  const trail = a.slice(a.length - end, Math.min(a.length, a.length - end + CONTEXT));
  const lines: string[] = [];
  const push = (sign: string, line: string) => {
    lines.push(sign + line.replace(/\n$/, ""));
    if (!line.endsWith("\n")) lines.push("\\ No newline at end of file");
  };
  for (const line of lead) push(" ", line);
  for (const line of a.slice(start, a.length - end)) push("-", line);
  for (const line of b.slice(start, b.length - end)) push("+", line);
  for (const line of trail) push(" ", line);
  const oldLines = lead.length + (a.length - end - start) + trail.length;
  const newLines = lead.length + (b.length - end - start) + trail.length;
  const hunk: StructuredPatchHunk = { oldStart: oldLines === 0 ? from : from + 1, oldLines, newStart: newLines === 0 ? from : from + 1, newLines, lines };
  return { oldFileName: names[0], newFileName: names[1], oldHeader: undefined, newHeader: undefined, hunks: [hunk] };
}
