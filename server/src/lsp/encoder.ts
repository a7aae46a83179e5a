/**
 * How the framed transports (stdio, socket, pipe) turn a message into bytes. The same JSON as
 * vscode-jsonrpc's own encoder, except that a diagnostics notification is put together from the
 * JSON of each diagnostic, kept per diagnostic object: after a keystroke most diagnostics are the
 * objects published last time (`LspDiagnostics`), and encoding the 1,000 of a long script again
 * was a sixth of the time from keystroke to diagnostics (docs/architecture.md, "In the language server").
 */
import type { ContentTypeEncoder, Message } from "vscode-languageserver/node";

const PUBLISH_DIAGNOSTICS = "textDocument/publishDiagnostics";
const COMMA = Buffer.from(",");

/** The UTF-8 JSON of each diagnostic object already encoded once; an object is never changed once published. */
const encoded = new WeakMap<object, Buffer>();

/** The message as UTF-8 JSON. */
export function encodeMessage(msg: Message): Buffer {
  const params = (msg as { method?: string; params?: { diagnostics?: unknown } }).method === PUBLISH_DIAGNOSTICS ? (msg as { params?: unknown }).params : undefined;
  const diagnostics = (params as { diagnostics?: unknown } | undefined)?.diagnostics;
  if (!Array.isArray(diagnostics) || diagnostics.length === 0) return Buffer.from(JSON.stringify(msg), "utf8");
  // The message with an empty list, then the list spliced in where it stands: last in the params,
  // which are last in the message, and a key in quotes cannot occur inside a JSON string.
  const frame = JSON.stringify({ ...msg, params: { ...(params as object), diagnostics: [] } });
  const at = frame.lastIndexOf('"diagnostics":[]') + '"diagnostics":['.length;
  const parts = new Array<Buffer>(2 * diagnostics.length + 1);
  parts[0] = Buffer.from(frame.slice(0, at), "utf8");
  for (let i = 0; i < diagnostics.length; i++) {
    const d = diagnostics[i] as object;
    let json = encoded.get(d);
    if (json === undefined) {
      json = Buffer.from(JSON.stringify(d), "utf8");
      encoded.set(d, json);
    }
    parts[2 * i + 1] = json;
    parts[2 * i + 2] = COMMA;
  }
  parts[parts.length - 1] = Buffer.from(frame.slice(at), "utf8");
  return Buffer.concat(parts);
}

/** vscode-jsonrpc's encoder with `encodeMessage`; the writers are set to UTF-8 (transport.ts). */
export const cachingEncoder: ContentTypeEncoder = {
  name: "application/json",
  encode: (msg) => Promise.resolve(encodeMessage(msg)),
};
