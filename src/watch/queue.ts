/**
 * The watcher's queue (pure, no file system): file events wait here while a rebuild runs and are
 * merged into the next one. Per path, only the net effect since the last rebuild is kept, so a
 * burst of any size becomes one set of changes and no event is lost.
 */

/** What happened to a story file, as the file watcher reports it. */
export type FileEvent = "add" | "change" | "unlink";

/**
 * A path's net change since the last rebuild: `add` (it was absent and is there now), `change`
 * (it was there and is there now, maybe replaced) or `unlink` (it is gone). Both `add` and
 * `change` mean "read the file again"; `unlink` means "drop it".
 */
export type Change = FileEvent;

const existedBefore = (c: Change) => c !== "add";
const existsAfter = (c: Change) => c !== "unlink";

/**
 * Merges an older change to a path with a newer one (pure). Whether the file exists now comes from
 * the newer (the last event wins); whether it existed before comes from the older:
 *
 * | older \ newer | add    | change | unlink |
 * |---------------|--------|--------|--------|
 * | add           | add    | add    | unlink |
 * | change        | change | change | unlink |
 * | unlink        | change | change | unlink |
 *
 * `add` then `unlink` stays `unlink` rather than vanishing: the queue cannot know whether the
 * catalog already held the path (an `add` may repeat a file it knows, say one created while the
 * first build was reading), and dropping a file the catalog does not hold costs nothing. So an
 * `unlink` forgets whether the file existed before: add, unlink, add gives `change`. What a change
 * does (read the file, or drop it) is exact whatever the order of merging; the watcher reports
 * what changed from the catalog, not from these labels.
 * @example merge("unlink", "add") // "change": a file replaced by another under the same name
 */
export function merge(older: Change, newer: Change): Change {
  if (!existsAfter(newer)) return "unlink";
  return existedBefore(older) ? "change" : "add";
}

/** Everything to apply in one rebuild. */
export interface Batch {
  /** Net change per path (relative to the stories folder), in order of first arrival. */
  changes: Map<string, Change>;
  /** List the whole stories folder again and reconcile (after it vanished and came back). */
  rescan: boolean;
  /** Rebuild even without file changes: a time-based rule (an embargo) may change the feeds. */
  wake: boolean;
}

/** Pending changes, merged per path; `take` hands them over and starts afresh. */
export class ChangeQueue {
  private changes = new Map<string, Change>();
  private rescan = false;
  private wake = false;

  /** Paths with a pending change. */
  get size(): number {
    return this.changes.size;
  }

  /** Whether there is nothing to rebuild for. */
  get empty(): boolean {
    return this.changes.size === 0 && !this.rescan && !this.wake;
  }

  /** Records a file event, merging it with the path's pending change. */
  push(path: string, event: FileEvent): void {
    const older = this.changes.get(path);
    this.changes.set(path, older === undefined ? event : merge(older, event));
  }

  /** Asks for the stories folder to be listed again as a whole. */
  requestRescan(): void {
    this.rescan = true;
  }

  /** Asks for a rebuild with no file event (a timer: an embargo lifts). */
  requestWake(): void {
    this.wake = true;
  }

  /** Hands over everything pending and empties the queue. */
  take(): Batch {
    const batch: Batch = { changes: this.changes, rescan: this.rescan, wake: this.wake };
    this.changes = new Map();
    this.rescan = false;
    this.wake = false;
    return batch;
  }

  /**
   * Puts back (part of) a batch that was taken but not applied: its changes are older than
   * anything queued since, so each merges under the newer change to the same path.
   */
  putBack(batch: Partial<Batch>): void {
    const merged = new Map<string, Change>();
    for (const [path, older] of batch.changes ?? []) {
      const newer = this.changes.get(path);
      merged.set(path, newer === undefined ? older : merge(older, newer));
    }
    for (const [path, change] of this.changes) if (!merged.has(path)) merged.set(path, change);
    this.changes = merged;
    this.rescan ||= batch.rescan ?? false;
    this.wake ||= batch.wake ?? false;
  }
}
