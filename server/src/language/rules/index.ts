/** The rule registry: every rule, one file each, in the order docs/rules.md lists them. */
import syntax from "./syntax.js";
import unknownCommand from "./unknown-command.js";
import unknownUpVerb from "./unknown-up-verb.js";
import keywordCase from "./keyword-case.js";
import missingUrl from "./missing-url.js";
import missingFinalCommand from "./missing-final-command.js";
import unknownFinalCommand from "./unknown-final-command.js";
import missingSerial from "./missing-serial.js";
import tooManyArguments from "./too-many-arguments.js";
import timesHours from "./times-hours.js";
import timesDuplicateHour from "./times-duplicate-hour.js";
import timesArguments from "./times-arguments.js";
import timesAfterAction from "./times-after-action.js";
import duplicateCheck from "./duplicate-check.js";
import nestedCfg from "./nested-cfg.js";
import reusedBackupIndex from "./reused-backup-index.js";
import metaNotExpanded from "./meta-not-expanded.js";
import unknownMeta from "./unknown-meta.js";
import scfgForce from "./scfg-force.js";
import bmcDefaultName from "./bmc-default-name.js";
import cfgNotActivated from "./cfg-not-activated.js";
import afterReset from "./after-reset.js";
import wlanPowerUnpaired from "./wlan-power-unpaired.js";
import urlMalformed from "./url-malformed.js";
import urlHostName from "./url-host-name.js";
import urlCredentials from "./url-credentials.js";
import plainHttpTransfer from "./plain-http-transfer.js";
import missingFile from "./missing-file.js";
import versionFeature from "./version-feature.js";
import checkSerialUnchanged from "./check-serial-unchanged.js";
import cfgSerialUnchanged from "./cfg-serial-unchanged.js";
import timesDisjoint from "./times-disjoint.js";
import conflictingBuilds from "./conflicting-builds.js";
import downloadNotActivated from "./download-not-activated.js";
import checkStoresOnFailure from "./check-stores-on-failure.js";
import noFirmwareForProduct from "./no-firmware-for-product.js";
import pollInterval from "./poll-interval.js";
import scfgAlways from "./scfg-always.js";
import unusedDisable from "./unused-disable.js";
import type { RuleId } from "./ids.js";
import type { Rule } from "./types.js";

export const RULES: readonly Rule[] = [
  syntax,
  unknownCommand,
  unknownUpVerb,
  keywordCase,
  missingUrl,
  missingFinalCommand,
  unknownFinalCommand,
  missingSerial,
  tooManyArguments,
  timesHours,
  timesDuplicateHour,
  timesArguments,
  timesAfterAction,
  duplicateCheck,
  nestedCfg,
  reusedBackupIndex,
  metaNotExpanded,
  unknownMeta,
  scfgForce,
  bmcDefaultName,
  cfgNotActivated,
  afterReset,
  wlanPowerUnpaired,
  urlMalformed,
  urlHostName,
  urlCredentials,
  plainHttpTransfer,
  missingFile,
  versionFeature,
  checkSerialUnchanged,
  cfgSerialUnchanged,
  timesDisjoint,
  conflictingBuilds,
  downloadNotActivated,
  checkStoresOnFailure,
  noFirmwareForProduct,
  pollInterval,
  scfgAlways,
  unusedDisable,
];

const byId = new Map<string, Rule>(RULES.map((rule) => [rule.id, rule]));

export function findRule(id: string): Rule | undefined {
  return byId.get(id as RuleId);
}
