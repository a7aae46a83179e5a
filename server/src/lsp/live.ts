/**
 * `upscript/poll`, behind the editor's "upscript: Poll Update Server": the preview device polls
 * the update URL the user gave once, as `upscript poll URL` does (server/src/node/live-poll.ts,
 * the same engine, lint and dry-run), and the answer carries the served script, its findings and
 * the poll rendered as HTML. The network is used only here, only when asked, and only towards
 * the URL's host (docs/live-poll.md).
 */
import { join } from "node:path";
import { REPORT_CSS, livePollFragment, pollUrlProblem, type PollPlan } from "@upscript/language";
import { DEFAULT_TIMEOUT_MS, pollLive } from "../node/live-poll.js";
import { previewSetup } from "./preview.js";
import type { PollAnswer, PollParams, PreviewSettings } from "./protocol.js";
import type { Workspace } from "./workspace.js";

function lastSegment(url: URL): string {
  const last = url.pathname.split("/").pop() ?? "";
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** `editor`: the editor's preview settings, below the request's. */
export async function pollRequest(workspace: Workspace, params: PollParams, editor: PreviewSettings = {}): Promise<PollAnswer> {
  const problem = pollUrlProblem(params.url);
  if (problem) return { ok: false, error: problem };
  const url = new URL(params.url);
  // As the CLI run from the workspace folder: the config found there, the product from the settings,
  // the URL's file name or dryRun.device.
  const loaded = workspace.configs.forScript(join(workspace.folders[0] ?? process.cwd(), lastSegment(url) || "update.htm"));
  // The same builder as the preview and the CLI: the URL is the update URL, there is no web root.
  const built = previewSetup(loaded, lastSegment(url), [params.device ?? {}, editor], { updateUrl: url.href });
  if (!built.ok) return { ok: false, error: built.error };
  const device = built.device;
  let plan: PollPlan | undefined;
  let fileName = `update-${device.product.type}.htm`;
  const run = await pollLive({
    url: url.href,
    device,
    environment: built.environment,
    polls: 1,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    lint: { config: loaded.config },
    onPoll: (_poll, context) => {
      plan = context.plan;
      fileName = context.fileName;
    },
  });
  const poll = run.polls[0]!;
  return { ok: true, fileName, poll, run, fragment: livePollFragment(poll, plan, fileName), css: REPORT_CSS };
}
