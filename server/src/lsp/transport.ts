/**
 * How the language server reads its input. vscode-jsonrpc's stream reader reports a broken
 * header (`Content-Length: abc`) as an error and then keeps reading from the wrong place: every
 * later message is lost and the server is alive but deaf, so the client never restarts it. It
 * also buffers whatever length a header announces. This reader frames messages itself and treats
 * a broken frame as the end of the stream: it fires a `FramingError` and reads nothing more, and
 * `main.ts` exits on it so the client starts a fresh server. A message larger than
 * `MAX_MESSAGE_BYTES` is a framing error as soon as its header arrives; nothing of it is buffered.
 * A body that is not JSON is only an error of that message: the frame around it was sound.
 * See docs/security.md, "The language server under attack".
 */
import { createConnection as netConnection, type Socket } from "node:net";
import {
  AbstractMessageReader,
  Disposable,
  SocketMessageWriter,
  StreamMessageWriter,
  type DataCallback,
  type Message,
  type MessageReader,
  type MessageWriter,
} from "vscode-languageserver/node";
import { cachingEncoder } from "./encoder.js";

/** The largest message the server accepts (limit max-message-size). */
export const MAX_MESSAGE_BYTES = 64 * 2 ** 20;
/** A header is a line or two; this much without the blank line that ends it is not a header. */
export const MAX_HEADER_BYTES = 8 * 1024;

/** The input cannot be split into messages any more: the stream is unusable from here on. */
export class FramingError extends Error {
  override readonly name = "FramingError";
}

const HEADER_END = Buffer.from("\r\n\r\n", "ascii");

export class BoundedMessageReader extends AbstractMessageReader implements MessageReader {
  /** Received and not yet consumed; while a header is awaited, at most one chunk. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The length of the body being received; -1 while a header is awaited. */
  private bodyLength = -1;
  private broken = false;
  private closed = false;

  constructor(
    private readonly readable: NodeJS.ReadableStream,
    private readonly maxMessageBytes = MAX_MESSAGE_BYTES,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (data: Buffer | string) => this.receive(typeof data === "string" ? Buffer.from(data, "utf8") : data, callback);
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => {
      if (this.closed) return;
      this.closed = true;
      this.fireClose();
    };
    this.readable.on("data", onData);
    this.readable.on("error", onError);
    this.readable.on("end", onClose);
    this.readable.on("close", onClose);
    return Disposable.create(() => {
      this.readable.off("data", onData);
      this.readable.off("error", onError);
      this.readable.off("end", onClose);
      this.readable.off("close", onClose);
    });
  }

  private receive(data: Buffer, callback: DataCallback): void {
    if (this.broken) return;
    this.chunks.push(data);
    this.buffered += data.length;
    for (;;) {
      if (this.bodyLength < 0) {
        const buffer = this.joined();
        const end = buffer.indexOf(HEADER_END);
        if (end < 0) {
          if (buffer.length > MAX_HEADER_BYTES) this.fail(`no end of header within ${MAX_HEADER_BYTES} bytes`);
          return;
        }
        if (end > MAX_HEADER_BYTES) return this.fail(`a header of more than ${MAX_HEADER_BYTES} bytes`);
        const length = this.contentLength(buffer.toString("latin1", 0, end));
        if (length === undefined) return;
        this.bodyLength = length;
        this.keep(buffer.subarray(end + HEADER_END.length));
      }
      if (this.buffered < this.bodyLength) return;
      const buffer = this.joined();
      const body = buffer.subarray(0, this.bodyLength);
      // A small rest must not keep a large message's buffer alive.
      const rest = buffer.subarray(this.bodyLength);
      this.keep(rest.length < buffer.length / 2 ? Buffer.from(rest) : rest);
      this.bodyLength = -1;
      this.deliver(body, callback);
      if (this.broken) return;
    }
  }

  /** The Content-Length of a header, or undefined after reporting why there is none. */
  private contentLength(header: string): number | undefined {
    let length: number | undefined;
    for (const line of header.split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon <= 0) return void this.fail(`a header line without 'name: value': ${JSON.stringify(line.slice(0, 80))}`);
      if (line.slice(0, colon).trim().toLowerCase() !== "content-length") continue;
      const value = line.slice(colon + 1).trim();
      if (!/^\d{1,16}$/.test(value)) return void this.fail(`Content-Length is not a number: ${JSON.stringify(value.slice(0, 80))}`);
      const n = Number(value);
      if (length !== undefined && length !== n) return void this.fail(`two different Content-Length values (${length} and ${n})`);
      length = n;
    }
    if (length === undefined) return void this.fail("a header without Content-Length");
    if (length > this.maxMessageBytes) return void this.fail(`a message of ${length} bytes, more than the ${this.maxMessageBytes} allowed (limit max-message-size)`);
    return length;
  }

  private deliver(body: Buffer, callback: DataCallback): void {
    let message: Message;
    try {
      message = JSON.parse(body.toString("utf8")) as Message;
    } catch (error) {
      // Only this message is lost: the next one starts right after it.
      this.fireError(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    try {
      callback(message);
    } catch (error) {
      this.fireError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private keep(rest: Buffer): void {
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
  }

  private fail(reason: string): void {
    this.broken = true;
    this.chunks = [];
    this.buffered = 0;
    this.fireError(new FramingError(`cannot read the input: ${reason}`));
  }
}

/** Messages are written as vscode-jsonrpc writes them, diagnostics encoded from what was encoded before (encoder.ts). */
const WRITER_OPTIONS = { charset: "utf-8", contentTypeEncoder: cachingEncoder } as const;

export interface FramedTransport {
  readonly reader: BoundedMessageReader;
  readonly writer: MessageWriter;
  /** True for --stdio: standard output carries the protocol, so nothing else may be printed there. */
  readonly stdio: boolean;
}

/**
 * The transport the command line names, read as vscode-languageserver's createConnection reads
 * it (the first of `--node-ipc`, `--stdio`, `--socket=PORT` / `--socket PORT`, `--pipe=NAME` /
 * `--pipe NAME`). "ipc" is left to vscode-languageserver: its messages are objects, not frames.
 */
export function transportFrom(argv: readonly string[]): FramedTransport | "ipc" | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--node-ipc") return "ipc";
    if (arg === "--stdio") return { reader: new BoundedMessageReader(process.stdin), writer: new StreamMessageWriter(process.stdout, WRITER_OPTIONS), stdio: true };
    const [name, value] = arg.split("=") as [string, string | undefined];
    if (name === "--socket") {
      const port = Number.parseInt((arg === "--socket" ? argv[i + 1] : value) ?? "", 10);
      return Number.isNaN(port) || port <= 0 ? undefined : overSocket(netConnection(port, "127.0.0.1"));
    }
    if (name === "--pipe") {
      const pipe = arg === "--pipe" ? argv[i + 1] : value;
      return pipe ? overSocket(netConnection(pipe)) : undefined;
    }
  }
  return undefined;
}

function overSocket(socket: Socket): FramedTransport {
  return { reader: new BoundedMessageReader(socket), writer: new SocketMessageWriter(socket, WRITER_OPTIONS), stdio: false };
}
