/** File access for the CLI: the only place (with the LSP adapter) that touches the disk. */
import { readFile } from "node:fs/promises";
import { describeFsError } from "../node/fs-errors.js";

export type ReadResult =
  | { readonly ok: true; readonly text: string; readonly bom: boolean }
  | { readonly ok: false; readonly reason: string; readonly skipped?: boolean };

const BINARY_SNIFF_BYTES = 8000;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads a script as UTF-8. A byte order mark is removed (and reported) so columns match what
 * editors show; a file with NUL bytes is binary and skipped, like git does.
 */
export async function readScript(path: string): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { ok: false, reason: "binary file, skipped", skipped: true };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: "not UTF-8 text" };
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { ok: true, text: bom ? text.slice(1) : text, bom };
}
