/**
 * A dynamic update server for tests of `upscript poll` (and the editor command on top of it): a
 * real HTTP (or HTTPS) server on 127.0.0.1, port 0, that writes a script per poll the way
 * innovaphone's PHP update server does (test/fixtures/vendor/ has the shapes):
 *
 * - `/update.php` without `phase`: first contact. The device is moved to its staging URL
 *   (`config add UP1 /url …`, percent-encoded, with `%23t %23m %23h %23i`) and polls every
 *   minute (`/poll 1`), saved and activated.
 * - `/update.php?phase=staging…`: while UPDATE/CHECK is neither `staged` nor the steady serial,
 *   the staging script: an `/always` query, the `prot`/`boot` lines for what the `PROT`/`BOOT`
 *   parameters do not report yet (with `ser`), `check ser staged` and `iresetn`. Then the steady
 *   script: a backup, the `/always` query, `times`, `check iresetn 2026-11-20a` above the
 *   firmware line, and `/poll 15`.
 * - `/old/…` answers 302 to the same path without `/old` on this server; `/moved/…` 302 to the
 *   same path on `otherBase` (another host).
 * - `/with-cfg/…`: a script whose cfg lines load `/cfg/site.txt` (SITE_CFG) and `/cfg/absent.txt` (404).
 * - `/evil/…`: a script with terminal escape sequences and a bidi override (EVIL).
 * - `/fw/ip232.bin`, `/fw/boot232.bin` (and `firmwareFiles`): a firmware file (HEAD, GET, ranged
 *   GET; HEAD answers 405 with `headNotAllowed`); `/missing/…`: 404; `/slow/…`: never answers;
 *   `/binary/…`: 200 with NUL bytes; `/endless…`: a body that never ends; PUT: 200.
 *
 * Every request is recorded (method, URL, headers, body), and the most requests in flight at once.
 */
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttps } from "node:https";
import type { AddressInfo } from "node:net";

export const STAGED = "staged";
export const STEADY_SERIAL = "2026-11-20a";
export const FIRMWARE = "13-138765";
export const BOOT = "138765";
export const MISSING_FIRMWARE = "13-140000";

export interface GeneratorOptions {
  /** The steady script's firmware line points at `/missing/` (404) with build 13-140000, instead of `/fw/` with the running build. */
  readonly missingFirmware?: boolean;
  /** HEAD on /fw/ answers 405 Method Not Allowed (the client falls back to a ranged GET). */
  readonly headNotAllowed?: boolean;
  /** Each answer waits this long (for concurrency tests). */
  readonly delayMs?: number;
  /** Where `/moved/…` redirects to: another host's base URL. */
  readonly otherBase?: string;
  /** Files under /fw/ besides ip232.bin and boot232.bin. */
  readonly firmwareFiles?: readonly string[];
  /** Serve https with this key and certificate (PEM). */
  readonly tls?: { readonly key: string; readonly cert: string };
}

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface Generator {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly base: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** The most requests that were being answered at the same time. */
  readonly maxInFlight: () => number;
  close(): Promise<void>;
}

/** A cfg target: two settings, and a UP0 command the device does not run from a cfg file. */
export const SITE_CFG = "config change IP0 /ntp 10.0.0.1\nconfig change SIP /domain example.com\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1\n";

/** A script that loads the cfg target, and one the server does not have. */
export function withCfg(base: string): string {
  return `mod cmd UP0 cfg ${base}/cfg/site.txt ser CFG-1\nmod cmd UP0 cfg ${base}/cfg/absent.txt ser CFG-2\nconfig activate\n`;
}

/** A script full of terminal escapes and a bidi override: none of it may reach the terminal raw. */
export const EVIL = "# \x1b]0;owned\x07\x1b[2J\rforged line\nmod cmd UP1 check ser \u202egnp.exe\x1b[31m\n";

const FIRMWARE_BYTES = Buffer.concat([Buffer.from("innovaphone firmware image\n"), Buffer.alloc(4096, 0x5a)]);

export function firstContact(base: string): string {
  const staging = `${base}/update.php?phase=staging&type=#t&sn=#m&hwid=#h&ip=#i`;
  return [
    "# First contact: the generator moves the device to its staging URL and polls fast",
    "mod cmd UP1 provision 5",
    "config add UP1 /poll 1",
    `config add UP1 /url ${encodeURIComponent(staging)}`,
    "config add UP1 /no-dhcp",
    "config rem UP1 /provision",
    "config write",
    "config activate",
    "",
  ].join("\n");
}

export function staging(base: string, query: URLSearchParams): string {
  const lines = [`# Staging for ${query.get("type") ?? "any device"}: report what the device is, then bring firmware and boot code up to date`];
  lines.push(`mod cmd UP0 scfg ${base}/update.php?mode=query&sn=#m&id=info ser nop /always mod%20cmd%20CMD0%20xml-info`);
  if (query.get("PROT") !== FIRMWARE) lines.push(`mod cmd UP0 prot ${base}/fw/ ser ${FIRMWARE}`);
  if (query.get("BOOT") !== BOOT) lines.push(`mod cmd UP0 boot ${base}/fw/ ser ${BOOT}`);
  lines.push(`mod cmd UP1 check ser ${STAGED}`, "iresetn", "");
  return lines.join("\n");
}

export function steady(base: string, missingFirmware: boolean): string {
  return [
    "# Steady: a backup and a query on every poll; the check keeps later polls short",
    `mod cmd UP0 scfg ${base}/update.php?mode=backup&hwid=#h&sn=#m`,
    `mod cmd UP0 scfg ${base}/update.php?mode=query&sn=#m&id=info ser nop /always mod%20cmd%20CMD0%20xml-info`,
    "mod cmd UP1 times /allow 22,23,0,1,2,3,4,5",
    `mod cmd UP1 check iresetn ${STEADY_SERIAL}`,
    missingFirmware ? `mod cmd UP0 prot ${base}/missing/ iresetn ${MISSING_FIRMWARE}` : `mod cmd UP0 prot ${base}/fw/ iresetn ${FIRMWARE}`,
    "config add UP1 /poll 15",
    "config write",
    "config activate",
    "",
  ].join("\n");
}

export async function startGenerator(options: GeneratorOptions = {}): Promise<Generator> {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let most = 0;
  let base = "";
  const files = new Set(["ip232.bin", "boot232.bin", ...(options.firmwareFiles ?? [])]);

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? "/", base);
    const path = url.pathname;
    const text = (status: number, content: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...headers });
      res.end(content);
    };
    if (req.method === "PUT") return text(200, "ok\n");
    if (path.startsWith("/slow/")) return; // never answers: the client's deadline must end it
    if (path.startsWith("/old/")) return text(302, "", { Location: `${path.slice(4)}${url.search}` });
    if (path.startsWith("/moved/") && options.otherBase) return text(302, "", { Location: `${options.otherBase}${path.slice(6)}${url.search}` });
    if (path.startsWith("/missing/")) return text(404, "not found\n");
    if (path.startsWith("/evil/")) return text(200, EVIL);
    if (path.startsWith("/with-cfg/")) return text(200, withCfg(base));
    if (path === "/cfg/site.txt") return text(200, SITE_CFG);
    if (path.startsWith("/binary/")) return text(200, Buffer.from([0x6d, 0x6f, 0x64, 0x00, 0xff, 0x00, 0x01]), { "Content-Type": "application/octet-stream" });
    if (path.startsWith("/endless")) {
      res.writeHead(200, { "Content-Type": "text/plain" });
      const chunk = Buffer.alloc(256 * 1024, "# endless\n");
      const more = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", more);
      };
      res.on("close", () => res.removeAllListeners("drain"));
      return more();
    }
    if (path.startsWith("/fw/")) {
      const name = path.slice(4);
      if (!files.has(name)) return text(404, "no such firmware\n");
      if (req.method === "HEAD") {
        if (options.headNotAllowed) return text(405, "", { Allow: "GET" });
        res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": String(FIRMWARE_BYTES.length) });
        return res.end();
      }
      if (req.headers.range === "bytes=0-0") {
        res.writeHead(206, { "Content-Type": "application/octet-stream", "Content-Range": `bytes 0-0/${FIRMWARE_BYTES.length}` });
        return res.end(FIRMWARE_BYTES.subarray(0, 1));
      }
      return text(200, FIRMWARE_BYTES, { "Content-Type": "application/octet-stream" });
    }
    if (path === "/update.php") {
      const query = url.searchParams;
      if (query.get("phase") !== "staging") return text(200, firstContact(base));
      const check = query.get("CHECK");
      if (check === STAGED || check === STEADY_SERIAL) return text(200, steady(base, options.missingFirmware ?? false));
      return text(200, staging(base, query));
    }
    return text(404, "not found\n");
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    most = Math.max(most, inFlight);
    let ended = false;
    const done = () => {
      if (ended) return;
      ended = true;
      inFlight--;
    };
    res.on("close", done);
    res.on("finish", done);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: { ...req.headers }, body });
      if (options.delayMs) setTimeout(() => handle(req, res, body), options.delayMs);
      else handle(req, res, body);
    });
  };

  const server: Server = options.tls ? createHttps({ key: options.tls.key, cert: options.tls.cert }, listener) : createHttp(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  base = `${options.tls ? "https" : "http"}://127.0.0.1:${port}`;
  return {
    base,
    port,
    requests,
    maxInFlight: () => most,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (for "connection refused"). */
export async function closedPort(): Promise<number> {
  const server = createHttp();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
