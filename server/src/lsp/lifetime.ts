/**
 * The lifetime of one server connection. Checks run on timers; a timer can fire after the client
 * has gone (shutdown, exit, a closed stream, a disposed in-process connection). Every timer and
 * every outgoing message goes through here, so once the connection has ended nothing is sent
 * and no pending timer runs: a late write would throw "Connection is disposed" out of a timer.
 */
import { ConnectionError } from "vscode-languageserver/node";

export class Lifetime {
  private ended = false;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly immediates = new Set<ReturnType<typeof setImmediate>>();

  get alive(): boolean {
    return !this.ended;
  }

  /** Runs `fn` after `delayMs` (0: on the next turn of the event loop), unless the connection ended first. */
  later(fn: () => void, delayMs = 0): void {
    if (this.ended) return;
    if (delayMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!this.ended) fn();
      }, delayMs);
      this.timers.add(timer);
    } else {
      const immediate = setImmediate(() => {
        this.immediates.delete(immediate);
        if (!this.ended) fn();
      });
      this.immediates.add(immediate);
    }
  }

  /**
   * Sends through the connection. A connection that was closed or disposed under us ends the
   * lifetime instead of throwing; a rejected promise (the client went away mid-request) is
   * swallowed for the same reason.
   */
  send(fn: () => unknown): void {
    if (this.ended) return;
    try {
      const result = fn();
      if (result instanceof Promise) result.catch((error: unknown) => this.failed(error));
    } catch (error) {
      this.failed(error);
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const immediate of this.immediates) clearImmediate(immediate);
    this.timers.clear();
    this.immediates.clear();
  }

  private failed(error: unknown): void {
    if (error instanceof ConnectionError) this.end();
    // Anything else was the client's answer to a request we made (e.g. a refused refresh): nothing to do.
  }
}
