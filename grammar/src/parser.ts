/**
 * The Chevrotain grammar of one line. It only knows the line shapes (comment, `mod cmd MODULE
 * VERB …`, `config VERB …`, `vars VERB …`, anything else); which verbs and arguments exist is
 * the catalog's business, applied when the tree is built (build.ts). One instance is reused for
 * every line of every script; it fills a LineShape instead of building a CST.
 */
import { EmbeddedActionsParser, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import { MODULES } from "./catalog.js";
import { AnyWord, Cmd, Comment, Config, Mod, Vars, Word, allTokens, skipValidations } from "./lexer.js";

/** Messages for the few ways a line can fail the grammar, phrased for admins. */
const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    return missingMessage(ruleName, expected, previous, actual);
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected '${firstRedundant.image}'`;
  },
  buildNoViableAltMessage({ actual }) {
    return `cannot read '${actual[0]?.image ?? ""}' here`;
  },
  buildEarlyExitMessage({ actual }) {
    return `cannot read '${actual[0]?.image ?? ""}' here`;
  },
};

const moduleExamples = MODULES.slice(0, 3).map((m) => m.name).join(", ");

function missingMessage(ruleName: string, expected: TokenType, previous: IToken, actual: IToken): string {
  const found = actual.image && !Number.isNaN(actual.startOffset) ? `, found '${actual.image}'` : "";
  if (ruleName === "configCommand") return `'${previous.image}' must be followed by a verb such as change, add, rem, write or activate`;
  if (ruleName === "varsCommand") return `'${previous.image}' must be followed by a verb such as create, del or read`;
  if (expected === Cmd) return `'${previous.image}' must be followed by 'cmd'${found}`;
  if (previous.tokenType === Cmd) return `'mod cmd' must be followed by a module name such as ${moduleExamples}`;
  return `'mod cmd ${previous.image}' must be followed by a command`;
}

/**
 * What the parser read on a line: its shape and the tokens in each place (tokens inserted by
 * error recovery included; build.ts skips them). One record, refilled for every line: the parser
 * builds no CST, so a line costs no objects beyond its tokens until build.ts makes its node.
 */
export interface LineShape {
  kind: "none" | "comment" | "module" | "config" | "vars" | "other";
  /** The Comment, Mod, Config or Vars token, or the first word of any other line. */
  first: IToken | undefined;
  cmd: IToken | undefined;
  module: IToken | undefined;
  verb: IToken | undefined;
  readonly args: IToken[];
}

export class LineParser extends EmbeddedActionsParser {
  private readonly shape: LineShape = { kind: "none", first: undefined, cmd: undefined, module: undefined, verb: undefined, args: [] };

  constructor() {
    // Every decision is made on the next token.
    super(allTokens, { recoveryEnabled: true, maxLookahead: 1, skipValidations, errorMessageProvider: messages });
    this.performSelfAnalysis();
  }

  /** Reads one line's tokens; the record is valid until the next call, `errors` says what went wrong. */
  read(tokens: IToken[]): Readonly<LineShape> {
    const shape = this.shape;
    shape.kind = "none";
    shape.first = shape.cmd = shape.module = shape.verb = undefined;
    shape.args.length = 0;
    this.input = tokens;
    this.line();
    return shape;
  }

  // Actions run only when parsing, not while Chevrotain records the grammar: hence ACTION.
  private begin(kind: LineShape["kind"], first: IToken): void {
    this.ACTION(() => {
      this.shape.kind = kind;
      this.shape.first = first;
    });
  }

  private arg(token: IToken): void {
    this.ACTION(() => this.shape.args.push(token));
  }

  private readonly line = this.RULE("line", () => {
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.begin("comment", this.CONSUME(Comment)) },
        { ALT: () => this.SUBRULE(this.moduleCommand) },
        { ALT: () => this.SUBRULE(this.configCommand) },
        { ALT: () => this.SUBRULE(this.varsCommand) },
        { ALT: () => this.SUBRULE(this.otherCommand) },
      ]),
    );
  });

  private readonly moduleCommand = this.RULE("moduleCommand", () => {
    this.begin("module", this.CONSUME(Mod));
    const cmd = this.CONSUME(Cmd);
    this.ACTION(() => (this.shape.cmd = cmd));
    const module = this.CONSUME(AnyWord);
    this.ACTION(() => (this.shape.module = module));
    const verb = this.CONSUME2(AnyWord);
    this.ACTION(() => (this.shape.verb = verb));
    this.MANY(() => this.arg(this.CONSUME3(AnyWord)));
  });

  private readonly configCommand = this.RULE("configCommand", () => {
    this.begin("config", this.CONSUME(Config));
    const verb = this.CONSUME(AnyWord);
    this.ACTION(() => (this.shape.verb = verb));
    this.MANY(() => this.arg(this.CONSUME2(AnyWord)));
  });

  private readonly varsCommand = this.RULE("varsCommand", () => {
    this.begin("vars", this.CONSUME(Vars));
    const verb = this.CONSUME(AnyWord);
    this.ACTION(() => (this.shape.verb = verb));
    this.MANY(() => this.arg(this.CONSUME2(AnyWord)));
  });

  private readonly otherCommand = this.RULE("otherCommand", () => {
    this.begin(
      "other",
      this.OR([{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(Cmd) }]),
    );
    this.MANY(() => this.arg(this.CONSUME(AnyWord)));
  });
}
