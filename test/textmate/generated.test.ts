/**
 * grammar/upscript.tmLanguage.json is generated from the catalog (grammar/src/textmate.ts,
 * `npm run generate`); this fails when the file is out of date or edited by hand.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS, FINAL_WORDS } from "@upscript/grammar";
import { textMateGrammar, textMateGrammarText } from "../../grammar/src/textmate.js";

const file = join(import.meta.dirname, "..", "..", "grammar", "upscript.tmLanguage.json");

describe("the TextMate grammar is generated from the catalog", () => {
  it("grammar/upscript.tmLanguage.json is the generated one (run `npm run generate`)", () => {
    expect(readFileSync(file, "utf8")).toBe(textMateGrammarText());
  });

  it("every typed command with arguments has a line rule that matches its line, in any case", () => {
    const heads = Object.values(textMateGrammar().repository).flatMap((r) => (r.begin?.startsWith("^") ? [jsRegex(r.begin)] : []));
    for (const command of COMMANDS.filter((c) => c.shape !== "plain")) {
      for (const line of [`mod cmd ${command.module} ${command.verb}`, `MOD ${command.module.toLowerCase()} ${command.verb.toUpperCase()} x`]) {
        expect(heads.filter((h) => h.test(line)), line).toHaveLength(1);
      }
    }
  });

  it("every final word is a final command in a slot and alone on a line", () => {
    const { repository } = textMateGrammar();
    for (const word of FINAL_WORDS) {
      expect(jsRegex(repository["final-slot"]!.match!).test(` ${word}`), word).toBe(true);
      expect(jsRegex(repository["final-line"]!.match!).test(word.toUpperCase()), word).toBe(true);
    }
  });
});

/** An Oniguruma pattern of the grammar as a JavaScript regex: `(?i:…)` and atomic groups become plain groups, the whole case-insensitive. */
function jsRegex(pattern: string): RegExp {
  return new RegExp(pattern.replace(/\(\?i:/g, "(?:").replace(/\(\?>/g, "(?:"), "i");
}
