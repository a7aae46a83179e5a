/**
 * A script compiled for the interpreter: one operation per line, with everything the device
 * needs already worked out (hour masks, numbers, URLs). Lines the device would not understand
 * become `ignored` operations with the reason, following the same judgement as the validator:
 * keywords are compared exactly, and a command missing a required part is not run.
 */
import {
  FINALS,
  isSettingsLine,
  parse,
  unknownSwitches,
  type DefaultFileKind,
  type FinalArg,
  type FinalWord,
  type LineNode,
  type ModuleLine,
  type Script,
  type SettingsLine,
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
      readonly verb: "prot" | "boot" | "bmc";
      readonly variable: VariableName;
      readonly running: "firmware" | "boot" | "bmc";
      readonly url: UrlInfo;
      readonly defaultFile: DefaultFileKind | null;
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

const PURPOSE = { prot: "firmware", boot: "boot code", bmc: "DECT radio code" } as const;
const RUNNING = { prot: "firmware", boot: "boot", bmc: "bmc" } as const;

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
    if (module === "UP0" || module === "UP1") return ignored(`'${line.verb.text}' is not a ${module} command; the device ignores the line`);
    return { kind: "effect", effect: "module", activates: false, writes: false };
  }
  const final = (arg: FinalArg | undefined) => arg?.final;
  switch (line.id) {
    case "check": {
      const f = final(line.final);
      if (!f || !line.serial || line.extra.length) return ignored(why(line, f === undefined, !line.serial));
      return { kind: "check", final: f, serial: line.serial.text };
    }
    case "times": {
      const unknown = unknownSwitches(line)[0];
      if (unknown) return ignored(`unknown switch '${unknown.name.text}'; the device rejects the line`);
      const mask = line.allow ? (line.allow.value?.mask ?? 0) : undefined;
      const initial = line.initial?.value?.value;
      return { kind: "times", allowMask: mask, allowText: line.allow?.value?.text, initial };
    }
    case "poll":
    case "reinit":
      return line.extra.length ? ignored(`'${line.verb.text}' takes no arguments; the device rejects the line`) : { kind: line.id };
    case "provision":
      return { kind: "effect", effect: "provision", activates: false, writes: false };
    case "activate-pwr":
    case "deactivate-pwr":
      return { kind: "effect", effect: "wlan", activates: false, writes: false };
    case "prot":
    case "boot":
    case "bmc": {
      const f = final(line.final);
      const url = urlInfo(line.url);
      if (!url || !f || !line.serial || line.extra.length) return ignored(why(line, f === undefined, !line.serial, !url));
      const verb = line.id;
      return {
        kind: "download",
        verb,
        variable: line.spec.variable!,
        running: RUNNING[verb],
        url,
        defaultFile: line.spec.transfer!.defaultFile,
        final: f,
        build: line.serial.text,
        purpose: PURPOSE[verb],
      };
    }
    case "cfg": {
      const f = final(line.final);
      const url = urlInfo(line.url);
      if (!url || !f || line.extra.length) return ignored(why(line, f === undefined, false, !url));
      return { kind: "cfg", url, final: f, serial: line.serial?.text };
    }
    case "scfg": {
      const url = urlInfo(line.url);
      const f = line.final ? final(line.final) : undefined;
      if (!url || (line.final && !f) || (line.final && !line.serial) || line.extra.length) return ignored(why(line, line.final !== undefined && f === undefined, line.final !== undefined && !line.serial, !url));
      const unknown = unknownSwitches(line)[0];
      if (unknown) return ignored(`unknown switch '${unknown.name.text}'; the device rejects the line`);
      if (line.always && line.always.value?.decoded === undefined) {
        return ignored(line.always.value ? `/always ${line.always.value.text} does not decode to a command; the device rejects the line` : "/always without a command; the device rejects the line");
      }
      const force = line.force?.value?.value;
      const always = line.always?.value?.decoded;
      return { kind: "scfg", url, final: f, serial: line.serial?.text, forceHours: line.force && force && line.serial && always === undefined ? force : undefined, always };
    }
    default:
      return { kind: "effect", effect: "module", activates: false, writes: false };
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
