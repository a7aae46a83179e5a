/**
 * What a device makes of the update server's answer to its poll (docs/dry-run.md, "What the
 * server answers"): it follows redirects of the update URL (301, 302, 303, 307, 308) up to five
 * times; any other 4xx or 5xx answer is `failed(CODE)` and nothing runs; a 2xx body that is not
 * text (NUL bytes, not UTF-8) is `failed(200)` and nothing runs; otherwise the body is the script.
 * Pure: the live poll (node side) does the HTTP and asks here what the device would do.
 */

export const REDIRECT_STATUSES: readonly number[] = [301, 302, 303, 307, 308];
/** How many redirects a device follows before it gives up (model assumption). */
export const MAX_REDIRECTS = 5;

export type ServerAnswer =
  | { readonly kind: "script"; readonly text: string }
  | { readonly kind: "redirect"; readonly location: string }
  | { readonly kind: "failed"; readonly status: string; readonly reason: string };

/**
 * Classifies one answer. `location` is the Location header (resolved against `url` here);
 * `redirects` is how many redirects the device has followed already for this poll.
 */
export function classifyAnswer(url: string, status: number, location: string | undefined, body: Uint8Array, redirects: number): ServerAnswer {
  if (REDIRECT_STATUSES.includes(status)) {
    if (redirects >= MAX_REDIRECTS) return { kind: "failed", status: `failed(${status})`, reason: `more than ${MAX_REDIRECTS} redirects: the device gives up` };
    if (!location) return { kind: "failed", status: `failed(${status})`, reason: `a ${status} redirect without a Location header` };
    let target: string;
    try {
      target = new URL(location, url).href;
    } catch {
      return { kind: "failed", status: `failed(${status})`, reason: `a ${status} redirect to '${location}', which is no URL` };
    }
    return { kind: "redirect", location: target };
  }
  if (status >= 400 && status <= 599) return { kind: "failed", status: `failed(${status})`, reason: `the server answered ${status}: the device runs nothing` };
  if (status < 200 || status > 299) return { kind: "failed", status: `failed(${status})`, reason: `the server answered ${status}, which the device does not take for a script` };
  if (body.includes(0)) return { kind: "failed", status: "failed(200)", reason: "the answer is not text (it holds NUL bytes): the device runs nothing" };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return { kind: "failed", status: "failed(200)", reason: "the answer is not UTF-8 text: the device runs nothing" };
  }
  return { kind: "script", text };
}
