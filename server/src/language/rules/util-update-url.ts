/**
 * The update URL set inside a script (`config add|change UP1 /url URL`), for the URL rules. The
 * vendor writes it fully percent-encoded; the rules look at the decoded URL. Positions in decoded
 * text do not map one to one to the word, so every range inside a decoded URL is the range of the
 * whole value word (see EncodedUrlArg): findings cover the word, and edits inside it are offered
 * only when it was written plain (`exact`).
 */
import { isSettingsLine, type EncodedUrlArg, type Script, type SettingArg, type SettingsLine, type UrlArg } from "@upscript/grammar";

export interface UpdateUrlSetting {
  readonly line: SettingsLine;
  readonly setting: SettingArg;
  /** undefined: `/url` has no value. */
  readonly value: EncodedUrlArg | undefined;
}

export interface UpdateUrl extends UpdateUrlSetting {
  readonly value: EncodedUrlArg;
  /** The decoded value, shaped like a URL (it starts with a scheme). */
  readonly url: UrlArg;
  /** The word had nothing to decode: ranges inside `url` point at the exact characters, so edits inside it are possible. */
  readonly exact: boolean;
}

/** Every `/url` setting of a config add or change UP1 line (rem names the setting without a value). */
export function updateUrlSettings(script: Script): UpdateUrlSetting[] {
  const out: UpdateUrlSetting[] = [];
  for (const line of script.lines) {
    if (!isSettingsLine(line) || line.settingVerb === "rem") continue;
    for (const setting of line.settings) {
      if (setting.spec?.value === "encoded-url") out.push({ line, setting, value: setting.value as EncodedUrlArg | undefined });
    }
  }
  return out;
}

/** The decoded update URLs that look like URLs; the others are url-malformed's business. */
export function updateUrls(script: Script): UpdateUrl[] {
  const out: UpdateUrl[] = [];
  for (const item of updateUrlSettings(script)) {
    const url = item.value?.decodedUrl;
    if (item.value && url?.looksLikeUrl) out.push({ ...item, value: item.value, url, exact: item.value.verbatim });
  }
  return out;
}
