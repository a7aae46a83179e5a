/**
 * Where a column lies on a typed `config add|change|rem UP1 …` line (SettingsLine): on the
 * module, on a setting's name or value, on an extra word, or on an empty place. Hover,
 * completion and signature help share it.
 */
import { findSettings, type SettingArg, type SettingsLine, type SettingsSpec, type Word } from "@upscript/grammar";

export type SettingRole =
  | { readonly kind: "module"; readonly word: Word }
  | { readonly kind: "name"; readonly setting: SettingArg; readonly word: Word }
  /** A setting's value, or (`word` undefined) the empty place right after a name that takes one. */
  | { readonly kind: "value"; readonly setting: SettingArg; readonly word: Word | undefined }
  | { readonly kind: "extra"; readonly word: Word }
  /** An empty place where a new setting may be written. */
  | { readonly kind: "new" };

const touches = (word: Word, column: number) => word.range.column <= column && column <= word.range.endColumn;

/** Whether the setting is written with a value on this line (add and change; not a flag, not rem). */
export function takesValue(line: SettingsLine, setting: SettingArg): boolean {
  return line.settingVerb !== "rem" && setting.spec !== undefined && setting.spec.value !== null;
}

/** The settings table of the line's module. */
export function settingsSpecOf(line: SettingsLine): SettingsSpec | undefined {
  return findSettings(line.module.text);
}

/** undefined before the module (on `config` and the verb). */
export function settingRole(line: SettingsLine, column: number): SettingRole | undefined {
  if (column < line.module.range.column) return undefined;
  if (touches(line.module, column)) return { kind: "module", word: line.module };
  for (const setting of line.settings) {
    if (touches(setting.name, column)) return { kind: "name", setting, word: setting.name };
    if (setting.value && touches(setting.value, column)) return { kind: "value", setting, word: setting.value };
  }
  const extra = line.extra.find((w) => touches(w, column));
  if (extra) return { kind: "extra", word: extra };
  let previous: Word | undefined;
  for (const w of line.words) if (w.range.endColumn < column) previous = w;
  const after = previous && line.settings.find((s) => s.name.range.start === previous.range.start);
  if (after && !after.value && takesValue(line, after)) return { kind: "value", setting: after, word: undefined };
  return { kind: "new" };
}
