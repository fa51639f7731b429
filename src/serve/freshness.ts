/** Whether a kept file version may be trusted without a `stat` (I/O): one `fs.watch` per folder that holds one. */
import { watch, type FSWatcher } from "node:fs";
import { basename } from "node:path";

/** A folder holding kept versions: its watcher, and how many changes it has reported. */
export interface Folder {
  readonly path: string;
  watcher: FSWatcher | undefined;
  /** Bumped on every change the watcher reports in the folder (a rename, a write, anything). */
  changes: number;
  /** Kept versions in this folder; the watcher is closed when the last one goes. */
  users: number;
  /** When a folder with no watcher may be tried again (ms, on the store's clock). */
  retryAt: number;
}

/** Default most folders watched at once by one store. */
export const DEFAULT_MAX_WATCHED = 256;

/** What a version remembers of the last time a `stat` (or the open it was read by) showed it current. */
export interface Checked {
  folder: Folder;
  /** `folder.changes` then: any change reported since means "stat again". */
  changes: number;
  /** When, on the store's clock (ms). */
  checkedAt: number;
}

/**
 * The folders whose files a store keeps, each watched (non-recursively: inotify on Linux) so that
 * a build's rename is noticed when the kernel reports it, before the next request is read. A
 * version is trusted without a `stat` while nothing changed in its folder since it was checked,
 * and for at most `trustMs` in any case: that cap bounds what a missed notice can cost (a folder
 * replaced whole, a filesystem that reports nothing, the watch limit reached), as nginx's
 * `open_file_cache_valid` does. A folder that cannot be watched is never trusted: every request
 * for its files costs a `stat`, as without this. At most `maxWatched` folders are watched at once,
 * so the server never takes the inotify watches a `watch` in the same process needs for stories.
 */
export class Freshness {
  readonly #folders = new Map<string, Folder>();
  #watching = 0;

  constructor(readonly trustMs: number, readonly now: () => number = Date.now, readonly maxWatched = DEFAULT_MAX_WATCHED) {}

  /** The folder at `path`, watched from now on, counted as used by one more version. */
  join(path: string): Folder {
    let folder = this.#folders.get(path);
    if (!folder) {
      folder = { path, watcher: undefined, changes: 0, users: 0, retryAt: 0 };
      this.#watch(folder);
      this.#folders.set(path, folder);
    }
    folder.users++;
    return folder;
  }

  /** One version fewer in `folder`; the last one closes its watcher. */
  leave(folder: Folder): void {
    if (--folder.users > 0 || this.#folders.get(folder.path) !== folder) return;
    this.#unwatch(folder);
    this.#folders.delete(folder.path);
  }

  /**
   * Records that a version in `folder` was just seen current (`changes`: the folder's count when
   * the look began). A folder whose watch failed or ended (it was moved or deleted, and the path
   * now names another) is watched again, at most once per `trustMs`.
   */
  check(into: Checked, folder: Folder, changes = folder.changes): void {
    if (folder.watcher === undefined && this.#folders.get(folder.path) === folder) this.#watch(folder);
    into.folder = folder;
    into.changes = changes;
    into.checkedAt = this.now();
  }

  /** Whether a version checked as `c` may be sent without a `stat`. */
  trusted(c: Checked): boolean {
    return c.folder.watcher !== undefined && c.changes === c.folder.changes && this.now() - c.checkedAt < this.trustMs;
  }

  /** Closes every watcher; versions checked before are no longer trusted. */
  close(): void {
    for (const folder of this.#folders.values()) {
      this.#unwatch(folder);
      folder.changes++;
    }
    this.#folders.clear();
  }

  #unwatch(folder: Folder): void {
    if (!folder.watcher) return;
    folder.watcher.close();
    folder.watcher = undefined;
    this.#watching--;
  }

  #watch(folder: Folder): void {
    const t = this.now();
    if (this.trustMs <= 0 || t < folder.retryAt || this.#watching >= this.maxWatched) return;
    folder.retryAt = t + this.trustMs;
    const self = basename(folder.path);
    const stop = (watcher: FSWatcher) => {
      if (folder.watcher === watcher) this.#unwatch(folder);
      else watcher.close();
      folder.changes++;
    };
    try {
      // Not persistent: a watcher alone never keeps the process running.
      const watcher = watch(folder.path, { persistent: false }, (_event, name) => {
        folder.changes++;
        // The folder itself was moved or deleted: this watch follows an inode the path no longer
        // names. Until a stat finds the path again (see `check`), nothing in it is trusted.
        if (name === self) stop(watcher);
      });
      watcher.on("error", () => stop(watcher));
      folder.watcher = watcher;
      this.#watching++;
    } catch {
      folder.watcher = undefined; // no such folder any more, or no watch left (ENOSPC): a stat every time
    }
  }
}
