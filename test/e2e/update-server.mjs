/**
 * A dynamic update server for the VS Code test of "upscript: Poll Update Server": node's http on
 * 127.0.0.1, port 0. `/update.php` writes a script for the device that asks (its MAC from
 * `sn`, its firmware from `PROT`), with a generator bug planted: the cfg line's restarting final
 * has no serial (missing-serial, an error). Every request is recorded, so the test can check
 * that nothing but the GET of the update URL arrived.
 */
import { createServer } from "node:http";

export const SERVED_MARK = "# served by the e2e update server";
/** The planted problem: the rule, and the 1-based line of the served script it is on. */
export const servedProblem = { rule: "missing-serial", line: 4 };

export async function startUpdateServer() {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url, "http://127.0.0.1");
    if (req.method !== "GET" || url.pathname !== "/update.php") {
      res.writeHead(404).end();
      return;
    }
    const base = `http://127.0.0.1:${server.address().port}`;
    const running = url.searchParams.get("PROT") ?? "";
    const lines = [
      `${SERVED_MARK} for ${url.searchParams.get("sn") ?? "an unknown device"}`,
      "mod cmd UP1 times /allow 23,0,1,2,3,4",
      running === "13-138765" ? "# firmware is current" : `mod cmd UP0 prot ${base}/fw/ ireset 13-138765`,
      `mod cmd UP0 cfg ${base}/cfg/site.txt iresetn`,
      "",
    ];
    res.writeHead(200, { "content-type": "text/plain" }).end(lines.join("\r\n"));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
