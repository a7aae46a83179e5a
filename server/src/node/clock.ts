/** The machine's clock, for the simulated device's default time (the core reads no clock). */
import type { Minutes } from "@upscript/language";

/** Local time of this machine now, in the minutes parseLocalTime gives. */
export function nowLocal(): Minutes {
  const d = new Date();
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()) / 60_000;
}
