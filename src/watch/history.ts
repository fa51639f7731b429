/**
 * What dates the watcher's raw stories besides their text (I/O: the first-seen times in the output
 * folder): each file's first commit as the start's scan found it, and when a build first saw it,
 * now for a file new to the build state, saved after the rebuild that met it.
 */
import { timedByFile } from "../ingest/read.js";
import type { FileHistory } from "../normalize/from-bytes.js";
import type { Entry } from "../state/entry.js";
import { loadFirstSeen, saveFirstSeen } from "../state/first-seen.js";

export class RawHistory {
  private firstSeen = new Map<string, number>();
  private changed = false;

  constructor(private readonly out: string, private readonly now: () => Date) {}

  /** The times the build state holds now, for the start's scan. */
  load(): Map<string, number> {
    return loadFirstSeen(this.out);
  }

  /** The start's scan is done: `scanned` are its times when it met new raw files (saved now). */
  async started(scanned: Map<string, number> | undefined): Promise<void> {
    if (scanned) await saveFirstSeen(this.out, scanned);
    this.firstSeen = scanned ?? loadFirstSeen(this.out);
  }

  /** A file's history, as `entryFromBytes` takes it. */
  of(file: string, known: Entry | undefined): FileHistory {
    if (!timedByFile(file)) return {};
    let firstSeen = this.firstSeen.get(file);
    if (firstSeen === undefined) {
      firstSeen = this.now().getTime();
      this.firstSeen.set(file, firstSeen);
      this.changed = true;
    }
    return { committed: known?.committed, firstSeen };
  }

  /** Saves the times met since the last save, if any. */
  async save(): Promise<void> {
    if (!this.changed) return;
    this.changed = false;
    await saveFirstSeen(this.out, this.firstSeen);
  }
}
