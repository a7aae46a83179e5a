/**
 * `upscript dry-run --device P` for every product of the catalog: it runs (never exit 2 for the
 * product), and a prot or boot URL ending in `/` gets the product's default file name. An unknown
 * product runs too, with a warning on stderr and in the plan, and file names guessed by the vendor
 * rule. (The names themselves are pinned by hand in test/grammar/products.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { PRODUCTS } from "@upscript/grammar";
import { runCli } from "../helpers/cli.js";
import { tempDir, writeTree } from "./tmp.js";

const SCRIPT = "mod cmd UP0 prot http://10.0.0.5/fw/ ser 13-1\nmod cmd UP0 boot http://10.0.0.5/fw/ ser 205\n";
const dir = writeTree(tempDir("products"), { "script.htm": SCRIPT });
const AT = ["--at", "2026-11-20T23:30"];

interface Plan {
  device: { product: string };
  transfers: { line: number; url: string; purpose: string }[];
  diagnostics: { rule: string; line: number; message: string }[];
}

function dryRun(args: string[], cwd = dir) {
  const result = runCli(["dry-run", "--format", "json", ...args], { cwd });
  return { ...result, plan: result.stdout ? (JSON.parse(result.stdout) as Plan) : undefined };
}

describe("dry-run --device P, for every product", () => {
  it.each(PRODUCTS.map((p) => [p.name, p] as const))("%s", (name, product) => {
    const result = dryRun(["script.htm", "--device", name, ...AT]);
    expect([0, 1]).toContain(result.code);
    expect(result.stderr).toBe("");
    expect(result.plan!.device.product).toBe(name);
    // A product without firmware or boot code ignores those lines (no-firmware-for-product in lint).
    expect(result.plan!.transfers.map((t) => [t.line, t.url])).toEqual([
      ...(product.hasFirmware ? [[1, `http://10.0.0.5/fw/${product.firmwareFile}`]] : []),
      ...(product.hasBoot ? [[2, `http://10.0.0.5/fw/${product.bootFile}`]] : []),
    ]);
    expect(result.plan!.diagnostics.filter((d) => d.rule === "unknown-product")).toEqual([]);
  });

  it("the lower-case name is the same product", () => {
    const result = dryRun(["script.htm", "--device", "mypbxa", ...AT]);
    expect(result.code).toBe(0);
    expect(result.plan!.device.product).toBe("MYPBXA");
    expect(result.plan!.transfers.map((t) => t.url)).toEqual(["http://10.0.0.5/fw/mypbx.apk"]);
  });
});

describe("an unknown product", () => {
  const WARNING = "unknown product IP9999: default file names guessed (ip9999.bin, boot9999.bin)";

  it("--device IP9999 runs with a warning on stderr and in the plan, and guessed file names", () => {
    const result = dryRun(["script.htm", "--device", "IP9999", ...AT]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`upscript: warning: ${WARNING}\n`);
    expect(result.plan!.device.product).toBe("IP9999");
    expect(result.plan!.diagnostics[0]).toEqual({ rule: "unknown-product", line: 0, message: WARNING });
    expect(result.plan!.transfers.map((t) => t.url)).toEqual(["http://10.0.0.5/fw/ip9999.bin", "http://10.0.0.5/fw/boot9999.bin"]);
  });

  it("a name that is not of the ip… kind: <type>.bin and boot<type>.bin, cut at the first '-'", () => {
    const result = dryRun(["script.htm", "--device", "newphone-2", ...AT]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("upscript: warning: unknown product NEWPHONE-2: default file names guessed (newphone.bin, bootnewphone.bin)\n");
    expect(result.plan!.transfers.map((t) => t.url)).toEqual(["http://10.0.0.5/fw/newphone.bin", "http://10.0.0.5/fw/bootnewphone.bin"]);
  });

  it("a near miss of a known product names it", () => {
    const result = dryRun(["script.htm", "--device", "IP2322", ...AT]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("upscript: warning: unknown product IP2322: default file names guessed (ip2322.bin, boot2322.bin); did you mean IP222 or IP232?\n");
  });

  it("from the config's dryRun.device too, and the text output says it under 'Met during the run'", () => {
    const here = writeTree(tempDir("products-config"), { ".upscriptrc.json": '{ "dryRun": { "device": "IP9999" } }\n', "night.htm": SCRIPT });
    const text = runCli(["dry-run", "night.htm", ...AT], { cwd: here });
    expect(text.code).toBe(0);
    expect(text.stderr).toBe(`upscript: warning: ${WARNING}\n`);
    expect(text.stdout).toContain(`Met during the run:\n  ${WARNING} [unknown-product]\n`);
    expect(text.stdout).toContain("http://10.0.0.5/fw/ip9999.bin");
  });

  it("simulate warns as well", () => {
    const result = runCli(["simulate", "script.htm", "--device", "IP9999", "--days", "1", ...AT], { cwd: dir });
    expect([0, 1]).toContain(result.code);
    expect(result.stderr.split("\n")[0]).toBe(`upscript: warning: ${WARNING}`);
  });

  it("a name that cannot be a product is still exit 2", () => {
    expect(dryRun(["script.htm", "--device", "ip/232", ...AT])).toMatchObject({ code: 2, stdout: "", stderr: "upscript: unknown product 'ip/232': a product name is letters, digits, '-' and '_' (e.g. IP232)\n" });
  });
});
