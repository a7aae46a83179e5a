/**
 * A script compiled for the interpreter: one operation per line, with everything the device
 * needs already worked out (hour masks, numbers, URLs). Lines the device would not understand
 * become `ignored` operations with the reason, following the same judgement as the validator:
 * keywords are compared exactly, and a command missing a required part is not run.
 */
import {
  FINALS,
  isCheckedModule,
  isSettingsLine,
  parse,
  unknownSwitches,
  type FinalArg,
  type FinalWord,
  type LineNode,
  type LineOfShape,
  type ModuleLine,
  type Script,
  type SettingsLine,
  type TransferSpec,
  type UrlArg,
  type VariableName,
} from "@upscript/grammar";

export interface UrlInfo {
  readonly text: string;
  readonly endsWithSlash: boolean;
  /** Why the device could not even send the request (it reports failed(502)). */
  readonly malformed: string | undefined;
}

export type Op =
  | { readonly kind: "nothing"; readonly why: "blank" | "comment" }
  | { readonly kind: "check"; readonly final: FinalWord; readonly serial: string }
  | { readonly kind: "times"; readonly allowMask: number | undefined; readonly allowText: string | undefined; readonly initial: number | undefined }
  | {
      readonly kind: "download";
      readonly variable: VariableName;
      readonly running: NonNullable<TransferSpec["running"]>;
      readonly url: UrlInfo;
      /** What the device appends to a URL ending in `/` (the catalog's transfer). */
      readonly file: Pick<TransferSpec, "defaultFile" | "appendsUnusableName">;
      readonly final: FinalWord;
      readonly build: string;
      readonly purpose: string;
    }
  | { readonly kind: "cfg"; readonly url: UrlInfo; readonly final: FinalWord; readonly serial: string | undefined }
  | {
      readonly kind: "scfg";
      readonly url: UrlInfo;
      readonly final: FinalWord | undefined;
      readonly serial: string | undefined;
      readonly forceHours: number | undefined;
      /** `/always COMMAND`, decoded: runs on every poll and uploads the command's output. */
      readonly always: string | undefined;
    }
  | { readonly kind: "settings"; readonly remove: boolean; readonly changes: readonly SettingChange[] }
  | { readonly kind: "final"; readonly final: FinalWord }
  | { readonly kind: "poll" }
  | { readonly kind: "reinit" }
  | { readonly kind: "effect"; readonly effect: "config" | "vars" | "module" | "provision" | "wlan" | "other"; readonly activates: boolean; readonly writes: boolean }
  | { readonly kind: "ignored"; readonly reason: string };

/** One setting of a `config add|change|rem UP1` line: its catalog name and, unless removed, its value. */
export interface SettingChange {
  readonly name: string;
  readonly value: string | number | true | undefined;
}

export interface Instruction {
  /** 1-based line number. */
  readonly line: number;
  readonly text: string;
  readonly op: Op;
}

export interface Program {
  readonly script: Script;
  readonly instructions: readonly Instruction[];
  /** What can make an unchanged device behave differently at a later poll. */
  readonly timing: {
    /** The /allow hour masks: the result may change at an hour where one of them flips. */
    readonly allow: readonly number[];
    /** The largest /initial: the result may change this many minutes after boot. */
    readonly initial: number;
    /** scfg /force periods in hours. */
    readonly force: readonly number[];
  };
}

export function compile(source: string | Script): Program {
  const script = typeof source === "string" ? parse(source).tree : source;
  const instructions = script.lines.map((line): Instruction => ({ line: line.line + 1, text: lineText(script.text, line), op: compileLine(line) }));
  const ops = instructions.map((i) => i.op);
  const timing = {
    allow: ops.flatMap((op) => (op.kind === "times" && op.allowMask !== undefined ? [op.allowMask] : [])),
    initial: Math.max(0, ...ops.map((op) => (op.kind === "times" ? (op.initial ?? 0) : 0))),
    force: ops.flatMap((op) => (op.kind === "scfg" && op.forceHours !== undefined ? [op.forceHours] : [])),
  };
  return { script, instructions, timing };
}

function lineText(text: string, line: LineNode): string {
  return text.slice(line.range.start, line.range.end);
}

function ignored(reason: string): Op {
  return { kind: "ignored", reason };
}

function compileLine(line: LineNode): Op {
  switch (line.kind) {
    case "blank":
      return { kind: "nothing", why: "blank" };
    case "comment":
    case "directive":
      return { kind: "nothing", why: "comment" };
    case "config":
    case "vars": {
      const issue = line.caseIssues[0];
      if (issue) return ignored(`the device does not understand '${issue.word.text}' (it expects '${issue.expected}')`);
      if (!line.verb) return ignored(`'${line.keyword.text}' without a verb`);
      if (isSettingsLine(line)) return compileSettings(line);
      const config = line.kind === "config";
      return { kind: "effect", effect: line.kind, activates: config && line.verb.text === "activate", writes: config && line.verb.text === "write" };
    }
    case "final": {
      const issue = line.caseIssues[0];
      if (issue) return ignored(`the device does not understand '${issue.word.text}' (it expects '${issue.expected}')`);
      if (line.args.length > 0) return ignored(`'${line.final.text}' takes no arguments; the device rejects the line`);
      return { kind: "final", final: line.final.final! };
    }
    case "other":
      return { kind: "effect", effect: "other", activates: false, writes: false };
    case "module":
      return compileModule(line);
  }
}

function compileModule(line: ModuleLine): Op {
  if (!line.cmd || !line.module || !line.verb) return ignored("incomplete command; the device cannot run it");
  const issue = line.caseIssues[0];
  if (issue) return ignored(`the device does not understand '${issue.word.text}' (it expects '${issue.expected}')`);
  const module = line.module.text;
  if (!line.spec) {
    if (isCheckedModule(module)) return ignored(`'${line.verb.text}' is not a ${module} command; the device ignores the line`);
    return { kind: "effect", effect: "module", activates: false, writes: false };
  }
  const final = (arg: FinalArg | undefined) => arg?.final;
  // By the catalog's shape and data (docs/catalog.md), never by verb.
  const spec = line.spec;
  switch (line.spec.shape) {
    case "final-serial": {
      const l = line as LineOfShape["final-serial"];
      const f = final(l.final);
      if (!f || !l.serial || l.extra.length) return ignored(why(l, f === undefined, !l.serial));
      return { kind: "check", final: f, serial: l.serial.text };
    }
    case "switches": {
      const l = line as LineOfShape["switches"];
      const unknown = unknownSwitches(l)[0];
      if (unknown) return ignored(`unknown switch '${unknown.name.text}'; the device rejects the line`);
      const mask = l.allow ? (l.allow.value?.mask ?? 0) : undefined;
      const initial = l.initial?.value?.value;
      return { kind: "times", allowMask: mask, allowText: l.allow?.value?.text, initial };
    }
    case "plain":
    case "minutes":
      switch (spec.effect) {
        case "poll":
        case "reinit":
          return line.extra.length ? ignored(`'${line.verb.text}' takes no arguments; the device rejects the line`) : { kind: spec.effect };
        case "provision":
        case "wlan":
          return { kind: "effect", effect: spec.effect, activates: false, writes: false };
        default:
          return { kind: "effect", effect: "module", activates: false, writes: false };
      }
    case "transfer": {
      const l = line as LineOfShape["transfer"];
      const f = final(l.final);
      const url = urlInfo(l.url);
      const transfer = spec.transfer!;
      if (transfer.loadsConfig || transfer.running === undefined) {
        // A configuration load: no build to compare, the serial may be missing.
        if (!url || !f || l.extra.length) return ignored(why(l, f === undefined, false, !url));
        return { kind: "cfg", url, final: f, serial: l.serial?.text };
      }
      if (!url || !f || !l.serial || l.extra.length) return ignored(why(l, f === undefined, !l.serial, !url));
      return {
        kind: "download",
        variable: spec.variable!,
        running: transfer.running,
        url,
        file: transfer,
        final: f,
        build: l.serial.text,
        purpose: transfer.purpose,
      };
    }
    case "upload": {
      const l = line as LineOfShape["upload"];
      const url = urlInfo(l.url);
      const f = l.final ? final(l.final) : undefined;
      if (!url || (l.final && !f) || (l.final && !l.serial) || l.extra.length) return ignored(why(l, l.final !== undefined && f === undefined, l.final !== undefined && !l.serial, !url));
      const unknown = unknownSwitches(l)[0];
      if (unknown) return ignored(`unknown switch '${unknown.name.text}'; the device rejects the line`);
      if (l.always && l.always.value?.decoded === undefined) {
        return ignored(l.always.value ? `${l.always.name.text} ${l.always.value.text} does not decode to a command; the device rejects the line` : `${l.always.name.text} without a command; the device rejects the line`);
      }
      const force = l.force?.value?.value;
      const always = l.always?.value?.decoded;
      return { kind: "scfg", url, final: f, serial: l.serial?.text, forceHours: l.force && force && l.serial && always === undefined ? force : undefined, always };
    }
  }
}

/**
 * A `config add|change|rem UP1 …` line. The same judgement as the validator (poll-interval,
 * url-malformed): a /poll that is no positive number or a /url that does not decode to a URL
 * makes the device reject the line. Settings upscript does not know are passed on as they are.
 */
function compileSettings(line: SettingsLine): Op {
  const remove = line.settingVerb === "rem";
  const changes: SettingChange[] = [];
  for (const setting of line.settings) {
    const name = setting.spec?.name;
    if (!name) continue;
    if (remove) {
      changes.push({ name, value: undefined });
      continue;
    }
    const value = setting.value;
    switch (setting.spec!.value) {
      case null:
        changes.push({ name, value: true });
        break;
      case "minutes": {
        const minutes = value && "value" in value ? value.value : undefined;
        if (minutes === undefined || minutes <= 0) return ignored(`${name} needs a positive number of minutes; the device rejects the line`);
        changes.push({ name, value: minutes });
        break;
      }
      case "encoded-url": {
        const url = value && "decodedUrl" in value ? value.decodedUrl : undefined;
        if (!url?.looksLikeUrl || url.problems.length > 0) return ignored(`${name} is not a URL once decoded; the device rejects the line`);
        changes.push({ name, value: url.text });
        break;
      }
      default:
        if (value) changes.push({ name, value: value.text });
    }
  }
  return { kind: "settings", remove, changes };
}

function urlInfo(url: UrlArg | undefined): UrlInfo | undefined {
  if (!url || !url.looksLikeUrl) return undefined;
  return { text: url.text, endsWithSlash: url.endsWithSlash, malformed: url.problems[0]?.message };
}

function why(line: ModuleLine, badFinal: boolean, noSerial: boolean, noUrl = false): string {
  const verb = line.verb!.text;
  if (noUrl) return `${verb} without a URL; the device cannot run it`;
  if (badFinal) return `${verb} without a valid final command; the device cannot run it`;
  if (noSerial) return `${verb} without its serial; the device cannot run it`;
  return `${verb} with extra words; the device rejects the line`;
}

/** Whether a final command restarts, given whether a restart is required. */
export function firing(final: FinalWord, resetRequired: boolean): "reset-now" | "reset-when-idle" | undefined {
  const spec = FINALS[final];
  if (!spec.timing || (spec.onlyIfRequired && !resetRequired)) return undefined;
  return spec.timing === "now" ? "reset-now" : "reset-when-idle";
}
