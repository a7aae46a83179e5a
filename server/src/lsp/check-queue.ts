/**
 * When the language server checks documents. One queue runs every check, one document per turn
 * of the event loop, so a hover or a completion that arrives while 100 documents wait to be
 * re-checked is answered after the check in progress, not after all of them. A document is in
 * the queue at most once: asking again for a document that already waits costs nothing.
 *
 * Documents the user works on (just opened, edited, saved) go ahead of background re-checks
 * (after the workspace scan, a config or a cfg target changed). Typing is debounced only where a
 * check is dear: an edit after a quiet spell is checked at once, and so is an edit within a burst
 * of a document whose last check took at most CHEAP_CHECK_MS (the incremental document makes
 * that the usual case), unless that document was checked less than MIN_EDIT_WAIT_MS ago: then
 * the check follows that long after the last one, so a flood of edits (a paste, a macro, a
 * client replaying changes) costs at most one check per MIN_EDIT_WAIT_MS, not one per edit.
 * While edits of a dearer document keep arriving each waits a little (at least MIN_EDIT_WAIT_MS,
 * or as long as the last check of that document took, at most 250 ms), so a burst of edits costs
 * a few checks instead of one per keystroke.
 *
 * File-watcher notifications are coalesced (`Coalescer`): every event of a short window is
 * handled in one go, one invalidation and one re-check of the open documents, however many
 * notifications the window held. See docs/limits.md, "The language server".
 *
 * Every timer goes through the connection's Lifetime: once it has ended nothing more runs.
 */
import type { Lifetime } from "./lifetime.js";

/** Consecutive edits closer than this are a burst: the check waits. */
const BURST_MS = 50;
const MIN_EDIT_WAIT_MS = 20;
const MAX_EDIT_WAIT_MS = 250;
/** A document whose last check took at most this long is checked at once, even within a burst. */
const CHEAP_CHECK_MS = 10;

export class CheckQueue {
  /** Ordered by arrival; `urgent` is served first. */
  private readonly urgent = new Set<string>();
  private readonly background = new Set<string>();
  /** Documents whose check waits for a burst of edits to pause. */
  private readonly waiting = new Map<string, { cancelled: boolean }>();
  /** How long the last check of each document took, in ms: a burst of edits waits about that long. */
  private readonly cost = new Map<string, number>();
  private readonly lastEdit = new Map<string, number>();
  /** When the last check of each document started. */
  private readonly lastCheck = new Map<string, number>();
  private stepping = false;

  constructor(
    private readonly life: Lifetime,
    /** Checks one document and publishes what it found; must not throw. */
    private readonly check: (uri: string) => void,
  ) {}

  /** Checks `uri` as soon as the check in progress is done, ahead of background re-checks. */
  now(uri: string): void {
    this.cancelWait(uri);
    this.background.delete(uri);
    this.urgent.add(uri);
    this.kick();
  }

  /** Re-checks documents because something outside them changed: each once, behind the urgent ones. */
  recheck(uris: Iterable<string>): void {
    for (const uri of uris) if (!this.urgent.has(uri) && !this.waiting.has(uri)) this.background.add(uri);
    this.kick();
  }

  /** An edit of `uri`: checked at once after a quiet spell, a little later within a burst. */
  edited(uri: string): void {
    const now = performance.now();
    const burst = now - (this.lastEdit.get(uri) ?? -Infinity) < BURST_MS;
    this.lastEdit.set(uri, now);
    const cheap = (this.cost.get(uri) ?? Infinity) <= CHEAP_CHECK_MS;
    const sinceCheck = now - (this.lastCheck.get(uri) ?? -Infinity);
    if (!burst || (cheap && sinceCheck >= MIN_EDIT_WAIT_MS)) return this.now(uri);
    this.cancelWait(uri);
    this.urgent.delete(uri);
    this.background.delete(uri);
    const token = { cancelled: false };
    this.waiting.set(uri, token);
    const delay = cheap ? MIN_EDIT_WAIT_MS - sinceCheck : Math.min(MAX_EDIT_WAIT_MS, Math.max(MIN_EDIT_WAIT_MS, this.cost.get(uri) ?? 0));
    this.life.later(() => {
      if (token.cancelled) return;
      this.waiting.delete(uri);
      this.urgent.add(uri);
      this.kick();
    }, delay);
  }

  /** A closed document: nothing of it stays queued or remembered. */
  forget(uri: string): void {
    this.cancelWait(uri);
    this.urgent.delete(uri);
    this.background.delete(uri);
    this.cost.delete(uri);
    this.lastEdit.delete(uri);
    this.lastCheck.delete(uri);
  }

  /** Documents queued or waiting. */
  get size(): number {
    return this.urgent.size + this.background.size + this.waiting.size;
  }

  private cancelWait(uri: string): void {
    const token = this.waiting.get(uri);
    if (token) token.cancelled = true;
    this.waiting.delete(uri);
  }

  private kick(): void {
    if (this.stepping || (this.urgent.size === 0 && this.background.size === 0)) return;
    this.stepping = true;
    this.life.later(() => this.step());
  }

  /** One check, then back to the event loop: requests that arrived meanwhile go first. */
  private step(): void {
    this.stepping = false;
    const uri = first(this.urgent) ?? first(this.background);
    if (uri === undefined) return;
    this.urgent.delete(uri);
    this.background.delete(uri);
    const started = performance.now();
    this.lastCheck.set(uri, started);
    try {
      this.check(uri);
    } finally {
      this.cost.set(uri, performance.now() - started);
      this.kick();
    }
  }
}

function first(set: ReadonlySet<string>): string | undefined {
  for (const value of set) return value;
  return undefined;
}

/**
 * Collects keyed events and hands them over together, `windowMs` after the first of them. A later
 * event for the same key replaces the earlier one, so the batch holds one entry per key. The
 * window opens with the first event and is not extended by later ones: a steady stream is still
 * handled every `windowMs`.
 */
export class Coalescer<V> {
  private pending = new Map<string, V>();
  private armed = false;

  constructor(
    private readonly life: Lifetime,
    private readonly windowMs: number,
    private readonly flush: (batch: ReadonlyMap<string, V>) => void,
  ) {}

  add(key: string, value: V): void {
    this.pending.delete(key);
    this.pending.set(key, value);
    if (this.armed) return;
    this.armed = true;
    this.life.later(() => {
      this.armed = false;
      const batch = this.pending;
      this.pending = new Map();
      this.flush(batch);
    }, this.windowMs);
  }
}
