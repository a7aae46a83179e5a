/**
 * The client's edits as the shipped bundle receives them over stdio: whatever changes arrive (a
 * range, several in one notification, the whole text, positions past a line's end or the text's,
 * line ends of every kind), the diagnostics of the last version are those of a fresh lint of its
 * text. This runs the edit log (server/src/lsp/edit-log.ts), the incremental document fed by it,
 * and the encoder that writes diagnostics from what it wrote before (server/src/lsp/encoder.ts).
 */
import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import { lint } from "@upscript/language";
import { toLspDiagnostic } from "../../server/src/lsp/convert.js";
import { mutatedScript } from "../fuzz/arbitraries.js";
import { spawnedClient, type Client } from "./harness.js";

const root = mkdtempSync(join(tmpdir(), "upscript-edits-"));
let client: Client;
let exited: Promise<unknown>;
beforeAll(async () => {
  const spawned = spawnedClient();
  client = spawned.client;
  exited = new Promise((resolve) => spawned.child.on("exit", resolve));
  await client.initialize(root);
});
// A clean end: the shutdown answer comes after every message sent before it has been written and
// read, so nothing is still being written when the streams close.
afterAll(async () => {
  await client.request("shutdown", null);
  await client.rpc.sendNotification("exit");
  await exited;
  client.dispose();
  rmSync(root, { recursive: true, force: true });
});

const position = fc.record({ line: fc.nat(30), character: fc.nat(90) });
const insert = fc.oneof(fc.constantFrom("", "x", " ", "\n", "\r\n", "\r", "mod cmd UP0 prot http://h/ ireset 1\n", "# upscript-disable-next-line\n", "/allow 23,0"), fc.string({ maxLength: 6 }));
const ranged = fc.record({ range: fc.record({ start: position, end: position }), text: insert });
const changes = fc.oneof({ weight: 6, arbitrary: fc.array(ranged, { minLength: 1, maxLength: 1 }) }, { weight: 2, arbitrary: fc.array(ranged, { minLength: 2, maxLength: 3 }) }, { weight: 1, arbitrary: mutatedScript.map((text) => [{ text }]) });
/** Changes, and whether the client waits for their diagnostics before the next ones (else they come in a burst). */
const step = fc.tuple(changes, fc.boolean());

let documents = 0;

describe("edits over stdio", () => {
  it("end in the diagnostics of a fresh lint of the last text", async () => {
    await fc.assert(
      fc.asyncProperty(mutatedScript, fc.array(step, { minLength: 1, maxLength: 12 }), async (text, steps) => {
        const uri = pathToFileURL(join(root, `update-${++documents}.htm`)).href;
        const mirror = TextDocument.create(uri, "upscript", 1, text);
        client.open(uri, text);
        let version = 1;
        for (const [changes, wait] of steps) {
          version++;
          TextDocument.update(mirror, changes, version);
          client.change(uri, version, changes);
          const v = version;
          if (wait) await client.waitForDiagnostics(uri, (_, published) => published === v);
        }
        const published = await client.waitForDiagnostics(uri, (_, v) => v === version);
        const expected = lint(mirror.getText(), { fileName: join(root, `update-${documents}.htm`) }).map(toLspDiagnostic);
        expect(published).toEqual(JSON.parse(JSON.stringify(expected)));
        client.close(uri);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
