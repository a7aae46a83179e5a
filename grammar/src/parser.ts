/**
 * The Chevrotain grammar of one line. It only knows the line shapes (comment, `mod cmd MODULE
 * VERB …`, `config VERB …`, `vars VERB …`, anything else); which verbs and arguments exist is
 * the catalog's business, applied when the tree is built (build.ts). One instance is reused for
 * every line of every script.
 */
import { CstParser, type CstNode, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
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

export class LineParser extends CstParser {
  constructor() {
    super(allTokens, { recoveryEnabled: true, skipValidations, errorMessageProvider: messages });
    this.performSelfAnalysis();
  }

  public readonly line = this.RULE("line", () => {
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(Comment) },
        { ALT: () => this.SUBRULE(this.moduleCommand) },
        { ALT: () => this.SUBRULE(this.configCommand) },
        { ALT: () => this.SUBRULE(this.varsCommand) },
        { ALT: () => this.SUBRULE(this.otherCommand) },
      ]),
    );
  });

  private readonly moduleCommand = this.RULE("moduleCommand", () => {
    this.CONSUME(Mod);
    this.CONSUME(Cmd);
    this.CONSUME(AnyWord, { LABEL: "module" });
    this.CONSUME2(AnyWord, { LABEL: "verb" });
    this.MANY(() => this.CONSUME3(AnyWord, { LABEL: "args" }));
  });

  private readonly configCommand = this.RULE("configCommand", () => {
    this.CONSUME(Config);
    this.CONSUME(AnyWord, { LABEL: "verb" });
    this.MANY(() => this.CONSUME2(AnyWord, { LABEL: "args" }));
  });

  private readonly varsCommand = this.RULE("varsCommand", () => {
    this.CONSUME(Vars);
    this.CONSUME(AnyWord, { LABEL: "verb" });
    this.MANY(() => this.CONSUME2(AnyWord, { LABEL: "args" }));
  });

  private readonly otherCommand = this.RULE("otherCommand", () => {
    this.OR([
      { ALT: () => this.CONSUME(Word, { LABEL: "head" }) },
      { ALT: () => this.CONSUME(Cmd, { LABEL: "head" }) },
    ]);
    this.MANY(() => this.CONSUME(AnyWord, { LABEL: "args" }));
  });
}

export type LineCst = CstNode;
