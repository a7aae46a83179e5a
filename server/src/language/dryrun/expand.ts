/** What the device actually requests: default file names appended and meta sequences replaced. */
import type { TransferSpec } from "@upscript/grammar";
import type { FileNameOverride } from "../config.js";
import { defaultFileName } from "../webroot.js";
import { dateTimeMeta, hardwareId } from "./device.js";
import type { DeviceState } from "./model.js";

/** `#bn` first, then the one-letter sequences; unknown ones stay as written. */
const META = /#bn|#[FBHhmdit]/g;

export function expandMeta(url: string, device: DeviceState, backupIndex: number): string {
  return url.replace(META, (meta) => {
    switch (meta) {
      case "#bn":
        return String(backupIndex);
      case "#F":
        return device.firmware;
      case "#B":
        return device.boot;
      case "#H":
        return device.hardware;
      case "#h":
        return hardwareId(device.product, device.mac);
      case "#m":
        return device.mac;
      case "#d":
        return dateTimeMeta(device.clock);
      case "#i":
        return device.ip;
      case "#t":
        return device.product.type;
      default:
        return meta;
    }
  });
}

/**
 * The URL with the product's default file name appended when it ends in `/`. Where the catalog
 * says the device appends an unusable name (bmc: a name without `.bin`, documented, the exact
 * name is not), upscript assumes `bmc<model>` so the request can be shown; it will not match the
 * delivered file.
 */
export function withDefaultFile(
  url: string,
  endsWithSlash: boolean,
  file: Pick<TransferSpec, "defaultFile" | "appendsUnusableName">,
  device: DeviceState,
  fileNames: Readonly<Record<string, FileNameOverride>> = {},
): string {
  if (!endsWithSlash) return url;
  if (file.appendsUnusableName) return url + `bmc${device.product.type.replace(/^ip/, "")}`;
  if (file.defaultFile === null) return url;
  return url + (defaultFileName(file.defaultFile, device.product, fileNames) ?? "");
}
