/**
 * What-if (docs/dry-run.md, "Comparing two scripts"): two rollout forecasts of the same fleet side
 * by side, as the figures an admin weighs before publishing one of them: when the rollout is done,
 * what the web server must take, and which devices end up in trouble or restart in office hours.
 */
import type { FleetForecast, Moment } from "./fleet.js";

export type FigureValue = number | Moment | null;

export interface ComparedFigure {
  readonly key: string;
  readonly label: string;
  readonly unit: "devices" | "count" | "bytes" | "bytes-per-second" | "moment";
  readonly a: FigureValue;
  readonly b: FigureValue;
  /** Which one is better (lower counts, earlier moments; a moment never reached is worst), or null when equal. */
  readonly better: "a" | "b" | null;
}

export interface FleetComparison {
  readonly a: { readonly script: string; readonly forecast: FleetForecast };
  readonly b: { readonly script: string; readonly forecast: FleetForecast };
  readonly figures: readonly ComparedFigure[];
}

interface FigureSpec {
  readonly key: string;
  readonly label: string;
  readonly unit: ComparedFigure["unit"];
  readonly of: (f: FleetForecast) => FigureValue;
}

const FIGURES: readonly FigureSpec[] = [
  { key: "half", label: "50 % of the devices on target", unit: "moment", of: (f) => f.target.reached.half },
  { key: "ninety", label: "90 % on target", unit: "moment", of: (f) => f.target.reached.ninety },
  { key: "all", label: "all devices on target", unit: "moment", of: (f) => f.target.reached.all },
  { key: "onTarget", label: "devices on target at the end", unit: "devices", of: (f) => f.target.onTarget },
  { key: "peakDownloads", label: "downloads at once at the peak", unit: "count", of: (f) => f.peakConcurrentDownloads.count },
  { key: "peakBytesPerSecond", label: "web server load at the peak", unit: "bytes-per-second", of: (f) => f.load.peakBytesPerSecond.value },
  { key: "bytes", label: "bytes served and received", unit: "bytes", of: (f) => f.load.bytes },
  { key: "stuck", label: "devices stuck behind a stored check", unit: "devices", of: (f) => f.verdicts.stuck },
  { key: "blocked", label: "devices never past the times lines", unit: "devices", of: (f) => f.verdicts.blocked },
  { key: "looping", label: "devices looping", unit: "devices", of: (f) => f.verdicts.looping },
  { key: "failing", label: "devices failing on every poll", unit: "devices", of: (f) => f.verdicts.failing },
  { key: "stillChanging", label: "devices still changing at the end", unit: "devices", of: (f) => f.verdicts["still-changing"] },
  { key: "restarts", label: "restarts", unit: "count", of: (f) => f.restarts.total },
  { key: "restartsOutsideAllowed", label: "restarts outside the allowed hours", unit: "count", of: (f) => f.restarts.outsideAllowed },
  { key: "restartsInOfficeHours", label: "restarts in office hours", unit: "count", of: (f) => f.restarts.inOfficeHours },
];

/** Figures where more is better; for the others less is. */
const MORE_IS_BETTER = new Set(["onTarget"]);

export function compareForecasts(a: { script: string; forecast: FleetForecast }, b: { script: string; forecast: FleetForecast }): FleetComparison {
  const figures = FIGURES.map((spec): ComparedFigure => {
    const va = spec.of(a.forecast);
    const vb = spec.of(b.forecast);
    return { key: spec.key, label: spec.label, unit: spec.unit, a: va, b: vb, better: better(spec, va, vb) };
  });
  return { a, b, figures };
}

function better(spec: FigureSpec, a: FigureValue, b: FigureValue): "a" | "b" | null {
  const rank = (v: FigureValue) => (v === null ? (spec.unit === "moment" ? Infinity : undefined) : typeof v === "number" ? v : v.minute);
  const ra = rank(a);
  const rb = rank(b);
  if (ra === undefined || rb === undefined || ra === rb) return null;
  const lower = ra < rb ? "a" : "b";
  return MORE_IS_BETTER.has(spec.key) ? (lower === "a" ? "b" : "a") : lower;
}
