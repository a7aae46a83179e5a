/**
 * The language server driven over real JSON-RPC (in-process paired streams), capability by
 * capability, on a small web root on disk.
 */
import Ajv from "ajv";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeAction, CompletionItem, DocumentSymbol, Hover, InitializeResult, Location, SemanticTokens, SemanticTokensDelta, SignatureHelp, TextEdit } from "vscode-languageserver-protocol";
import { dryRunSchema } from "@upscript/language";
import { inProcessClient, type Client } from "./harness.js";

let root: string;
let client: Client;
let init: InitializeResult;
const uri = (path: string) => pathToFileURL(join(root, path)).href;

const PHONES = `# IP232 phones
mod cmd UP1 times /allow 22-4 /initial 6
mod cmd UP1 check iresetn 2026-11-20
mod cmd UP0 prot http://10.0.0.5/firmware/ ireset 13-138765
mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser CFG-1
config activate
iresetn
`;
const SITE = "config change NTP0 /addr 10.0.0.1\n";

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "upscript-lsp-"));
  mkdirSync(join(root, "phones"));
  mkdirSync(join(root, "cfg"));
  mkdirSync(join(root, "firmware"));
  writeFileSync(join(root, ".upscriptrc.json"), JSON.stringify({ server: { "http://10.0.0.5/": "." }, dryRun: { firmware: "13-130000" } }));
  writeFileSync(join(root, "phones", "update-ip232.htm"), PHONES);
  writeFileSync(join(root, "cfg", "site.txt"), SITE);
  writeFileSync(join(root, "firmware", "ip232.bin"), "firmware");
  client = inProcessClient({ scanLimits: { maxFiles: 100, maxMillis: 2000 } });
  init = await client.initialize(root, {}, { preview: { at: "2026-11-20T23:30" } });
  client.open(uri("phones/update-ip232.htm"), PHONES);
  await client.waitForDiagnostics(uri("phones/update-ip232.htm"));
});

afterAll(() => {
  client.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe("initialize", () => {
  it("announces every capability", () => {
    const c = init.capabilities;
    expect(c.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    for (const key of [
      "hoverProvider",
      "completionProvider",
      "signatureHelpProvider",
      "semanticTokensProvider",
      "documentSymbolProvider",
      "foldingRangeProvider",
      "documentLinkProvider",
      "definitionProvider",
      "referencesProvider",
      "codeActionProvider",
      "documentFormattingProvider",
      "documentRangeFormattingProvider",
      "inlayHintProvider",
      "codeLensProvider",
    ]) {
      expect(c, key).toHaveProperty(key);
    }
    expect(c.codeActionProvider).toEqual({ codeActionKinds: ["quickfix", "source.fixAll.upscript"] });
    expect(init.serverInfo?.name).toBe("upscript-language-server");
  });
});

describe("diagnostics", () => {
  it("are published on open, with rule code, exact range and docs link", async () => {
    const diags = await client.waitForDiagnostics(uri("phones/update-ip232.htm"));
    const times = diags.find((d) => d.code === "times-hours")!;
    expect(times).toMatchObject({
      range: { start: { line: 1, character: 25 }, end: { line: 1, character: 29 } },
      severity: 1,
      source: "upscript",
      codeDescription: { href: "https://github.com/upscript/upscript/blob/main/docs/rules/times-hours.md" },
    });
    expect(times.message).toMatch(/^'22-4' is a range/);
    expect(diags.map((d) => d.code).sort()).toEqual(["check-stores-on-failure", "plain-http-transfer", "plain-http-transfer", "times-hours"]);
  });

  it("follow an incremental edit", async () => {
    const u = uri("phones/update-ip232.htm");
    client.change(u, 2, [{ range: { start: { line: 1, character: 25 }, end: { line: 1, character: 29 } }, text: "22,23,0,1,2,3,4" }]);
    const diags = await client.waitForDiagnostics(u, (_, v) => v === 2);
    expect(diags.map((d) => d.code)).not.toContain("times-hours");
  });

  it("after many rapid edits, the last version is the one checked", async () => {
    const u = uri("rapid.upscript");
    client.open(u, "mod cmd UP1 poll\n");
    for (let v = 2; v <= 200; v++) client.change(u, v, [{ text: v === 200 ? "mod cmd UP1 time /allow 1\n" : `mod cmd UP1 poll ${v}\n` }]);
    const diags = await client.waitForDiagnostics(u, (_, v) => v === 200);
    expect(diags.map((d) => d.code)).toEqual(["unknown-up-verb"]);
    client.close(u);
  });

  it("a change in an open cfg target re-checks the script that loads it (nested-cfg)", async () => {
    const script = uri("phones/update-ip232.htm");
    const target = uri("cfg/site.txt");
    client.open(target, SITE);
    client.change(target, 2, [{ text: `${SITE}mod cmd UP0 cfg http://10.0.0.5/cfg/other.txt ser 1\n` }]);
    const diags = await client.waitForDiagnostics(script, (d) => d.some((x) => x.code === "nested-cfg"));
    expect(diags.find((d) => d.code === "nested-cfg")!.message).toMatch(/^cfg\/site\.txt, loaded here, has its own cfg on line 2/);
    // The target itself is checked as a cfg target.
    const own = await client.waitForDiagnostics(target, (d) => d.some((x) => x.code === "nested-cfg"));
    expect(own.find((d) => d.code === "nested-cfg")!.range.start.line).toBe(1);
    client.change(target, 3, [{ text: SITE }]);
    await client.waitForDiagnostics(script, (d) => !d.some((x) => x.code === "nested-cfg"));
    client.close(target);
  });

  it("closing a document clears its diagnostics", async () => {
    const u = uri("closing.upscript");
    client.open(u, "mod cmd\n");
    await client.waitForDiagnostics(u, (d) => d.length === 1);
    client.close(u);
    await client.waitForDiagnostics(u, (d) => d.length === 0);
  });
});

describe("features on an open script", () => {
  const u = () => uri("phones/update-ip232.htm");
  const at = (line: number, character: number) => ({ textDocument: { uri: u() }, position: { line, character } });

  it("hover shows the command's documentation and, on a problem, does not repeat it", async () => {
    const hover = await client.request<Hover>("textDocument/hover", at(3, 13));
    const value = (hover.contents as { value: string }).value;
    expect(value).toContain("mod cmd UP0 prot URL FINAL BUILD");
    expect(hover.range).toEqual({ start: { line: 3, character: 12 }, end: { line: 3, character: 16 } });
    const onProblem = await client.request<Hover>("textDocument/hover", at(3, 18));
    // The editor shows the problem (with its rule link, codeDescription) beside the hover itself.
    expect((onProblem.contents as { value: string }).value).toMatch(/^\*\*URL\*\* of `prot`/);
    expect((onProblem.contents as { value: string }).value).not.toContain("plain-http-transfer");
  });

  it("completion offers the modules after `mod cmd`", async () => {
    const items = await client.request<CompletionItem[]>("textDocument/completion", at(6, 0));
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(["mod cmd", "config", "iresetn"]));
    const v = uri("complete.upscript");
    client.open(v, "mod cmd \n");
    const modules = await client.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: v }, position: { line: 0, character: 8 } });
    expect(modules.map((i) => i.label)).toEqual(expect.arrayContaining(["UP0", "UP1", "WLANMGR0"]));
    client.close(v);
  });

  it("signature help names the active parameter", async () => {
    const help = await client.request<SignatureHelp>("textDocument/signatureHelp", at(3, 44));
    expect(help.signatures[0]!.label).toBe("mod cmd UP0 prot URL FINAL BUILD");
    expect(help.signatures[0]!.parameters![help.activeParameter!]!.label).toBe("FINAL");
  });

  it("semantic tokens cover keywords, modules, verbs, URLs and finals", async () => {
    const tokens = await client.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: u() } });
    const legend = init.capabilities.semanticTokensProvider!.legend.tokenTypes;
    // Decode the relative encoding back to absolute positions.
    const decoded: string[] = [];
    let line = 0;
    let col = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, len, type] = tokens.data.slice(i, i + 4) as [number, number, number, number];
      line += dl;
      col = dl ? dc : col + dc;
      if (line === 3) decoded.push(`${col}+${len}:${legend[type]}`);
    }
    expect(decoded).toEqual(["0+3:keyword", "4+3:keyword", "8+3:module", "12+4:verb", "17+25:url", "43+6:final", "50+9:serial"]);
  });

  it("semantic tokens as a delta: applied to the previous result, the edits give the full tokens of the new text", async () => {
    const v = uri("delta.upscript");
    const text = "mod cmd UP1 times /allow 23,0,1\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1\nmod cmd UP1 check ser 7 iresetn\n";
    client.open(v, text);
    await client.waitForDiagnostics(v, (_, version) => version === 1);
    expect(init.capabilities.semanticTokensProvider!.full).toEqual({ delta: true });
    const first = await client.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: v } });
    expect(first.resultId).toBeDefined();
    client.change(v, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: "# firmware\n" }]);
    await client.waitForDiagnostics(v, (_, version) => version === 2);
    const delta = await client.request<SemanticTokensDelta>("textDocument/semanticTokens/full/delta", { textDocument: { uri: v }, previousResultId: first.resultId });
    const full = await client.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: v } });
    const patched = [...first.data];
    for (const edit of [...delta.edits].reverse()) patched.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
    expect(delta.edits.length).toBe(1);
    expect(delta.edits[0]!.data!.length).toBeLessThan(full.data.length);
    expect(patched).toEqual(full.data);
    // An unknown previous result gets every token.
    const unknown = await client.request<SemanticTokens>("textDocument/semanticTokens/full/delta", { textDocument: { uri: v }, previousResultId: "nope" });
    expect(unknown.data).toEqual(full.data);
    client.close(v);
  });

  it("document symbols, folding ranges, links and inlay hints", async () => {
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: u() } });
    expect(symbols.length).toBeGreaterThan(0);
    const links = await client.request<{ target: string }[]>("textDocument/documentLink", { textDocument: { uri: u() } });
    expect(links.map((l) => l.target)).toEqual([uri("firmware/ip232.bin"), uri("cfg/site.txt")]);
    const hints = await client.request<{ label: string; position: { line: number } }[]>("textDocument/inlayHint", {
      textDocument: { uri: u() },
      range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
    });
    expect(hints.map((h) => `${h.position.line}:${h.label}`)).toEqual(expect.arrayContaining(["3:ip232.bin"]));
    const folds = await client.request<unknown[]>("textDocument/foldingRange", { textDocument: { uri: u() } });
    expect(Array.isArray(folds)).toBe(true);
  });

  it("go to definition from a cfg URL, and references back from the target", async () => {
    const def = await client.request<Location>("textDocument/definition", at(4, 30));
    expect(def.uri).toBe(uri("cfg/site.txt"));
    const target = uri("cfg/site.txt");
    client.open(target, SITE);
    const refs = await client.request<Location[]>("textDocument/references", { textDocument: { uri: target }, position: { line: 0, character: 0 }, context: { includeDeclaration: false } });
    expect(refs).toEqual([{ uri: u(), range: { start: { line: 4, character: 16 }, end: { line: 4, character: 44 } } }]);
    client.close(target);
  });

  it("code actions: each fix (unsafe ones marked, never preferred), a directive to disable the rule, and fix all (safe fixes only)", async () => {
    const v = uri("fixes.upscript");
    // 22-4 (expanding it: unsafe), the second 1 (removing it: safe), PROT (its case: unsafe).
    const text = "mod cmd UP1 times /allow 22-4,1,1\r\nmod cmd UP0 PROT https://10.0.0.5/fw/ ireset 1\r\n";
    client.open(v, text);
    await client.waitForDiagnostics(v, (d) => d.length === 3);
    const actionsAt = (line: number, from: number, to: number, only?: string[]) =>
      client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: v }, range: { start: { line, character: from }, end: { line, character: to } }, context: { diagnostics: [], ...(only && { only }) } });
    const fixAllTitle = "Fix all upscript problems that have a safe fix (1; 2 unsafe fixes left out: they change what devices do, apply them one by one)";

    // Quick fixes come for every problem on the requested lines.
    const first = await actionsAt(0, 25, 29);
    expect(first.map((a) => [a.title, a.isPreferred])).toEqual([
      ["Write 22,23,0,1,2,3,4 (changes what devices do)", undefined],
      ["Disable times-hours for this line", undefined],
      ["Remove the second 1", true],
      ["Disable times-duplicate-hour for this line", undefined],
      [fixAllTitle, undefined],
    ]);
    expect(first[0]!.edit!.changes![v]).toEqual([{ range: { start: { line: 0, character: 25 }, end: { line: 0, character: 29 } }, newText: "22,23,0,1,2,3,4" }]);
    expect(first[1]!.edit!.changes![v]).toEqual([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: "# upscript-disable-next-line times-hours\r\n" }]);
    expect(first[2]!.edit!.changes![v]).toEqual([{ range: { start: { line: 0, character: 31 }, end: { line: 0, character: 33 } }, newText: "" }]);

    const keyword = await actionsAt(1, 12, 16, ["quickfix"]);
    expect(keyword.map((a) => [a.title, a.isPreferred])).toEqual([
      ["Write 'prot' (changes what devices do)", undefined],
      ["Disable keyword-case for this line", undefined],
    ]);

    // Fix all applies the safe fix only: the devices do exactly what they did before.
    const onlyFixAll = await actionsAt(0, 25, 29, ["source.fixAll"]);
    expect(onlyFixAll.map((a) => [a.kind, a.title])).toEqual([["source.fixAll.upscript", fixAllTitle]]);
    expect(onlyFixAll[0]!.edit!.changes![v]![0]!.newText).toBe("mod cmd UP1 times /allow 22-4,1\r\nmod cmd UP0 PROT https://10.0.0.5/fw/ ireset 1\r\n");
    client.close(v);
  });

  it("fix all is not offered when every fix changes what devices do", async () => {
    const v = uri("unsafe-only.upscript");
    client.open(v, "mod cmd UP1 times /allow 22-4\nmod cmd UP0 PROT https://10.0.0.5/fw/ ireset 1\n");
    await client.waitForDiagnostics(v, (d) => d.length === 2);
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: v }, range: { start: { line: 0, character: 25 }, end: { line: 0, character: 29 } }, context: { diagnostics: [] } });
    expect(actions.map((a) => a.title)).toEqual(["Write 22,23,0,1,2,3,4 (changes what devices do)", "Disable times-hours for this line"]);
    expect(actions.some((a) => a.kind === "source.fixAll.upscript")).toBe(false);
    client.close(v);
  });

  it("formatting: whole document and a range", async () => {
    const v = uri("fmt.upscript");
    client.open(v, "  mod  cmd UP1 poll  \nmod cmd   UP1 poll\n");
    const all = await client.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri: v }, options: { tabSize: 2, insertSpaces: true } });
    expect(all.map((e) => `${e.range.start.line}:${e.newText}`)).toEqual(["0:mod cmd UP1 poll", "1:mod cmd UP1 poll"]);
    const one = await client.request<TextEdit[]>("textDocument/rangeFormatting", {
      textDocument: { uri: v },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(one.map((e) => e.range.start.line)).toEqual([1]);
    client.close(v);
  });

  it("code lens on the first line sums up the dry-run for the preview device", async () => {
    const lenses = await client.request<{ range: { start: { line: number } }; command: { title: string; command: string } }[]>("textDocument/codeLens", { textDocument: { uri: u() } });
    expect(lenses).toHaveLength(1);
    expect(lenses[0]!.range.start.line).toBe(0);
    expect(lenses[0]!.command).toEqual({ title: "23:30 IP232: download 13-138765, reset when idle", command: "upscript.openPreview", arguments: [u()] });
  });
});

describe("custom requests", () => {
  const validate = new Ajv({ strict: false }).compile(dryRunSchema());

  it("upscript/dryRun returns the interpreter's JSON", async () => {
    const result = await client.request<{ json: { kind: string; outcome: string; transfers: { url: string }[] }; text: string }>("upscript/dryRun", {
      uri: uri("phones/update-ip232.htm"),
      device: { device: "IP232", at: "2026-11-20T23:30", firmware: "13-130000" },
    });
    expect(validate(result.json)).toBe(true);
    expect(result.json.outcome).toBe("reset-when-idle");
    expect(result.json.transfers.map((t) => t.url)).toEqual(["http://10.0.0.5/firmware/ip232.bin"]);
    expect(result.text).toMatch(/Plan: 1 download, reset when idle/);
  });

  it("upscript/dryRun with a product upscript does not know: guessed file names and the warning, as in the CLI", async () => {
    const result = await client.request<{ json: { device: { product: string }; transfers: { url: string }[]; diagnostics: { rule: string; message: string }[] } }>("upscript/dryRun", {
      uri: uri("phones/update-ip232.htm"),
      device: { device: "IP9999", at: "2026-11-20T23:30", firmware: "13-130000" },
    });
    expect(validate(result.json)).toBe(true);
    expect(result.json.device.product).toBe("IP9999");
    expect(result.json.transfers.map((t) => t.url)).toEqual(["http://10.0.0.5/firmware/ip9999.bin", "http://10.0.0.5/cfg/site.txt"]);
    expect(result.json.diagnostics[0]).toMatchObject({ rule: "unknown-product", message: "unknown product IP9999: default file names guessed (ip9999.bin, boot9999.bin)" });
  });

  it("upscript/simulate returns a timeline, or a fleet forecast", async () => {
    const timeline = await client.request<{ json: { kind: string; steady: unknown }; html: string }>("upscript/simulate", {
      uri: uri("phones/update-ip232.htm"),
      days: 2,
      device: { at: "2026-11-20T12:00" },
    });
    expect(validate(timeline.json)).toBe(true);
    expect(timeline.json.kind).toBe("timeline");
    expect(timeline.html).toContain("<svg");
    const fleet = await client.request<{ json: { kind: string; devices: unknown[] } }>("upscript/simulate", {
      uri: uri("phones/update-ip232.htm"),
      days: 1,
      device: { at: "2026-11-20T12:00" },
      fleet: { text: "product,mac\nIP232,00-90-33-00-00-01\nIP232,00-90-33-00-00-02\n", format: "csv" },
    });
    expect(validate(fleet.json)).toBe(true);
    expect(fleet.json.devices).toHaveLength(2);
  });
});

describe("robustness", () => {
  it("requests on unknown documents return empty results", async () => {
    const unknown = { textDocument: { uri: "file:///nope/update-ip232.htm" }, position: { line: 0, character: 0 } };
    expect(await client.request("textDocument/hover", unknown)).toBeNull();
    expect(await client.request("textDocument/completion", unknown)).toEqual([]);
    expect(await client.request("textDocument/documentSymbol", { textDocument: unknown.textDocument })).toEqual([]);
  });

  it("out-of-range positions return empty results", async () => {
    const far = { textDocument: { uri: uri("phones/update-ip232.htm") }, position: { line: 999, character: 999 } };
    expect(await client.request("textDocument/hover", far)).toBeNull();
    expect(await client.request("textDocument/definition", far)).toBeNull();
    expect(await client.request("textDocument/signatureHelp", far)).toBeNull();
  });

  it("a malformed request is answered and the server keeps working", async () => {
    expect(await client.request("textDocument/hover", { textDocument: null, position: null })).toBeNull();
    await expect(client.request("upscript/dryRun", { uri: "file:///not/open.htm" })).resolves.toBeNull();
    const hover = await client.request<Hover>("textDocument/hover", { textDocument: { uri: uri("phones/update-ip232.htm") }, position: { line: 3, character: 13 } });
    expect(hover).not.toBeNull();
  });
});

describe("configuration", () => {
  it("problems in a parent .upscriptrc.json of the cascade are published on the parent", async () => {
    const dir = mkdtempSync(join(tmpdir(), "upscript-lsp-cascade-"));
    mkdirSync(join(dir, ".git"));
    mkdirSync(join(dir, "site"));
    writeFileSync(join(dir, ".upscriptrc.json"), '{ "rules": { "times-hourz": "off" } }\n');
    writeFileSync(join(dir, "site", ".upscriptrc.json"), '{ "rules": { "times-hours": "warning" } }\n');
    const c = inProcessClient();
    await c.initialize(dir);
    const script = pathToFileURL(join(dir, "site", "update-ip232.htm")).href;
    c.open(script, "mod cmd UP1 times /allow 24\n");
    const problems = await c.waitForDiagnostics(pathToFileURL(join(dir, ".upscriptrc.json")).href);
    expect(problems.map((p) => p.message)).toEqual(["unknown rule 'times-hourz' (did you mean 'times-hours'?)"]);
    expect(await c.waitForDiagnostics(pathToFileURL(join(dir, "site", ".upscriptrc.json")).href)).toEqual([]);
    c.dispose();
    rmSync(dir, { recursive: true, force: true });
  });


  it("problems in .upscriptrc.json are published on that file, and a fixed config is picked up", async () => {
    const dir = mkdtempSync(join(tmpdir(), "upscript-lsp-config-"));
    const config = join(dir, ".upscriptrc.json");
    writeFileSync(config, '{ "rules": { "times-hourz": "off" } }\n');
    const c = inProcessClient();
    await c.initialize(dir, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    const script = pathToFileURL(join(dir, "update-ip232.htm")).href;
    c.open(script, "mod cmd UP1 times /allow 24\n");
    const configUri = pathToFileURL(config).href;
    const problems = await c.waitForDiagnostics(configUri);
    expect(problems.map((p) => [p.message, p.range.start.line, p.range.start.character])).toEqual([["unknown rule 'times-hourz' (did you mean 'times-hours'?)", 0, 13]]);
    await c.waitForDiagnostics(script, (d) => d.some((x) => x.code === "times-hours"));
    writeFileSync(config, '{ "rules": { "times-hours": "off" } }\n');
    await c.rpc.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: configUri, type: 2 }] });
    await c.waitForDiagnostics(script, (d) => !d.some((x) => x.code === "times-hours"));
    await c.waitForDiagnostics(configUri, (d) => d.length === 0);
    c.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
});
