/**
 * The client's content changes, kept as offset edits between document versions, so the
 * incremental document applies the edit the client sent (`editDocument`) instead of finding it
 * again by comparing the old and the new text (`updateDocument`, which stays the way when a
 * step is not known: a change of the whole text, several changes in one notification).
 */
import { TextDocument, type Range, type TextDocumentContentChangeEvent } from "vscode-languageserver-textdocument";
import type { TextDocumentsConfiguration } from "vscode-languageserver/node";
import type { OffsetEdit } from "@upscript/language";

interface Step {
  readonly from: number;
  readonly to: number;
  /** Undefined when the change could not be read as one edit. */
  readonly edit: OffsetEdit | undefined;
}

/** Steps kept per document: more than this waiting for one check and the check compares texts. */
const MAX_STEPS = 64;

export class EditLog {
  private readonly steps = new Map<string, Step[]>();

  /** The configuration for `TextDocuments`: TextDocument's own, noting each change before it is applied. */
  readonly configuration: TextDocumentsConfiguration<TextDocument> = {
    create: TextDocument.create,
    update: (document, changes, version) => {
      this.note(document, changes, version);
      return TextDocument.update(document, changes, version);
    },
  };

  /**
   * The edits that turn version `from` of a document into version `to`, in order, if every step
   * between is known; undefined otherwise. The steps up to `to` are forgotten either way.
   */
  take(uri: string, from: number, to: number): OffsetEdit[] | undefined {
    const steps = this.steps.get(uri);
    if (!steps) return undefined;
    const at = steps.findIndex((s) => s.to === to);
    const taken = at < 0 ? steps.splice(0) : steps.splice(0, at + 1);
    if (steps.length === 0) this.steps.delete(uri);
    const start = taken.findIndex((s) => s.from === from);
    if (at < 0 || start < 0) return undefined;
    const edits: OffsetEdit[] = [];
    for (let i = start; i < taken.length; i++) {
      const step = taken[i]!;
      if (!step.edit || (i > start && step.from !== taken[i - 1]!.to)) return undefined;
      edits.push(step.edit);
    }
    return edits;
  }

  forget(uri: string): void {
    this.steps.delete(uri);
  }

  private note(document: TextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    const change = changes.length === 1 ? changes[0]! : undefined;
    let edit: OffsetEdit | undefined;
    if (change && "range" in change) {
      const { range } = change as { range: Range };
      // As TextDocument.update reads the range: its ends in order, positions clamped to the text.
      const a = document.offsetAt(range.start);
      const b = document.offsetAt(range.end);
      // A range past the text's last line can leave TextDocument's line offsets with holes, and
      // then an offset that is not a number: such a step is found by comparing the texts.
      if (Number.isInteger(a) && Number.isInteger(b)) edit = { start: Math.min(a, b), end: Math.max(a, b), text: change.text };
    }
    let steps = this.steps.get(document.uri);
    if (!steps) this.steps.set(document.uri, (steps = []));
    steps.push({ from: document.version, to: version, edit });
    if (steps.length > MAX_STEPS) steps.splice(0, steps.length - MAX_STEPS);
  }
}
