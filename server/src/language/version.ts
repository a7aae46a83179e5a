/**
 * innovaphone firmware versions as admins write them: `7.00`, `13r3`, `V9`, `6.00 sr2 hotfix3`,
 * `13r3 sr12`, `6.00 SR2 HF3`. Compared as (major, minor or release, service release, hotfix).
 */
export type Version = readonly [major: number, minor: number, serviceRelease: number, hotfix: number];

const PATTERN = /^v?\s*(\d+)(?:\.(\d+)|r(\d+))?(?:[\s-]*sr\s*(\d+))?(?:[\s-]*(?:hotfix|hf)\s*(\d+))?$/i;

/** The same syntax for JSON Schema, which has no case-insensitive flag. */
export const VERSION_SCHEMA_PATTERN =
  "^[vV]?\\s*\\d+(\\.\\d+|[rR]\\d+)?([\\s-]*[sS][rR]\\s*\\d+)?([\\s-]*([hH][oO][tT][fF][iI][xX]|[hH][fF])\\s*\\d+)?\\s*$";

export function parseVersion(text: string): Version | undefined {
  const m = PATTERN.exec(text.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? m[3] ?? 0), Number(m[4] ?? 0), Number(m[5] ?? 0)];
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 4; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** True when `version` is known and older than `since`. */
export function isOlder(version: Version | undefined, since: string): boolean {
  const boundary = parseVersion(since);
  return version !== undefined && boundary !== undefined && compareVersions(version, boundary) < 0;
}
