/** Shared set-up for dry-run tests: devices, environments and golden plans. */
import { findProduct } from "@upscript/grammar";
import { compile, createDevice, parseLocalTime, renderPlanText, runPoll, type DeviceOptions, type PollEnvironment, type PollPlan, type ResolvedFile } from "@upscript/language";

export const WEB = "http://10.0.0.5/";

export function device(product: string, options: Omit<Partial<DeviceOptions>, "product" | "clock"> & { at?: string | null } = {}) {
  const { at, ...rest } = options;
  return createDevice({
    product: findProduct(product)!,
    mac: "00-90-33-03-0d-f0",
    ip: "10.0.1.23",
    clock: at === null ? null : parseLocalTime(at ?? "2026-11-20T23:30")!,
    uptimeMinutes: 600,
    ...rest,
  });
}

/** A web root of URL → text; other URLs under WEB are missing, URLs elsewhere unmapped. */
export function webRoot(files: Record<string, string>) {
  return (url: string): ResolvedFile => {
    if (!url.startsWith(WEB)) return { kind: "unmapped" };
    const path = url.slice(WEB.length);
    const text = files[url];
    return text === undefined ? { kind: "missing", path } : { kind: "found", path, text };
  };
}

export function env(extra: Partial<PollEnvironment> = {}): PollEnvironment {
  return { updateUrl: `${WEB}phones/`, ...extra };
}

export function plan(script: string, dev: ReturnType<typeof device>, environment: PollEnvironment = env()): PollPlan {
  return runPoll(compile(script), dev, environment);
}

export function planText(script: string, dev: ReturnType<typeof device>, environment: PollEnvironment = env()): string {
  return renderPlanText(plan(script, dev, environment), "update.htm");
}
