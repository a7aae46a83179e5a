/**
 * Inert text: user text (script words, URLs, comments and reasons, file names, command-line
 * values) made safe for the places upscript shows it, so that it is always seen as written and
 * never acts — no terminal control sequence runs, no Markdown image loads, no link or icon appears.
 * docs/security.md ("Output is inert") says where each function is applied.
 *
 * The notation for a character made visible: `\xHH` (two lower-case hex digits) for the C0
 * controls U+0000–U+001F except TAB, for DEL U+007F and for the C1 controls U+0080–U+009F, e.g.
 * `\x1b` for ESC and `\x0a` for a line feed; `\uHHHH` (four lower-case hex digits) for the bidi
 * embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069 ("Trojan Source"), e.g.
 * `\u202e`. TAB stays as it is; a backslash stays as it is (so a script that spells `\x1b` with
 * four characters reads the same as an escaped ESC, but neither does anything).
 */

/** The characters escapeControl makes visible. */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const CONTROL_ALL = new RegExp(CONTROL.source, "g");

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Whether the text holds a character escapeControl would change. */
export function hasControl(text: string): boolean {
  return CONTROL.test(text);
}

/**
 * Every C0 control but TAB, DEL, every C1 control and the bidi overrides and isolates, written
 * visibly (`\x1b`, `\u202e`). Line feeds and carriage returns are escaped too: the result is one
 * line. Text without such characters comes back unchanged.
 */
export function escapeControl(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL_ALL, visible) : text;
}

/**
 * The ASCII punctuation that means something in CommonMark, GitHub-flavoured Markdown or the
 * renderers editors use: `\` escapes, `` ` `` code, `*` `_` emphasis, `[` `]` `(` `)` `!` links
 * and images, `<` `>` `&` HTML, autolinks, entities and block quotes, `#` `+` `-` `.` headings and
 * lists, `|` tables, `~` strikethrough, `{` `}` attributes, `$` `^` maths and footnotes, and `:`
 * `@` of bare-URL and e-mail autolinks (`www.` is broken by the escaped `.`). Everything else,
 * `/` included, stays as it is, so ordinary words read the same in the Markdown source.
 */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&:@$^]/g;

/**
 * User text for Markdown prose: controls are escaped (escapeControl), then every Markdown
 * special character is backslash-escaped, so the text renders literally — no emphasis, link,
 * image, autolink, HTML or entity. Meant for inline use (it is one line by construction).
 */
export function markdownText(text: string): string {
  return escapeControl(text).replace(MARKDOWN_SPECIAL, "\\$&");
}

/** The longest run of `char` in the text. */
function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * User text as a Markdown code span that shows exactly the text: controls are escaped first
 * (escapeControl; the span is one line), and the backtick fence is one longer than the longest
 * backtick run inside. Following CommonMark, the content is padded with a space on both sides
 * when it starts or ends with a backtick, or starts and ends with a space (a renderer strips one
 * space from each side of such content). Empty text gives an empty string (there is no empty
 * code span).
 */
export function codeSpan(text: string): string {
  const body = escapeControl(text);
  if (body === "") return "";
  const fence = "`".repeat(longestRun(body, "`") + 1);
  const pad = body.startsWith("`") || body.endsWith("`") || (body.startsWith(" ") && body.endsWith(" ") && /[^ ]/.test(body));
  return pad ? `${fence} ${body} ${fence}` : `${fence}${body}${fence}`;
}

/**
 * User text as a fenced Markdown code block: each line has its controls escaped (line breaks
 * are kept, normalised to `\n`), and the backtick fence is longer than any backtick run inside
 * (at least three). `info` (e.g. `upscript`) loses any backtick and control.
 */
export function codeBlock(text: string, info = ""): string {
  const lines = text.split(/\r\n|\n/).map(escapeControl);
  const body = lines.join("\n");
  const fence = "`".repeat(Math.max(3, longestRun(body, "`") + 1));
  return `${fence}${escapeControl(info).replace(/`/g, "")}\n${body}\n${fence}`;
}

/** VS Code's icon syntax in labels: `$(name)` or `$(name~modifier)`. */
const ICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g;

/**
 * User text for a code lens title (or another VS Code label): controls are escaped, and every
 * `$(name)` gets the backslash VS Code reads as "no icon", so it shows as written.
 */
export function codeLensText(text: string): string {
  return escapeControl(text).replace(ICON, "\\$&");
}
