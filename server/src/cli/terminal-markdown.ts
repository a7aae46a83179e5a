/**
 * Markdown (the rule pages of docs/rules/) as plain text for a terminal, for `upscript explain`:
 * headings as plain lines (the title underlined with `=`, sections with `-`), no emphasis
 * markers, links as their text with the URL in parentheses, code spans without backticks, code
 * blocks kept verbatim and indented by four spaces, lists with `•` or their numbers. Colours
 * (bold headings and emphasis, cyan code spans, dim URLs) come from the style, so they appear
 * only when colours are on. The document is read by markdown-it, whose token stream is walked
 * here; raw HTML is not interpreted but shown as text. Every piece of text is inert
 * (escapeControl): the style adds the only escape sequences.
 */
import MarkdownIt, { type Token } from "markdown-it";
import { NO_STYLE, escapeControl, type Style } from "@upscript/language";

export interface TerminalMarkdownOptions {
  /** Colours; none by default. */
  readonly style?: Style;
  /** The document's own URL: relative links are shown resolved against it. */
  readonly base?: string;
}

let parser: MarkdownIt | undefined;
/** Made on first use: most runs of the CLI render no Markdown. */
const markdownIt = () => (parser ??= new MarkdownIt("default", { html: false, linkify: false, typographer: false }));

/** A block token with the tokens between it and its closing token. */
interface Node {
  readonly token: Token;
  readonly children: Node[];
}

interface Context {
  readonly style: Style;
  readonly base: string | undefined;
}

const CODE_INDENT = "    ";
const BULLET = "• ";
const RULE_LINE = "─".repeat(40);

export function renderMarkdownForTerminal(source: string, options: TerminalMarkdownOptions = {}): string {
  const lines = blocks(tree(markdownIt().parse(source, {})), { style: options.style ?? NO_STYLE, base: options.base }, false);
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/** The flat token stream as a tree: each opening token holds what comes before its closing one. */
function tree(tokens: readonly Token[]): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  for (const token of tokens) {
    if (token.nesting === -1) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const node: Node = { token, children: [] };
    stack.at(-1)!.push(node);
    if (token.nesting === 1) stack.push(node.children);
  }
  return root;
}

/** Blocks one after the other: a blank line between them, none inside a tight list item. */
function blocks(nodes: readonly Node[], ctx: Context, tight: boolean): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const lines = block(node, ctx);
    if (lines.length === 0) continue;
    if (out.length > 0 && !tight) out.push("");
    out.push(...lines);
  }
  return out;
}

function block(node: Node, ctx: Context): string[] {
  const { token, children } = node;
  switch (token.type) {
    case "heading_open": {
      const text = inlineOf(children, ctx.style, ctx.base).replace(/\n/g, " ");
      const width = [...inlineOf(children, NO_STYLE, ctx.base).replace(/\n/g, " ")].length;
      const level = Number(token.tag.slice(1));
      const heading = ctx.style.bold(text);
      return level === 1 ? [heading, "=".repeat(width)] : level === 2 ? [heading, "-".repeat(width)] : [heading];
    }
    case "paragraph_open":
      return inlineOf(children, ctx.style, ctx.base).split("\n");
    case "fence":
    case "code_block":
      // Verbatim: only control characters are made visible.
      return token.content
        .replace(/\n$/, "")
        .split("\n")
        .map((line) => (line ? CODE_INDENT + escapeControl(line) : ""));
    case "bullet_list_open":
    case "ordered_list_open":
      return list(node, ctx);
    case "blockquote_open":
      return blocks(children, ctx, false).map((line) => (line ? `│ ${line}` : "│"));
    case "hr":
      return [RULE_LINE];
    case "table_open":
      return table(node, ctx);
    case "inline":
      return inlineText(token.children ?? [], ctx.style, ctx.base).split("\n");
    default:
      if (children.length > 0) return blocks(children, ctx, false);
      return token.content ? token.content.replace(/\n$/, "").split("\n").map(escapeControl) : [];
  }
}

function list(node: Node, ctx: Context): string[] {
  const items = node.children.filter((child) => child.token.type === "list_item_open");
  // markdown-it hides the paragraphs of a tight list (no blank lines between its items).
  const tight = items.every((item) => item.children.every((child) => child.token.type !== "paragraph_open" || child.token.hidden));
  const ordered = node.token.type === "ordered_list_open";
  const start = ordered ? Number(node.token.attrGet("start") ?? "1") : 0;
  const numbers = items.map((_, i) => `${start + i}.`);
  const width = Math.max(0, ...numbers.map((n) => n.length));
  const out: string[] = [];
  items.forEach((item, i) => {
    const marker = ordered ? `${numbers[i]!.padEnd(width)} ` : BULLET;
    const indent = " ".repeat([...marker].length);
    const lines = blocks(item.children, ctx, tight);
    if (out.length > 0 && !tight) out.push("");
    if (lines.length === 0) out.push(marker.trimEnd());
    lines.forEach((line, j) => out.push(j === 0 ? marker + line : line ? indent + line : ""));
  });
  return out;
}

/** A table with its columns aligned, two spaces apart, and a line under the header. */
function table(node: Node, ctx: Context): string[] {
  const rows: { header: boolean; cells: { text: string; width: number }[] }[] = [];
  const walk = (nodes: readonly Node[], header: boolean) => {
    for (const child of nodes) {
      if (child.token.type === "tr_open") {
        const cells = child.children
          .filter((cell) => cell.token.type === "th_open" || cell.token.type === "td_open")
          .map((cell) => ({
            text: inlineOf(cell.children, ctx.style, ctx.base).replace(/\n/g, " "),
            width: [...inlineOf(cell.children, NO_STYLE, ctx.base).replace(/\n/g, " ")].length,
          }));
        rows.push({ header, cells });
      } else walk(child.children, header || child.token.type === "thead_open");
    }
  };
  walk(node.children, false);
  const columns = Math.max(0, ...rows.map((row) => row.cells.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(0, ...rows.map((row) => row.cells[c]?.width ?? 0)));
  const out: string[] = [];
  rows.forEach((row, r) => {
    out.push(row.cells.map((cell, c) => (c === row.cells.length - 1 ? cell.text : cell.text + " ".repeat(widths[c]! - cell.width))).join("  ").trimEnd());
    if (row.header && !rows[r + 1]?.header) out.push(widths.map((w) => "-".repeat(Math.max(w, 1))).join("  "));
  });
  return out;
}

/** The text of the inline token among `children` (a paragraph's, a heading's, a cell's). */
function inlineOf(children: readonly Node[], style: Style, base: string | undefined): string {
  return children
    .filter((child) => child.token.type === "inline")
    .map((child) => inlineText(child.token.children ?? [], style, base))
    .join("\n");
}

/** Inline tokens as text: markers dropped, spans styled, links followed by their URL; `\n` at line breaks. */
function inlineText(tokens: readonly Token[], style: Style, base: string | undefined): string {
  const stack: { text: string; open?: Token }[] = [{ text: "" }];
  const add = (text: string) => {
    stack.at(-1)!.text += text;
  };
  for (const token of tokens) {
    switch (token.type) {
      case "text":
      case "html_inline":
        add(escapeControl(token.content));
        break;
      case "code_inline":
        add(style.cyan(escapeControl(token.content)));
        break;
      case "softbreak":
      case "hardbreak":
        add("\n");
        break;
      case "image": {
        const src = token.attrGet("src") ?? "";
        add(`${escapeControl(token.content)} (${style.dim(escapeControl(resolveUrl(src, base)))})`);
        break;
      }
      default:
        if (token.nesting === 1) stack.push({ text: "", open: token });
        else if (token.nesting === -1 && stack.length > 1) {
          const { text, open } = stack.pop()!;
          add(closeSpan(open!, text, style, base));
        } else add(escapeControl(token.content));
    }
  }
  while (stack.length > 1) add(stack.pop()!.text);
  return stack[0]!.text;
}

function closeSpan(open: Token, text: string, style: Style, base: string | undefined): string {
  switch (open.type) {
    case "strong_open":
      return style.bold(text);
    case "link_open": {
      // An autolink (<https://…>) shows its URL already.
      if (open.markup === "autolink" || open.markup === "linkify") return text;
      const url = escapeControl(resolveUrl(open.attrGet("href") ?? "", base));
      return `${text} (${style.dim(url)})`;
    }
    default:
      // em, s (strikethrough) and anything else: the text without its markers.
      return text;
  }
}

/** A link target as a reader outside the docs folder can follow it. */
function resolveUrl(href: string, base: string | undefined): string {
  if (!base || href === "") return href;
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}
