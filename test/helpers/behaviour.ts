/**
 * What devices do with a script, as the dry-run interpreter sees it: the compiled operation of
 * every line that means something to a device, without line numbers, blanks, comments or spelling
 * that does not matter (a times line's hour list as written, why an ignored line is ignored). A
 * safe fix must leave this unchanged; that is what "safe" means (docs/rules.md, fix safety).
 */
import { compile, type Diagnostic, type Fix, applyFixList } from "@upscript/language";

export function behaviour(text: string): string {
  const ops = compile(text).instructions.flatMap(({ op, text: line }) => {
    switch (op.kind) {
      case "nothing":
        return [];
      case "ignored":
        return [{ kind: "ignored" }];
      case "times":
        return [{ ...op, allowText: undefined }];
      case "effect":
        // The operation does not carry the arguments (config change NAME VALUE): keep the words.
        return [{ ...op, words: line.trim().split(/[ \t]+/).join(" ") }];
      default:
        return [op];
    }
  });
  return JSON.stringify(ops);
}

/** Every safe fix and safe suggestion of these diagnostics, with the text it produces when applied alone. */
export function safeEdits(text: string, diagnostics: readonly Diagnostic[]): { diagnostic: Diagnostic; fix: Fix; fixed: string }[] {
  return diagnostics.flatMap((diagnostic) =>
    [...diagnostic.fixes, ...diagnostic.suggestions].filter((fix) => fix.safety === "safe").map((fix) => ({ diagnostic, fix, fixed: applyFixList(text, [fix]).text })),
  );
}
