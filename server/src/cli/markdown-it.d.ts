/**
 * markdown-it ships without types: only what terminal-markdown.ts uses is declared here (its
 * token stream: https://markdown-it.github.io/markdown-it/#Token).
 */
declare module "markdown-it" {
  export interface Token {
    readonly type: string;
    readonly tag: string;
    /** 1 opens a block or span, -1 closes it, 0 stands alone. */
    readonly nesting: 1 | 0 | -1;
    readonly content: string;
    readonly info: string;
    readonly markup: string;
    /** A paragraph of a tight list: shown without the blank lines around it. */
    readonly hidden: boolean;
    readonly children: Token[] | null;
    attrGet(name: string): string | null;
  }

  export default class MarkdownIt {
    constructor(preset?: "default" | "commonmark" | "zero", options?: { html?: boolean; linkify?: boolean; typographer?: boolean });
    parse(src: string, env: object): Token[];
  }
}
