/** Small facts about polling intervals that hover and the poll-interval rule both state. */

const MINUTES_PER_DAY = 24 * 60;

/** How many polls one device makes in a day at an interval of `minutes` (> 0). */
export function pollsPerDay(minutes: number): number {
  return MINUTES_PER_DAY / minutes;
}

/** `1,440 polls a day`, `about 206 polls a day`. */
export function pollsPerDayText(minutes: number): string {
  const exact = pollsPerDay(minutes);
  const rounded = Math.round(exact);
  return `${Number.isInteger(exact) ? "" : "about "}${rounded.toLocaleString("en-US")} poll${rounded === 1 ? "" : "s"} a day`;
}
