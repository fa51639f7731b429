/**
 * What the watcher hears (I/O: a stat per hint): the adapter's hints about story paths, folders
 * coming and going, turned into file events in the queue, timed by the schedule.
 */
import { statSync, type Stats } from "node:fs";
import { join } from "node:path";
import { listStories } from "../ingest/read.js";
import type { Entry } from "../state/entry.js";
import { startAdapter, type Adapter } from "./adapter.js";
import { movedSince } from "./load.js";
import { remoteWarning } from "./mode.js";
import type { ChangeQueue, FileEvent } from "./queue.js";
import { signature, type Schedule } from "./schedule.js";

/** What the intake needs of its watcher. */
export interface IntakeHooks {
  /** False while events are not wanted (closed, or the stories folder gone). */
  listening(): boolean;
  /** Whether a file has been read before (an event for it is a change, not an add). */
  known(file: string): boolean;
  /** Every catalogued file, for a folder that went away. */
  files(): Iterable<string>;
  /** An event was queued. */
  queued(): void;
  /** A check of files just read is done (it may have queued events); idle again unless it did. */
  checked(): void;
  /** The stories folder itself may be gone. */
  rootGone(): void;
  log(line: string): void;
}

/**
 * Files read are checked once more this long after, and read again if they moved: a safety net
 * for file-system events that never arrive (an inotify queue overflow is not reported).
 */
export const VERIFY_MS = 75;

export class Intake {
  private readonly checks = new Set<NodeJS.Timeout>();

  constructor(
    private readonly stories: string, private readonly out: string,
    private readonly queue: ChangeQueue, private readonly schedule: Schedule, private readonly hooks: IntakeHooks,
    private readonly poll: number | undefined,
  ) {}

  /**
   * Starts the adapter on the stories folder, its hints coming here; `first`: and says when the
   * folder is on a file system known to send no events for other machines' writes.
   */
  async start(first = false): Promise<Adapter> {
    const adapter = await startAdapter(this.stories, this.out, {
      hint: (file, moved) => this.hint(file, moved),
      folderAdded: (folder) => void this.folderAdded(folder),
      folderRemoved: (folder) => {
        for (const file of [...this.hooks.files()]) if (file.startsWith(`${folder}/`)) this.event("unlink", file);
      },
      rootGone: () => this.hooks.rootGone(),
      error: (err) => this.hooks.log(`wirefeed: watching: ${err.message}`),
    }, { poll: this.poll });
    const remote = first ? await remoteWarning(this.stories, this.poll) : undefined;
    if (remote) this.hooks.log(remote);
    return adapter;
  }

  /** `moved`: the event was only a name appearing (a rename, a creation), never a write. */
  event(event: FileEvent, file: string, stats?: Stats, moved = false): void {
    if (!this.hooks.listening()) return;
    this.schedule.event(event, file, stats && signature(stats), performance.now(), moved, stats?.size);
    this.queue.push(file, event);
    this.hooks.queued();
  }

  /** Something happened to a story path (a hint from the adapter): look at it to learn what. */
  hint(file: string, moved = false): void {
    if (!this.hooks.listening()) return;
    let st: Stats | undefined;
    try {
      st = statSync(join(this.stories, file), { throwIfNoEntry: false });
    } catch {
      // No stat at all (permissions): reading it will say why.
      return this.event(this.hooks.known(file) ? "change" : "add", file);
    }
    if (!st) this.event("unlink", file);
    else if (st.isFile()) this.event(this.hooks.known(file) ? "change" : "add", file, st, moved);
  }

  /** A folder appeared (created, or moved in whole): each story file in it is news. */
  private async folderAdded(folder: string): Promise<void> {
    const listed = await listStories(join(this.stories, folder), this.out).catch(() => undefined);
    for (const f of listed?.files ?? []) this.hint(`${folder}/${f.file}`);
  }

  /** Whether a check of files just read is still to come (see `verifyLater`). */
  get checking(): boolean {
    return this.checks.size > 0;
  }

  /** Looks at the files just read once more, `VERIFY_MS` later; queues any that moved meanwhile. */
  verifyLater(read: readonly Entry[]): void {
    const files = read.filter((e) => e.hash !== "");
    if (files.length === 0 || !this.hooks.listening()) return;
    const timer = setTimeout(() => {
      this.checks.delete(timer);
      if (this.hooks.listening()) {
        const t = performance.now();
        for (const [file, sig] of movedSince(this.stories, files)) {
          this.schedule.moved(file, sig, t);
          this.queue.push(file, "change");
        }
      }
      this.hooks.checked();
    }, VERIFY_MS);
    this.checks.add(timer);
  }

  /** Cancels the checks to come. */
  stop(): void {
    for (const t of this.checks) clearTimeout(t);
    this.checks.clear();
  }
}
