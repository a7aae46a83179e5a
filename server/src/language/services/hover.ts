/**
 * Hover: a short markdown explanation of the word under the cursor, built from the catalog's
 * docs. Nothing is shown on blanks, plain comments and words upscript does not know.
 *
 * Text from the script (words, URLs, meta sequences, rule names, reasons) and from the config
 * (file names) is inert: quoted with codeSpan, or escaped with markdownText in prose, so it
 * renders as written and never as a link, image or HTML (docs/security.md).
 */
import {
  CONFIG_VERBS,
  FINALS,
  META_SEQUENCES,
  VARS_VERBS,
  findMeta,
  hourRuns,
  hoursOf,
  HOURS_PER_DAY,
  findModule,
  findProduct,
  isSettingsLine,
  type CaseIssue,
  type CommandSpec,
  type ConfigLine,
  type DirectiveLine,
  type EncodedArg,
  type EncodedUrlArg,
  type FinalSpec,
  type FinalWord,
  type HoursArg,
  type MetaRef,
  type ModuleLine,
  type NumberArg,
  type Range,
  type SettingArg,
  type SettingsLine,
  type SettingsSpec,
  type SlotSpec,
  type SwitchArg,
  type UrlArg,
  type Word,
} from "@upscript/grammar";
import { codeSpan, markdownText } from "../inert.js";
import { pollsPerDayText } from "../polling.js";
import { findRule } from "../rules/index.js";
import { defaultFileName } from "../webroot.js";
import { contains, wordAt } from "./context.js";
import { settingRole, settingsSpecOf } from "./settings.js";
import { argumentRole, boundWord, isValidPosition } from "./signature.js";
import type { DocumentContext, HoverResult, Position } from "./types.js";

export function hover(context: DocumentContext, position: Position): HoverResult | undefined {
  if (!isValidPosition(position)) return undefined;
  const line = context.parsed.tree.lines[position.line];
  if (!line) return undefined;
  switch (line.kind) {
    case "blank":
    case "comment":
    case "other":
      return undefined;
    case "directive":
      return contains(line.comment.range, position) ? { contents: directiveText(line), range: line.comment.range } : undefined;
    case "module":
      return moduleHover(context, line, position);
    case "config":
    case "vars":
      return configHover(line, position);
    case "final": {
      if (!contains(line.final.range, position) || !line.final.final) return undefined;
      return result([finalText(line.final.final, "a final command on its own line"), caseNote(line.caseIssues, line.final)], line.final.range);
    }
  }
}

function result(parts: readonly (string | undefined)[], range: Range): HoverResult {
  return { contents: parts.filter((p) => p !== undefined && p !== "").join("\n\n"), range };
}

const same = (a: Word | undefined, b: Word | undefined) => a !== undefined && b !== undefined && a.range.start === b.range.start;

function caseNote(issues: readonly CaseIssue[], word: Word): string | undefined {
  const issue = issues.find((i) => same(i.word, word));
  return issue ? `Written ${codeSpan(issue.word.text)}: the device compares keywords exactly and expects ${codeSpan(issue.expected)}.` : undefined;
}

// ---- keywords, modules, verbs ----

const MOD_CMD_DOC =
  "**mod cmd** — sends the rest of the line to a module of the device: `mod cmd MODULE VERB ARGS…`. UP0 and UP1 run the update steps; other modules take their own commands.";

function moduleHover(context: DocumentContext, line: ModuleLine, position: Position): HoverResult | undefined {
  const word = wordAt(line, position);
  if (!word) return undefined;
  if (same(word, line.mod) || same(word, line.cmd)) return result([MOD_CMD_DOC, caseNote(line.caseIssues, word)], word.range);
  if (same(word, line.module)) {
    const module = findModule(word.text);
    return module ? result([`**${module.name}** — ${module.doc}`, caseNote(line.caseIssues, word)], word.range) : undefined;
  }
  const spec = line.spec;
  if (same(word, line.verb)) return spec ? result([verbText(spec), caseNote(line.caseIssues, word)], word.range) : undefined;
  if (!spec) return undefined;
  const role = argumentRole(line, position.column, "bound");
  if (!role || !role.word) return undefined;
  switch (role.kind) {
    case "slot":
      return slotHover(context, line, spec, role.slot, role.word, position);
    case "switch": {
      const sw = role.arg.spec;
      const text = sw
        ? `**${sw.name} ${valueName(sw.value)}** — ${sw.doc}${sw.since ? ` Needs firmware ${sw.since} or later.` : ""}`
        : `**${markdownText(role.word.text)}** is not a switch of \`${spec.verb}\`; it takes ${spec.switches.map((s) => `\`${s.name}\``).join(", ")}.`;
      return result([text, caseNote(line.caseIssues, role.word)], role.word.range);
    }
    case "switch-value": {
      const text = switchValueText(role.arg, line);
      return text ? result([text], role.word.range) : undefined;
    }
    case "extra": {
      const final = FINALS[role.word.text.toLowerCase() as FinalWord];
      return result(
        [`**Extra word** — \`${spec.signature}\` has no place for it (too-many-arguments).`, final ? finalText(final.word, undefined) : undefined],
        role.word.range,
      );
    }
  }
}

function verbText(spec: CommandSpec): string {
  const parts = ["```upscript\n" + spec.signature + "\n```", spec.doc];
  if (spec.variable) parts.push(`Stored in UPDATE/${spec.variable}.`);
  for (const note of spec.versionNotes ?? []) parts.push(`Firmware ${note.since}: ${note.what}`);
  return parts.join("\n\n");
}

function valueName(kind: string): string {
  switch (kind) {
    case "hours":
    case "count":
      return "HOURS";
    case "minutes":
      return "MINUTES";
    default:
      return "COMMAND";
  }
}

function configHover(line: ConfigLine, position: Position): HoverResult | undefined {
  const word = wordAt(line, position);
  if (!word) return undefined;
  const verbs: readonly { verb: string; doc: string }[] = line.kind === "config" ? CONFIG_VERBS : VARS_VERBS;
  if (same(word, line.keyword)) {
    const list = verbs.map((v) => `\`${v.verb}\``).join(", ");
    const text =
      line.kind === "config"
        ? `**config** — changes the device configuration: \`config VERB ARGS…\` with ${list}. Changes take effect after \`config activate\` or a restart.`
        : `**vars** — works on device variables: \`vars VERB ARGS…\` with ${list}.`;
    return result([text, caseNote(line.caseIssues, word)], word.range);
  }
  if (same(word, line.verb)) {
    const verb = verbs.find((v) => v.verb === word.text.toLowerCase());
    return verb ? result([`**${line.kind} ${verb.verb}** — ${verb.doc}`, caseNote(line.caseIssues, word)], word.range) : undefined;
  }
  return isSettingsLine(line) ? settingsHover(line, position) : undefined;
}

// ---- settings: config add|change|rem UP1 … ----

function settingsHover(line: SettingsLine, position: Position): HoverResult | undefined {
  const spec = settingsSpecOf(line);
  const role = settingRole(line, position.column);
  if (!spec || !role) return undefined;
  switch (role.kind) {
    case "module": {
      const signature = line.settingVerb === "rem" ? spec.remSignature : spec.signature;
      return result(["```upscript\n" + signature + "\n```", `**${spec.module}** settings — ${spec.doc}`, caseNote(line.caseIssues, role.word)], role.word.range);
    }
    case "name":
      return result([settingNameText(line, spec, role.setting), caseNote(line.caseIssues, role.word)], role.word.range);
    case "value": {
      if (!role.word) return undefined;
      if (role.setting.spec?.value === "encoded-url") return updateUrlHover(role.setting.value as EncodedUrlArg, position);
      const text = settingValueText(role.setting);
      return text ? result([text], role.word.range) : undefined;
    }
    default:
      return undefined;
  }
}

function settingNameText(line: SettingsLine, spec: SettingsSpec, setting: SettingArg): string {
  const known = setting.spec;
  if (!known) {
    const list = spec.settings.map((s) => `\`${s.name}\``).join(", ");
    return `**${markdownText(setting.name.text)}** is no ${spec.module} setting upscript knows (it knows ${list}); the device may still have it.`;
  }
  if (line.settingVerb === "rem") return `**config rem ${spec.module} ${known.name}** — removes the setting, so the device goes back to its default.\n\n${known.doc}`;
  return `**${known.name}${known.valueName ? ` ${known.valueName}` : ""}** — ${known.doc}`;
}

/** `minute`, `5 minutes`: after "every". */
const every = (minutes: number) => (minutes === 1 ? "minute" : `${minutes} minutes`);

function settingValueText(setting: SettingArg): string | undefined {
  const value = setting.value;
  const name = setting.spec?.name;
  if (!value || !name || setting.spec?.value !== "minutes") return undefined;
  const minutes = (value as NumberArg).value;
  if (minutes === undefined) return `**${name}** — ${codeSpan(value.text)} is not a whole number of minutes.`;
  if (minutes === 0 && name !== "/provision") return `**${name} 0** — needs a positive number of minutes (poll-interval).`;
  switch (name) {
    case "/poll":
      return `**/poll ${minutes}** — every device polls every ${every(minutes)}: ${pollsPerDayText(minutes)} per device.`;
    case "/poll-fast":
      return `**/poll-fast ${minutes}** — a factory-fresh device polls every ${every(minutes)} during its first 30 minutes.`;
    default:
      return `**${name} ${minutes}** — ${plural(minutes, "minute")}.`;
  }
}

/** The `/url` value: the decoded update URL and its meta sequences (a meta sequence alone when the URL is written plain). */
function updateUrlHover(value: EncodedUrlArg, position: Position): HoverResult {
  const url = value.decodedUrl;
  if (value.decoded === undefined || !url) {
    return result([`**/url** — ${codeSpan(value.text)} does not decode: every \`%\` must start an escape of two hex digits such as \`%3A\` (url-malformed).`], value.range);
  }
  if (!url.looksLikeUrl) return result([`**/url** — the update URL ${codeSpan(url.text)} does not start with \`http://\` or \`https://\` (url-malformed).`], value.range);
  if (value.verbatim) {
    const meta = metaAt(url.metas, position);
    if (meta) return result([updateMetaText(meta)], meta.range);
  }
  const parts = [`**/url** — the update URL: the device fetches its script from ${value.verbatim ? "" : "(decoded) "}${codeSpan(url.text)} on every poll.`];
  if (url.metas.length > 0) {
    const rows = url.metas.map((m) => {
      const known = m.name ? findMeta(m.name) : undefined;
      return known ? `- \`#${known.name}\` — ${known.doc} (e.g. \`${known.example}\`)` : `- ${codeSpan(m.text)} — no known meta sequence: sent as written`;
    });
    parts.push(`Filled in on every poll:\n${rows.join("\n")}`);
  }
  if (!value.verbatim) parts.push("Positions in the decoded text do not match the characters written, so findings about this URL cover the whole word.");
  return result(parts, value.range);
}

function updateMetaText(meta: MetaRef): string {
  const known = meta.name ? findMeta(meta.name) : undefined;
  if (!known) {
    const list = META_SEQUENCES.map((m) => `\`#${m.name}\``).join(" ");
    return `**${codeSpan(meta.text)}** is no known meta sequence (known: ${list}). The device sends it as written.`;
  }
  return `**\`#${known.name}\`** — ${known.doc} (e.g. \`${known.example}\`).\n\nReplaced in the update URL on every poll.`;
}

// ---- final commands ----

function timingText(spec: FinalSpec): string {
  if (spec.timing === null) return "Never restarts the device.";
  const when = spec.timing === "now" ? "at once" : "once the device is idle";
  const kind = spec.watchdog ? "a hard (watchdog) restart" : "a restart";
  return `Resets: ${kind} ${when}${spec.onlyIfRequired ? ", and only when an earlier step requires one" : ""}.`;
}

/** The doc of a final command word; `where` says where it stands (a slot, a bare line). */
function finalText(word: FinalWord, where: string | undefined): string {
  const spec = FINALS[word];
  const parts = [`**${word}**${where ? ` — ${where}` : ""}`, spec.doc, timingText(spec)];
  if (spec.since) parts.push(`Needs firmware ${spec.since} or later.`);
  return parts.join("\n\n");
}

// ---- arguments ----

function slotHover(context: DocumentContext, line: ModuleLine, spec: CommandSpec, slot: SlotSpec, word: Word, position: Position): HoverResult {
  const heading = `**${slot.name.toUpperCase()}** of \`${spec.verb}\``;
  switch (slot.kind) {
    case "final": {
      const final = FINALS[word.text.toLowerCase() as FinalWord];
      if (!final) return result([`${heading} — ${slot.doc}`, `${codeSpan(word.text)} is not a final command.`], word.range);
      const where = slot.runs ? `FINAL of \`${spec.verb}\`: ${slot.runs}` : `FINAL of \`${spec.verb}\``;
      return result([finalText(final.word, where), caseNote(line.caseIssues, word)], word.range);
    }
    case "url": {
      const url = boundWord(line, slot) as UrlArg | undefined;
      if (!url || !url.looksLikeUrl) return result([`${heading} — ${slot.doc}`, `${codeSpan(word.text)} does not start with a scheme such as \`http://\`.`], word.range);
      const meta = metaAt(url.metas, position);
      if (meta) return result([metaText(meta, spec)], meta.range);
      return result([urlText(context, spec, url)], url.range);
    }
    default:
      return result([`${heading} — ${slot.doc}`], word.range);
  }
}

/** The meta sequence under the position; one that starts there wins over one that ends there. */
function metaAt(metas: readonly MetaRef[], position: Position): MetaRef | undefined {
  return metas.find((m) => m.range.column <= position.column && position.column < m.range.endColumn) ?? metas.find((m) => m.range.endColumn === position.column);
}

function metaText(meta: MetaRef, spec: CommandSpec): string {
  const expands = spec.transfer?.expandsMeta === true;
  const known = meta.name ? findMeta(meta.name) : undefined;
  if (!known) {
    const list = META_SEQUENCES.map((m) => `\`#${m.name}\``).join(" ");
    return `**${codeSpan(meta.text)}** is no known meta sequence (known: ${list}). The device sends it as written.`;
  }
  const where = expands
    ? `Replaced in this \`${spec.verb}\` URL, e.g. by \`${known.example}\`.`
    : `Not replaced in a \`${spec.verb}\` URL: it stays as written (meta sequences are expanded only in scfg URLs and the update URL).`;
  return `**\`#${known.name}\`** — ${known.doc} (e.g. \`${known.example}\`).\n\n${where}`;
}

function urlText(context: DocumentContext, spec: CommandSpec, url: UrlArg): string {
  const transfer = spec.transfer;
  if (!transfer) return `**URL** of \`${spec.verb}\``;
  const action = transfer.method === "PUT" ? `Uploads the ${transfer.purpose} to this URL (HTTP PUT).` : `Downloads the ${transfer.purpose} from this URL (HTTP GET).`;
  const parts = [`**URL** of \`${spec.verb}\` — ${action}`];
  if (url.endsWithSlash) parts.push(defaultNameText(context, spec, url));
  return parts.join("\n\n");
}

function defaultNameText(context: DocumentContext, spec: CommandSpec, url: UrlArg): string {
  const kind = spec.transfer?.defaultFile;
  if (!kind) {
    return spec.transfer?.appendsUnusableName
      ? "Ends in `/`: the name a device appends for radio code lacks `.bin` and is not usable, so name the file (bmc-default-name)."
      : `Ends in \`/\`: no file name is appended for \`${spec.verb}\`; the URL is used as written, so name the file.`;
  }
  const what = kind === "firmware" ? "firmware" : kind === "boot" ? "boot code" : "update script";
  if (context.products.length > 0) {
    const rows = context.products.map((product) => {
      const name = defaultFileName(kind, product, context.config.fileNames);
      return name ? `- ${product.name}: ${codeSpan(url.text + name)}` : `- ${product.name}: no default ${what} name; name the file`;
    });
    return `Ends in \`/\`: each device appends the ${what} file name of its product:\n${rows.join("\n")}`;
  }
  const example = findProduct("IP232");
  const name = example ? defaultFileName(kind, example, context.config.fileNames) : undefined;
  const pattern = kind === "firmware" ? "ip<model>.bin" : kind === "boot" ? "boot<model>.bin" : "update-<product>.htm";
  return `Ends in \`/\`: the device appends the ${what} file name of its product (\`${pattern}\`)${name ? `, e.g. an IP232 loads ${codeSpan(url.text + name)}` : ""}. Declare \`target.products\` in the config to see the names for your devices.`;
}

// ---- switch values ----

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

function switchValueText(arg: SwitchArg, line: ModuleLine): string | undefined {
  const value = arg.value;
  if (!value) return undefined;
  // By the kind of the switch's value (SwitchSpec.value), named as the catalog spells it.
  const name = arg.spec?.name;
  switch (arg.spec?.value) {
    case "hours":
      return hoursText(value as HoursArg, line);
    case "minutes": {
      const minutes = (value as NumberArg).value;
      return minutes === undefined
        ? `**${name}** — ${codeSpan(value.text)} is not a whole number of minutes.`
        : `**${name} ${minutes}** — nothing below runs for ${plural(minutes, "minute")} after each boot.`;
    }
    case "count": {
      const hours = (value as NumberArg).value;
      if (hours === undefined) return `**${name}** — ${codeSpan(value.text)} is not a whole number of hours.`;
      if (hours === 0) return `**${name} 0** — needs a positive number of hours (scfg-force).`;
      return `**${name} ${hours}** — ${durationText(hours)}: uploads again once that much time has passed since the last upload, even with an unchanged serial.`;
    }
    case "command": {
      const command = (value as EncodedArg).decoded;
      return command === undefined
        ? `**${name}** — ${codeSpan(value.text)} does not decode: every \`%\` must start an escape of two hex digits such as \`%20\` (scfg-always).`
        : `**${name}** — uploads the output of ${codeSpan(command)} instead of the configuration, on every poll that reaches this line.`;
    }
    default:
      return undefined;
  }
}

/** `168` → "168 hours = 7 days", `30` → "30 hours = 1 day 6 hours". */
export function durationText(hours: number): string {
  const base = plural(hours, "hour");
  if (hours < 24) return base;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return `${base} = ${plural(days, "day")}${rest ? ` ${plural(rest, "hour")}` : ""}`;
}

const pad = (h: number) => String(h).padStart(2, "0");

/** "Runs only between 22:00 and 05:59 (8 hours a day)" and the items the device cannot use. */
export function hoursText(value: HoursArg, line?: ModuleLine): string {
  const mask = value.mask;
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const item of value.items) {
    switch (item.kind) {
      case "hour":
        if (item.value! >= HOURS_PER_DAY) problems.push(`${codeSpan(item.text)} is outside 0–23`);
        else {
          if (seen.has(item.value!)) problems.push(`${codeSpan(item.text)} is listed twice`);
          seen.add(item.value!);
        }
        break;
      case "range":
        problems.push(`${codeSpan(item.text)} is a range, which the device does not understand`);
        break;
      case "empty":
        problems.push("an empty item (extra comma)");
        break;
      case "invalid":
        problems.push(`${codeSpan(item.text)} is not an hour`);
        break;
    }
  }
  const count = hoursOf(mask).length;
  let main: string;
  if (count === 0) main = "No valid hour is listed, so the lines below never run at any hour.";
  else if (count === HOURS_PER_DAY) main = "Runs at any hour (all 24 hours are listed).";
  else {
    const spans = hourRuns(mask).map((run) => `between ${pad(run.from)}:00 and ${pad(run.to)}:59`);
    main = `Runs only ${spans.join(", and ")} (${plural(count, "hour")} a day).`;
  }
  const parts = [`**/allow** — ${main}`];
  if (count > 0 && count < 24) parts.push("Outside these hours (device clock) the run stops at this line; lines above it run at any hour.");
  if (line && "initial" in line && line.initial) parts.push("A factory-fresh device skips this hour test because /initial is given.");
  if (problems.length) parts.push(`Not usable: ${problems.join("; ")}.`);
  return parts.join("\n\n");
}

// ---- directives ----

const DIRECTIVE_DOCS: Record<string, string> = {
  "disable-next-line": "Hides the findings of these rules on the next line.",
  disable: "Hides the findings of these rules from here until `# upscript-enable` names them again, or to the end of the file.",
  enable: "Turns these rules back on after `# upscript-disable`.",
  "disable-file": "Hides the findings of these rules in the whole file.",
};

function directiveText(line: DirectiveLine): string {
  const { directive } = line;
  if (!directive.kind) {
    return `**${codeSpan(directive.keyword.text)}** is no upscript directive; use \`upscript-disable-next-line\`, \`upscript-disable\`, \`upscript-enable\` or \`upscript-disable-file\`.`;
  }
  const parts = [`**upscript-${directive.kind}** — ${DIRECTIVE_DOCS[directive.kind]}`];
  if (directive.rules.length === 0) parts.push("It names no rule, so it does nothing.");
  else {
    const rows = directive.rules.map((rule) => {
      if (rule.text === "all") return "- `all`: every rule";
      const found = findRule(rule.text);
      return found ? `- \`${found.id}\`: ${found.description}` : `- ${codeSpan(rule.text)}: no such rule`;
    });
    parts.push(rows.join("\n"));
  }
  if (directive.reason) parts.push(`Reason: ${markdownText(directive.reason.text)}`);
  return parts.join("\n\n");
}
