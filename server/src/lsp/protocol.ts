/**
 * What the language server and the VS Code extension say to each other beyond LSP itself, in one
 * place: the language id and settings section, the initialisation options, the command the code
 * lens runs, and the custom requests with what they take and answer. Constants and types only:
 * the extension's bundle imports this file (and nothing else of server/), so it must not pull
 * in the server (test/architecture/layering.test.ts).
 */
import type {
  DeviceSettings,
  FleetProblem,
  LiveDiagnostic,
  LivePoll,
  LiveRun,
  fleetJson,
  planJson,
  timelineJson,
} from "@upscript/language";

/** The language id, and the settings section the client synchronises (`upscript.*`). */
export const LANGUAGE_ID = "upscript";

/** The preview device's settings: `upscript.preview.device`, `upscript.preview.at`, … */
export const PREVIEW_SECTION = `${LANGUAGE_ID}.preview`;

/** The preview device, as the editor settings or a request describe it (`at` empty: now). */
export type PreviewSettings = DeviceSettings;

/** `initializationOptions`: the preview settings the server starts with. */
export interface InitializationOptions {
  readonly preview?: PreviewSettings;
}

/** The command a code lens runs: open the dry-run preview of a document (its URI). */
export const OPEN_PREVIEW_COMMAND = "upscript.openPreview";

/** `upscript/dryRun`: one poll of the preview device. */
export const DRY_RUN_REQUEST = "upscript/dryRun";

export interface DryRunParams {
  readonly uri: string;
  readonly device?: PreviewSettings;
  readonly fail?: readonly string[];
}

/** An interpreter answer: its JSON (as the CLI's `--format json`), text and HTML renderings. */
interface Rendered<J> {
  readonly json: J;
  readonly text: string;
  /** An HTML fragment for the preview panel, styled by `css`. */
  readonly fragment: string;
  readonly css: string;
}

export interface DryRunAnswer extends Rendered<ReturnType<typeof planJson>> {
  /** The `fail` patterns that matched no transfer, as the CLI reports them on stderr. */
  readonly unmatchedFail: readonly string[];
}

/** `upscript/simulate`: a timeline of one device over days, or a fleet. */
export const SIMULATE_REQUEST = "upscript/simulate";

export interface SimulateParams {
  readonly uri: string;
  readonly days?: number;
  readonly device?: PreviewSettings;
  /** A device list: a file path, or its text with its format. */
  readonly fleet?: { readonly path?: string; readonly text?: string; readonly format?: "csv" | "json" };
  readonly downloadMinutes?: number;
  /** The nonce of the client's webview Content Security Policy: the fleet report's fragment then carries its device search under it. */
  readonly nonce?: string;
}

export type SimulateAnswer =
  | (Rendered<ReturnType<typeof timelineJson>> & { readonly html: string })
  | (Rendered<ReturnType<typeof fleetJson>> & { readonly html: string; readonly problems: readonly FleetProblem[] });

/** `upscript/poll`: the preview device polls a live update server once (docs/live-poll.md). */
export const POLL_REQUEST = "upscript/poll";

export interface PollParams {
  /** The update URL the device is configured with. */
  readonly url: string;
  readonly device?: PreviewSettings;
}

export type PollAnswer =
  | { readonly ok: false; readonly error: string }
  | {
      readonly ok: true;
      /** `update-<type>.htm`: the name the product rules and the findings go by. */
      readonly fileName: string;
      readonly poll: LivePoll;
      readonly run: LiveRun;
      readonly fragment: string;
      readonly css: string;
    };

export type { LiveDiagnostic };
