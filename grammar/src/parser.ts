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
    if (shape.args.length !== 0) shape.args.length = 0;
    this.input = tokens;
    this.line();
    return shape;
  }

  // No ACTION closures: the rules only store tokens into the record, which read() empties before
  // every line, so what Chevrotain's recording of the grammar (performSelfAnalysis) writes into it
  // does no harm. The closures, and the array of alternatives, were a tenth of all the memory a
  // lint allocates; the alternatives are made once (Chevrotain's "caching arrays of alternatives").
  private readonly lineAlternatives = [
    { ALT: () => this.begin("comment", this.CONSUME(Comment)) },
    { ALT: () => this.SUBRULE(this.moduleCommand) },
    { ALT: () => this.SUBRULE(this.configCommand) },
    { ALT: () => this.SUBRULE(this.varsCommand) },
    { ALT: () => this.SUBRULE(this.otherCommand) },
  ];

  private readonly otherAlternatives = [{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(Cmd) }];

  private begin(kind: LineShape["kind"], first: IToken): void {
    this.shape.kind = kind;
    this.shape.first = first;
  }

  private readonly pushArg = (token: IToken): void => {
    this.shape.args.push(token);
  };

  private readonly line = this.RULE("line", () => {
    this.OPTION(() => this.OR(this.lineAlternatives));
  });

  private readonly moduleCommand = this.RULE("moduleCommand", () => {
    this.begin("module", this.CONSUME(Mod));
    this.shape.cmd = this.CONSUME(Cmd);
    this.shape.module = this.CONSUME(AnyWord);
    this.shape.verb = this.CONSUME2(AnyWord);
    this.MANY(this.moduleArgument);
  });

  private readonly moduleArgument = () => this.pushArg(this.CONSUME3(AnyWord));

  private readonly configCommand = this.RULE("configCommand", () => {
    this.begin("config", this.CONSUME(Config));
    this.shape.verb = this.CONSUME(AnyWord);
    this.MANY(this.keywordArgument);
  });

  private readonly varsCommand = this.RULE("varsCommand", () => {
    this.begin("vars", this.CONSUME(Vars));
    this.shape.verb = this.CONSUME(AnyWord);
    this.MANY(this.keywordArgument);
  });

  /** The arguments of config and vars lines: the same occurrence index in both rules, as before. */
  private readonly keywordArgument = () => this.pushArg(this.CONSUME2(AnyWord));

  private readonly otherCommand = this.RULE("otherCommand", () => {
    this.begin("other", this.OR(this.otherAlternatives));
    this.MANY(this.otherArgument);
  });

  private readonly otherArgument = () => this.pushArg(this.CONSUME(AnyWord));
}
