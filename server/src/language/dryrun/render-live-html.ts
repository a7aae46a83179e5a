/**
 * One live poll as HTML, for the editor's "Poll Update Server" view: what the device asked and
 * what the server answered (redirects, status, size and sha256 of the served script, its
 * findings), then the served script's plan as the dry-run preview shows it, and the next poll.
 * Everything from the server is escaped.
 */
import type { LivePoll } from "./live.js";
import type { PollPlan } from "./model.js";
import { planFragment } from "./render-html.js";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function livePollFragment(poll: LivePoll, plan: PollPlan | undefined, fileName: string): string {
  const rows = [
    `<tr><td>request</td><td><code>${escape(`${poll.request.method} ${poll.request.url}`)}</code></td></tr>`,
    ...poll.redirects.map((r) => `<tr><td>${r.status}</td><td>→ <code>${escape(r.location)}</code></td></tr>`),
    `<tr><td>answer</td><td class="${poll.status === "ok" ? "" : "loop"}">${escape(poll.status)}${poll.served ? `: ${poll.served.bytes} bytes, sha256 <code>${poll.served.sha256}</code>` : ""}</td></tr>`,
  ].join("");
  const findings = poll.diagnostics.length
    ? `<h2>Findings in the served script</h2><ul>${poll.diagnostics.map((d) => `<li>${escape(`${fileName}:${d.line}:${d.column}: ${d.severity}: ${d.message}`)} <code>${escape(d.rule)}</code></li>`).join("")}</ul>`
    : "";
  const notes = poll.notes.length ? `<ul>${poll.notes.map((n) => `<li>${escape(n)}</li>`).join("")}</ul>` : "";
  const next = `<p class="sub">Next poll in ${poll.next.intervalMinutes} min: <code>${escape(`GET ${poll.next.url}`)}</code></p>`;
  return `<h1>Live poll ${poll.n}${poll.at !== null ? ` at ${escape(poll.at)}` : ""}</h1>
<table class="live">${rows}</table>
${notes}${findings}
${plan ? planFragment(plan, fileName) : "<p>The device runs nothing on this poll.</p>"}
${next}`;
}
