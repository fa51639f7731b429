/**
 * When the watcher rebuilds (pure: no timers, no file system; every time is passed in, in
 * `performance.now()` milliseconds, so a test drives it with a fake clock). Events are debounced
 * (a burst, a rename's two halves), a removal waits a little for its company, and a file still
 * being written holds the batch until its size, time and inode stay the same for `settleMs`.
 */
import type { Change, FileEvent } from "./queue.js";

/** Events must stop for this long before a rebuild starts: a rename's unlink and add, a burst. */
export const QUIET_MS = 10;
/**
 * A removal waits this long for company, so that what follows it applies in the same rebuild: an
 * editor's save (rename the old file away, write the new one), a folder moved (its files are
 * listed after the move is seen), a rename seen in two steps. A story renamed or saved under the
 * same id then never leaves the feeds, even for an instant.
 */
export const UNLINK_GRACE_MS = 100;
/** …but a steady stream of events waits no longer than this. */
export const MAX_WAIT_MS = 300;
/** A rebuild held back by a file still being written waits at most this long for it. */
export const MAX_HOLD_MS = 1000;

/** What a rebuild does with a batch, given the files in it still being written. */
export type Hold =
  /** Nothing is being written: rebuild with the whole batch. */
  | "none"
  /** Wait: put the whole batch back, so a rename's removal waits for its (still written) new name. */
  | "all"
  /** Waited `MAX_HOLD_MS` already: rebuild with the rest, and put back only the files still written. */
  | "some";

/** What the schedule last saw of a changed file: its signature, since when, and how it came. */
interface Seen {
  sig: string;
  at: number;
  /** Only renamed (moved) in since it was last read, never written, and not empty: read at once. */
  whole: boolean;
}

export class Schedule {
  /** The last signature (size, mtime, inode) seen per changed file, since when, and whether it came whole. */
  private readonly seen = new Map<string, Seen>();
  /** The files held back as still being written; news of others brings the rebuild forward. */
  private held = new Set<string>();
  /**
   * How long a removal waits for company: when polling, the new name of a renamed file is seen by
   * its folder's poll, which may come up to an interval after the old name's poll saw it go.
   */
  private readonly unlinkGraceMs: number;
  /** How long a steady stream of events may put a rebuild off (longer by the interval when polling). */
  private readonly maxWaitMs: number;
  private lastEventAt = 0;
  /** When a pending file last changed size, time or inode. */
  private lastWriteAt = 0;
  private lastUnlinkAt = -Infinity;
  private pendingSince: number | undefined;
  private holdSince: number | undefined;
  private retryAt = 0;

  /**
   * @param settleMs how long a file written in place must stay unchanged before it is read.
   * @param poll the polling interval, when the folder is polled rather than told of changes.
   */
  constructor(readonly settleMs: number, poll?: number) {
    this.unlinkGraceMs = UNLINK_GRACE_MS + (poll ?? 0);
    this.maxWaitMs = MAX_WAIT_MS + (poll ?? 0);
  }

  /**
   * A file event at `t`, with the file's signature and size when it was stat'ed (see
   * `signature`); `moved` when the event was only a name appearing, never a write.
   */
  event(event: FileEvent, file: string, sig: string | undefined, t: number, moved = false, size = 0): void {
    const prev = this.seen.get(file);
    // A file that only ever moved in since it was last read (renamed in, as careful tools write)
    // arrived whole and need not settle; one write event, or an empty file, and it must.
    const whole = moved && (prev?.whole ?? true) && size > 0;
    if (event === "unlink") {
      this.seen.delete(file);
      this.lastUnlinkAt = t;
    } else if (sig === undefined || prev?.sig !== sig) {
      if (sig !== undefined) this.seen.set(file, { sig, at: t, whole });
      else this.seen.delete(file);
      if (!whole) this.lastWriteAt = t;
    } else if (prev.whole && !whole) {
      prev.whole = false;
      this.lastWriteAt = Math.max(this.lastWriteAt, prev.at);
    }
    if (!this.held.has(file)) this.retryAt = 0;
    this.lastEventAt = t;
    this.pendingSince ??= t;
  }

  /** Something else is pending from `t` (a wake-up, a rescan, a file seen moving after it was read). */
  pending(t: number): void {
    this.pendingSince ??= t;
  }

  /** A file read at `t` was seen changed again since (see `verify` in the watcher): it must settle anew. */
  moved(file: string, sig: string, t: number): void {
    this.seen.set(file, { sig, at: t, whole: false });
    this.lastWriteAt = Math.max(this.lastWriteAt, t);
    this.pendingSince ??= t;
  }

  /** The file was read: what was seen of it no longer matters. */
  read(file: string): void {
    this.seen.delete(file);
  }

  /** Forget every file (the stories folder went away). */
  reset(): void {
    this.seen.clear();
  }

  /** When the pending events are due for a rebuild. */
  due(): number {
    let due = Math.max(this.lastEventAt + QUIET_MS, this.lastWriteAt + this.settleMs, this.lastUnlinkAt + this.unlinkGraceMs);
    if (this.pendingSince !== undefined) due = Math.min(due, this.pendingSince + this.maxWaitMs);
    return Math.max(due, this.retryAt);
  }

  /** A rebuild starts: returns since when its events were pending, and starts a new wait. */
  begin(): number | undefined {
    const since = this.pendingSince;
    this.pendingSince = undefined;
    return since;
  }

  /**
   * The files of a batch still being written at `t`: those whose signature moved since it was
   * last seen, or stood still for less than `settleMs` (a file that came whole: only the former). `sigs` are their signatures now
   * (undefined: gone, which reading will say).
   */
  stillChanging(sigs: ReadonlyMap<string, string | undefined>, t: number): string[] {
    const held: string[] = [];
    for (const [file, sig] of sigs) {
      if (sig === undefined) continue;
      const seen = this.seen.get(file);
      if (seen?.sig !== sig) {
        this.seen.set(file, { sig, at: t, whole: false });
        held.push(file);
      } else if (!seen.whole && t - seen.at < this.settleMs) {
        held.push(file);
      }
    }
    return held;
  }

  /** What to do with a batch pending since `since` when `held` files are still being written at `t`. */
  hold(held: readonly string[], since: number | undefined, t: number): Hold {
    if (held.length === 0) {
      this.holdSince = undefined;
      this.held.clear();
      return "none";
    }
    this.holdSince ??= t;
    this.held = new Set(held);
    // The first of them to have settled, if none moves meanwhile (any event brings it forward).
    const settled = Math.min(...held.map((f) => (this.seen.get(f)?.at ?? t) + this.settleMs));
    this.retryAt = t - this.holdSince < MAX_HOLD_MS ? Math.min(settled, this.holdSince + MAX_HOLD_MS) : settled;
    if (t - this.holdSince < MAX_HOLD_MS) {
      this.pendingSince = Math.min(since ?? t, this.pendingSince ?? t);
      return "all";
    }
    this.pendingSince ??= t;
    return "some";
  }
}

/** The files a batch reads (not those it removes). */
export function readsOf(changes: ReadonlyMap<string, Change>): string[] {
  return [...changes].filter(([, c]) => c !== "unlink").map(([f]) => f);
}

/** A file's signature: size, modification time and inode, which any write or replacement moves. */
export function signature(st: { size: number; mtimeMs: number; ino: number }): string {
  return `${st.size}:${st.mtimeMs}:${st.ino}`;
}
