/**
 * How the framed transports (stdio, socket, pipe) turn a message into bytes. The same JSON as
 * vscode-jsonrpc's own encoder, except that long lists of objects that are sent again and again
 * are put together from the JSON of each object, kept per object: a diagnostics notification
 * (after a keystroke most diagnostics are the objects published last time, `LspDiagnostics`;
 * encoding the 1,000 of a long script again was a sixth of the time from keystroke to
 * diagnostics), and a response whose result is a list of objects marked `sentUnchanged` (the
 * outline's symbols: 2 MB of JSON for 10,000 lines, 34 ms to encode afresh), also within their
 * `children` (docs/architecture.md, "In the language server").
 */
import type { ContentTypeEncoder, Message } from "vscode-languageserver/node";

const PUBLISH_DIAGNOSTICS = "textDocument/publishDiagnostics";
const COMMA = Buffer.from(",");

/** The UTF-8 JSON of each object already encoded once; such an object is never changed once sent. */
const encoded = new WeakMap<object, Buffer>();
/** Objects in results whose JSON may be kept: they are never changed once sent. */
const unchanged = new WeakSet<object>();

/** Marks an object the server never changes once it is part of an answer, so its JSON is kept. */
export function sentUnchanged<T extends object>(value: T): T {
  unchanged.add(value);
  return value;
}

/** The message as UTF-8 JSON. */
export function encodeMessage(msg: Message): Buffer {
  const notification = msg as { method?: string; params?: { diagnostics?: unknown } };
  if (notification.method === PUBLISH_DIAGNOSTICS) {
    const diagnostics = notification.params?.diagnostics;
    if (Array.isArray(diagnostics) && diagnostics.length > 0) {
      const parts: Buffer[] = [];
      return spliced({ ...msg, params: { ...notification.params, diagnostics: [] } }, "diagnostics", diagnostics, parts, true) ? Buffer.concat(parts) : json(msg);
    }
  }
  const result = (msg as { id?: unknown; result?: unknown }).result;
  // Other lists (folding ranges, links) are written in one piece, as before.
  if (Array.isArray(result) && result.length > 0 && kept(result[0])) {
    const parts: Buffer[] = [];
    if (spliced({ ...msg, result: [] }, "result", result, parts, false)) return Buffer.concat(parts);
  }
  return json(msg);
}

/** An object marked sentUnchanged, or one with children that may be. */
function kept(value: unknown): boolean {
  return typeof value === "object" && value !== null && (unchanged.has(value) || Array.isArray((value as { children?: unknown }).children));
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), "utf8");
}

/**
 * Appends `frame` (an object whose last key is `key`, holding an empty list) with `list` spliced
 * into that list. False, and nothing appended, when the key is not where the JSON ends: then the
 * caller writes the whole value. A key in quotes cannot occur inside a JSON string, and the last
 * key's empty list is the last `"key":[]` of the text.
 */
function spliced(frame: object, key: string, list: readonly unknown[], parts: Buffer[], keepAll: boolean): boolean {
  const text = JSON.stringify(frame);
  const empty = `"${key}":[]`;
  const at = text.lastIndexOf(empty);
  // After the list: the closing brackets of the frame's objects, and nothing else.
  if (at < 0 || !/^\}+$/.test(text.slice(at + empty.length))) return false;
  parts.push(Buffer.from(text.slice(0, at + empty.length - 1), "utf8"));
  for (let i = 0; i < list.length; i++) {
    if (i > 0) parts.push(COMMA);
    element(list[i], parts, keepAll);
  }
  parts.push(Buffer.from(text.slice(at + empty.length - 1), "utf8"));
  return true;
}

function element(value: unknown, parts: Buffer[], keepAll: boolean): void {
  if (typeof value !== "object" || value === null) return void parts.push(json(value));
  if (keepAll || unchanged.has(value)) {
    let known = encoded.get(value);
    if (known === undefined) encoded.set(value, (known = json(value)));
    return void parts.push(known);
  }
  const children = (value as { children?: unknown }).children;
  if (Array.isArray(children) && children.length > 0 && spliced({ ...value, children: [] }, "children", children, parts, false)) return;
  parts.push(json(value));
}

/** vscode-jsonrpc's encoder with `encodeMessage`; the writers are set to UTF-8 (transport.ts). */
export const cachingEncoder: ContentTypeEncoder = {
  name: "application/json",
  encode: (msg) => Promise.resolve(encodeMessage(msg)),
};
