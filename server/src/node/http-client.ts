/**
 * The one HTTP client of upscript, used only by `upscript poll` (docs/live-poll.md,
 * docs/security.md "Polling a live server"): one request at a time on node's `http`/`https`,
 * no redirects followed here (the caller decides, as the device would), a deadline that covers
 * connecting, the answer and the whole body, and a size limit on the body. Every failure comes
 * back as a short message ("timed out after 10 s", "connection refused", "answer larger than
 * 16 MB", a certificate that is not trusted), never as an exception.
 */
import http from "node:http";
import https from "node:https";
import tls from "node:tls";

declare const UPSCRIPT_VERSION: string | undefined;
const VERSION = typeof UPSCRIPT_VERSION === "string" ? UPSCRIPT_VERSION : "dev";

/** What every request of `upscript poll` says it is. */
export const USER_AGENT = `upscript/${VERSION} (innovaphone device emulation; upscript poll)`;

export interface HttpClientOptions {
  /** Deadline of one request in milliseconds: connecting, the answer and the whole body. */
  readonly timeoutMs: number;
  /** PEM text of CA certificates trusted besides the default ones (`--ca FILE`). */
  readonly ca?: string;
  /** Do not check https certificates (`--insecure`). */
  readonly insecure?: boolean;
  readonly userAgent?: string;
}

export interface HttpRequest {
  readonly method: "GET" | "HEAD" | "PUT";
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** A body longer than this is an error (`answer larger than N MB`). */
  readonly maxBytes: number;
  /** Stop reading after this many bytes and keep the answer (a ranged GET that only wants the status). */
  readonly readAtMost?: number;
}

export type HttpAnswer =
  | { readonly kind: "answer"; readonly status: number; readonly location: string | undefined; readonly body: Buffer }
  | { readonly kind: "error"; readonly message: string };

/** `10 s`, `0.5 s` */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : Number(s.toFixed(3))} s`;
}

/** `16 MB`, `4 MB`, `512 KB` */
export function sizeText(bytes: number): string {
  if (bytes >= 2 ** 20 && bytes % 2 ** 20 === 0) return `${bytes / 2 ** 20} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

const CERTIFICATE_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** A network error in a few words. */
export function describeNetworkError(error: unknown): string {
  const err = error as NodeJS.ErrnoException & { reason?: string };
  const code = err?.code ?? "";
  const first = String(err?.message ?? error).split("\n")[0]!;
  if (CERTIFICATE_CODES.has(code)) {
    const what = code === "ERR_TLS_CERT_ALTNAME_INVALID" ? `the certificate does not name this host (${err.reason ?? first})` : `certificate not trusted: ${first}`;
    return `${what}; give the server's CA with --ca FILE (or skip the check with --insecure)`;
  }
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
      return "connection reset by the server";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable";
    case "EPROTO":
      return `TLS failed: ${first}`;
    default:
      return first || "the request failed";
  }
}

/** The trust store of a run: the default CAs, plus `--ca` for that run. */
function trust(options: HttpClientOptions): Pick<https.RequestOptions, "ca" | "rejectUnauthorized"> {
  if (options.insecure) return { rejectUnauthorized: false };
  if (options.ca) return { ca: [...tls.rootCertificates, options.ca], rejectUnauthorized: true };
  return { rejectUnauthorized: true };
}

/** Sends one request and reads the answer within the deadline and the size limit. */
export function httpRequest(request: HttpRequest, options: HttpClientOptions): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      resolve({ kind: "error", message: `'${request.url}' is no URL` });
      return;
    }
    const secure = url.protocol === "https:";
    if (!secure && url.protocol !== "http:") {
      resolve({ kind: "error", message: `only http and https URLs are polled, not ${url.protocol}` });
      return;
    }
    let done = false;
    // Set below, once the request exists; the timer needs it to abort.
    let abort: () => void = () => undefined;
    const finish = (answer: HttpAnswer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      abort();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ kind: "error", message: `timed out after ${seconds(options.timeoutMs)}` }), options.timeoutMs);
    const headers: Record<string, string> = {
      "User-Agent": options.userAgent ?? USER_AGENT,
      Accept: "*/*",
      Connection: "close",
      ...request.headers,
    };
    if (request.body) headers["Content-Length"] = String(request.body.length);
    const requestOptions: https.RequestOptions = { method: request.method, headers, agent: false, ...(secure && trust(options)) };
    let req: http.ClientRequest;
    try {
      req = (secure ? https : http).request(url, requestOptions);
    } catch (error) {
      finish({ kind: "error", message: describeNetworkError(error) });
      return;
    }
    abort = () => req.destroy();
    req.on("error", (error) => finish({ kind: "error", message: describeNetworkError(error) }));
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      const location = typeof res.headers.location === "string" ? res.headers.location : undefined;
      const tooLarge = () => finish({ kind: "error", message: `answer larger than ${sizeText(request.maxBytes)}` });
      const declared = Number(res.headers["content-length"]);
      if (request.method !== "HEAD" && request.readAtMost === undefined && Number.isFinite(declared) && declared > request.maxBytes) {
        tooLarge();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = () => ({ kind: "answer" as const, status, location, body: Buffer.concat(chunks) });
      res.on("data", (chunk: Buffer) => {
        if (done) return;
        size += chunk.length;
        if (request.readAtMost !== undefined && size >= request.readAtMost) {
          chunks.push(chunk.subarray(0, Math.max(0, request.readAtMost - (size - chunk.length))));
          finish(answer());
          return;
        }
        if (size > request.maxBytes) {
          tooLarge();
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => finish(answer()));
      res.on("error", (error) => finish({ kind: "error", message: describeNetworkError(error) }));
      res.on("aborted", () => finish({ kind: "error", message: "the server closed the connection before the answer was complete" }));
    });
    req.end(request.body);
  });
}
