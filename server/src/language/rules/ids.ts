/** The rule ids, in the order docs/rules.md lists them. Each has one file in this folder. */
export const RULE_IDS = [
  "syntax",
  "unknown-command",
  "unknown-up-verb",
  "keyword-case",
  "missing-url",
  "missing-final-command",
  "unknown-final-command",
  "missing-serial",
  "too-many-arguments",
  "times-hours",
  "times-duplicate-hour",
  "times-arguments",
  "times-after-action",
  "duplicate-check",
  "nested-cfg",
  "reused-backup-index",
  "meta-not-expanded",
  "unknown-meta",
  "scfg-force",
  "bmc-default-name",
  "cfg-not-activated",
  "after-reset",
  "wlan-power-unpaired",
  "url-malformed",
  "url-host-name",
  "url-credentials",
  "plain-http-transfer",
  "missing-file",
  "version-feature",
  "check-serial-unchanged",
  "cfg-serial-unchanged",
  "times-disjoint",
  "conflicting-builds",
  "download-not-activated",
  "check-stores-on-failure",
  "no-firmware-for-product",
  "poll-interval",
  "scfg-always",
  "unused-disable",
] as const;

export type RuleId = (typeof RULE_IDS)[number];

const ids: ReadonlySet<string> = new Set(RULE_IDS);

export function isRuleId(id: string): id is RuleId {
  return ids.has(id);
}
