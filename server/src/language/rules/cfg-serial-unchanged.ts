import type { Script, TransferLine } from "@upscript/grammar";
import { targetTree } from "../cfg-target.js";
import type { ResolvedFile } from "../resolver.js";
import { bumpSerial, commands, firstDifference } from "./check-serial-unchanged.js";
import { replaceFix } from "./util.js";
import { defineRule } from "./types.js";

/**
 * A file that a cfg line loads changed since the git base, while that cfg line kept the serial it
 * had there: devices that stored the serial skip the line and never load the new file.
 */
export default defineRule({
  id: "cfg-serial-unchanged",
  severity: "error",
  category: "correctness",
  description: "A file loaded by cfg changed since the git base but the serial on the cfg line did not: devices that already loaded it skip the change.",
  fixable: "unsafe",
  visit({ role, base, resolve, baseResolve, report }) {
    if (role === "cfg-target" || !base || !resolve || !baseResolve) return undefined;
    const baseSerials = serialsByUrl(base);
    const changes = new Map<string, string | null>();
    return {
      line(line) {
        if (line.kind !== "module" || line.id !== "cfg" || !line.serial) return;
        const url = loadable(line);
        if (!url || !baseSerials.get(url)?.has(line.serial.text)) return;
        let change = changes.get(url);
        if (change === undefined) changes.set(url, (change = changeSince(resolve(url), () => baseResolve(url))));
        if (change === null) return;
        const serial = line.serial;
        const next = bumpSerial(serial.text);
        report({
          range: serial.range,
          message: `${change} but this cfg line still has the serial '${serial.text}' it had there: every device that already loaded the file stored ${serial.text} in UPDATE/CFG, so it skips this line and never gets the change`,
          fixes: [replaceFix("unsafe", `Change the serial to '${next}'`, serial.range, next)],
        });
      },
      end() {},
    };
  },
});

/** The URL of a cfg line when it names one file (no meta sequence, no default name, parseable). */
function loadable(line: TransferLine): string | undefined {
  const url = line.url;
  if (!url?.looksLikeUrl || url.problems.length > 0 || url.endsWithSlash || url.text.includes("#")) return undefined;
  return url.text;
}

/** For each URL the base's cfg lines load: the serials they load it with. */
function serialsByUrl(base: Script): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const line of base.lines) {
    if (line.kind !== "module" || line.id !== "cfg" || !line.serial) continue;
    const url = loadable(line);
    if (!url) continue;
    const serials = out.get(url) ?? new Set<string>();
    serials.add(line.serial.text);
    out.set(url, serials);
  }
  return out;
}

/**
 * How the file changed between the base and now, as the start of a message; null when its
 * commands are the same (comments, blank lines and spacing do not count) or either text is
 * unknown. A file that did not exist at the base is no change here: devices never stored its
 * serial from a successful load.
 */
function changeSince(now: ResolvedFile, atBase: () => ResolvedFile): string | null {
  if (now.kind !== "found" || now.text === undefined) return null;
  // Read at the base only what can be compared now.
  const then = atBase();
  if (then.kind !== "found") return null;
  const current = targetTree(now);
  const before = targetTree(then);
  if (!current || !before) return null;
  const a = commands(current);
  const b = commands(before);
  const at = firstDifference(a.map((c) => c.text), b.map((c) => c.text));
  if (at === undefined) return null;
  const where =
    at < a.length ? `first change on its line ${a[at]!.line + 1}` : a.length > 0 ? `lines removed after its line ${a[a.length - 1]!.line + 1}` : "all its commands removed";
  return `${now.path} changed since the base (${where})`;
}
