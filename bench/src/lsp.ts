/**
 * Language server latency, measured the same way for upscript and for two well-known servers on
 * documents of the same size: vscode-json-language-server and yaml-language-server. Each server
 * runs as its own process over stdio.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { generateLines } from "./generate.js";
import { fmt, median, type Row } from "./measure.js";
import { peakRssMb } from "./worker.js";

interface Subject {
  readonly name: string;
  readonly command: readonly string[];
  readonly languageId: string;
  readonly extension: string;
  readonly document: (lines: number) => string;
  /** A position inside the first lines where hover and completion make sense. */
  readonly hoverAt: { line: number; character: number };
  readonly completeAt: { line: number; character: number };
}

const root = process.cwd();

function jsonDocument(lines: number): string {
  const entries: string[] = [];
  for (let i = 0; i < lines - 2; i++) entries.push(`  "key${i}": { "url": "http://10.0.0.5/firmware/ip232.bin", "build": "13-${138000 + i}" }`);
  return `{\n${entries.join(",\n")}\n}\n`;
}

function yamlDocument(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`key${i}: { url: "http://10.0.0.5/firmware/ip232.bin", build: "13-${138000 + i}" }`);
  return `${out.join("\n")}\n`;
}

export const SUBJECTS: readonly Subject[] = [
  {
    name: "upscript",
    command: [process.execPath, join(root, "dist", "server.cjs"), "--stdio"],
    languageId: "upscript",
    extension: "htm",
    document: (lines) => `mod cmd UP0 prot http://10.0.0.5/firmware/ ireset 13-138765\n${generateLines(lines - 1)}`,
    hoverAt: { line: 0, character: 13 },
    completeAt: { line: 0, character: 8 },
  },
  {
    name: "vscode-json-language-server",
    command: [process.execPath, join(root, "node_modules", "vscode-langservers-extracted", "bin", "vscode-json-language-server"), "--stdio"],
    languageId: "json",
    extension: "json",
    document: jsonDocument,
    hoverAt: { line: 1, character: 4 },
    completeAt: { line: 1, character: 10 },
  },
  {
    name: "yaml-language-server",
    command: [process.execPath, join(root, "node_modules", "yaml-language-server", "bin", "yaml-language-server"), "--stdio"],
    languageId: "yaml",
    extension: "yaml",
    document: yamlDocument,
    hoverAt: { line: 0, character: 2 },
    completeAt: { line: 0, character: 10 },
  },
];

export interface Latency {
  initialize: number;
  firstDiagnostics: number;
  editDiagnostics: number;
  completion: number;
  hover: number;
  /** The server process's peak resident memory, in MB. */
  peakRss: number;
}

/**
 * A server process over stdio, answering what a minimal client answers; `published` holds the
 * listeners told of each publishDiagnostics.
 */
function startServer(subject: Subject) {
  const child = spawn(subject.command[0]!, subject.command.slice(1), { stdio: ["pipe", "pipe", "ignore"] });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published: ((uri: string, version: number | undefined) => void)[] = [];
  rpc.onNotification("textDocument/publishDiagnostics", (p: { uri: string; version?: number }) => published.forEach((f) => f(p.uri, p.version)));
  rpc.onRequest("workspace/configuration", (p: { items: unknown[] }) => p.items.map(() => null));
  rpc.onRequest("client/registerCapability", () => null);
  rpc.onRequest("window/workDoneProgress/create", () => null);
  rpc.onNotification(() => undefined);
  rpc.listen();
  return { child, rpc, published };
}

/** One fresh server process: the five figures for one document. */
async function measureOnce(subject: Subject, text: string, dir: string): Promise<Latency> {
  const { child, rpc, published } = startServer(subject);
  // Servers that say which version they checked must report that version; a late report on an
  // older version does not count.
  const nextDiagnostics = (uri: string, version: number) =>
    new Promise<void>((resolve) => published.push((u, v) => u === uri && (v === undefined || v === version) && resolve()));
  const file = join(dir, `doc-${subject.name}.${subject.extension}`);
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  try {
    let t = performance.now();
    await rpc.sendRequest("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: { textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: true } }, hover: {} }, workspace: { configuration: true } },
      initializationOptions: { provideFormatter: false },
    });
    const initialize = performance.now() - t;
    await rpc.sendNotification("initialized", {});
    t = performance.now();
    const first = nextDiagnostics(uri, 1);
    await rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: subject.languageId, version: 1, text } });
    await first;
    const firstDiagnostics = performance.now() - t;
    t = performance.now();
    const edited = nextDiagnostics(uri, 2);
    await rpc.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: " " }],
    });
    await edited;
    const editDiagnostics = performance.now() - t;
    t = performance.now();
    await rpc.sendRequest("textDocument/completion", { textDocument: { uri }, position: subject.completeAt });
    const completion = performance.now() - t;
    t = performance.now();
    await rpc.sendRequest("textDocument/hover", { textDocument: { uri }, position: subject.hoverAt });
    const hover = performance.now() - t;
    return { initialize, firstDiagnostics, editDiagnostics, completion, hover, peakRss: peakRssMb(child.pid!) };
  } finally {
    rpc.dispose();
    child.kill();
  }
}

export async function measure(subject: Subject, lines: number, runs: number): Promise<Latency> {
  const dir = mkdtempSync(join(tmpdir(), "upscript-lsp-bench-"));
  try {
    const text = subject.document(lines);
    const samples: Latency[] = [];
    await measureOnce(subject, text, dir); // warm the file cache
    for (let i = 0; i < runs; i++) samples.push(await measureOnce(subject, text, dir));
    const pick = (key: keyof Latency) => median(samples.map((s) => s[key]));
    return {
      initialize: pick("initialize"),
      firstDiagnostics: pick("firstDiagnostics"),
      editDiagnostics: pick("editDiagnostics"),
      completion: pick("completion"),
      hover: pick("hover"),
      peakRss: Math.max(...samples.map((s) => s.peakRss)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function lspSection(runs = 5): Promise<Row[]> {
  const rows: Row[] = [];
  for (const lines of [50, 10_000]) {
    const results = new Map<string, Latency>();
    for (const subject of SUBJECTS) results.set(subject.name, await measure(subject, lines, runs));
    const ours = results.get("upscript")!;
    const json = results.get("vscode-json-language-server")!;
    const yaml = results.get("yaml-language-server")!;
    for (const [key, label] of [
      ["initialize", "initialize answered"],
      ["firstDiagnostics", "first diagnostics after didOpen"],
      ["editDiagnostics", "diagnostics after a one-character edit"],
      ["completion", "completion"],
      ["hover", "hover"],
    ] as const) {
      rows.push({
        section: "lsp",
        measure: `${label}, ${lines.toLocaleString("en-US")} lines`,
        value: `${fmt(ours[key])} ms`,
        baseline: `json ${fmt(json[key])} ms · yaml ${fmt(yaml[key])} ms`,
        ratio: `${fmt(ours[key] / json[key], 2)}× json`,
        rss: `${fmt(ours.peakRss, 0)} MB · json ${fmt(json.peakRss, 0)} · yaml ${fmt(yaml.peakRss, 0)}`,
        note: `median of ${runs} fresh processes; RSS: the server's peak`,
      });
    }
  }
  return rows;
}

/**
 * Typing in a long document, as an editor does it: one upscript server process, a 10,000-line
 * script opened, then one character inserted mid-document every 300 ms; after each edit the time
 * to the diagnostics of that version, and the semantic tokens, outline and code lens asked for
 * then (what the editor asks after a keystroke). First diagnostics after didOpen warm: a second
 * document of the same size opened in the same process. Medians over the edits.
 */
export async function keystrokeSection(lines = 10_000, edits = 21): Promise<Row[]> {
  const subject = SUBJECTS[0]!;
  const dir = mkdtempSync(join(tmpdir(), "upscript-keystroke-bench-"));
  const { child, rpc, published: waiting } = startServer(subject);
  const diagnosticsOf = (uri: string, version: number) => new Promise<void>((resolve) => waiting.push((u, v) => u === uri && v === version && resolve()));
  const text = subject.document(lines);
  const open = async (name: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    const t = performance.now();
    const first = diagnosticsOf(uri, 1);
    await rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: subject.languageId, version: 1, text } });
    await first;
    return { uri, ms: performance.now() - t };
  };
  const timed = async (f: () => Promise<unknown>) => {
    const t = performance.now();
    await f();
    return performance.now() - t;
  };
  try {
    await rpc.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: { textDocument: { publishDiagnostics: {} }, workspace: { configuration: true } } });
    await rpc.sendNotification("initialized", {});
    const cold = await open("update-a.htm");
    const warm = await open("update-b.htm");
    const { uri } = warm;
    const samples = { diagnostics: [] as number[], tokens: [] as number[], delta: [] as number[], outline: [] as number[], lens: [] as number[] };
    let previousResultId = ((await rpc.sendRequest("textDocument/semanticTokens/full", { textDocument: { uri } })) as { resultId: string }).resultId;
    const middle = Math.floor(lines / 2);
    for (let version = 2; version < edits + 2; version++) {
      await new Promise((r) => setTimeout(r, 300));
      const done = diagnosticsOf(uri, version);
      samples.diagnostics.push(
        await timed(async () => {
          await rpc.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: middle, character: 0 }, end: { line: middle, character: 0 } }, text: "x" }] });
          await done;
        }),
      );
      // What an editor asks after a keystroke (VS Code, once the server offers deltas), then the full tokens.
      samples.delta.push(await timed(() => rpc.sendRequest("textDocument/semanticTokens/full/delta", { textDocument: { uri }, previousResultId })));
      samples.tokens.push(
        await timed(async () => {
          previousResultId = ((await rpc.sendRequest("textDocument/semanticTokens/full", { textDocument: { uri } })) as { resultId: string }).resultId;
        }),
      );
      samples.outline.push(await timed(() => rpc.sendRequest("textDocument/documentSymbol", { textDocument: { uri } })));
      samples.lens.push(await timed(() => rpc.sendRequest("textDocument/codeLens", { textDocument: { uri } })));
    }
    const note = `one process, ${edits} edits 300 ms apart, median; upscript server over stdio`;
    const row = (measure: string, ms: number, extra = note): Row => ({ section: "keystroke", measure, value: `${fmt(ms)} ms`, baseline: "", ratio: "", rss: `${fmt(peakRssMb(child.pid!), 0)} MB`, note: extra });
    return [
      row(`first diagnostics after didOpen, cold, ${lines.toLocaleString("en-US")} lines`, cold.ms, "the process's first document"),
      row(`first diagnostics after didOpen, warm, ${lines.toLocaleString("en-US")} lines`, warm.ms, "a second document of the same size in the same process"),
      row(`keystroke → diagnostics, mid-document, ${lines.toLocaleString("en-US")} lines`, median(samples.diagnostics)),
      row(`semantic tokens after a keystroke, ${lines.toLocaleString("en-US")} lines`, median(samples.tokens), `${note}; full tokens`),
      row(`semantic tokens delta after a keystroke, ${lines.toLocaleString("en-US")} lines`, median(samples.delta), `${note}; semanticTokens/full/delta from the previous result, as VS Code asks`),
      row(`outline after a keystroke, ${lines.toLocaleString("en-US")} lines`, median(samples.outline)),
      row(`code lens after a keystroke, ${lines.toLocaleString("en-US")} lines`, median(samples.lens)),
    ];
  } finally {
    rpc.dispose();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
