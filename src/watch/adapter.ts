import { lstatSync, readdirSync, realpathSync, watch as fsWatch, type Dirent, type FSWatcher, type Stats } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { isIgnoredName, isInside, isStoryFile } from "../ingest/read.js";

/** What the adapter tells the watcher. Paths are relative to the stories folder, `/`-separated. */
export interface AdapterHandlers {
  /**
   * Something happened to this story path (created, written, removed or renamed): the watcher
   * looks at the path itself, with a stat, to learn what.
   */
  hint(file: string): void;
  /** A folder appeared inside the stories folder (created, or moved in with its files). */
  folderAdded(folder: string): void;
  /** A folder inside the stories folder went away (removed, or moved out with its files). */
  folderRemoved(folder: string): void;
  /** The stories folder itself was removed. */
  rootGone(): void;
  /** A folder could not be watched (never fatal). */
  error(error: Error): void;
}

export interface Adapter {
  close(): Promise<void>;
}

/**
 * Whether the watcher skips a path (pure): the output folder (even inside the stories folder),
 * dotfiles and dot-folders, editor temporaries (`*.swp`, `*~`, `.#*`, vim's `4913`) and files
 * that are not stories. Without `stats` a path that may be a folder is kept.
 */
export function ignoredPath(root: string, out: string | undefined, path: string, stats?: Stats): boolean {
  if (path === root) return false;
  if (out !== undefined && isInside(out, path)) return true;
  const name = basename(path);
  if (isIgnoredName(name)) return true;
  return stats !== undefined && stats.isFile() && !isStoryFile(name);
}

/** The real path of `path`, or of its parent joined with its name when it does not exist yet. */
function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

const slashed = (base: string, path: string) => relative(base, path).split(sep).join("/");

/**
 * Watches `root` and every folder under it (I/O), one `fs.watch` per folder. A folder's own
 * events name every file created, written, removed or renamed in it, unthrottled; the watcher
 * checks each with a stat. A folder that appears is watched (with the folders inside it) and
 * reported; one that goes is unwatched and reported. Symbolic links are not followed. Resolves
 * once every folder is watched.
 *
 * Not chokidar, which the watcher used before: chokidar lists a folder again, with an `lstat` of
 * every entry, each time anything in it changes (at most once a second, and once more if more
 * happened meanwhile). With 10,000 stories in one folder that was more CPU than the rebuild a
 * change causes; with 100,000, a stream of edits kept both cores of the benchmark machine busy
 * (13.7 CPU-seconds in 9.9 s). Nothing here lists a folder except when it appears.
 */
export async function startAdapter(root: string, out: string | undefined, handlers: AdapterHandlers): Promise<Adapter> {
  // Real paths: a stories folder that is a symbolic link is watched where it really is.
  const base = realpathSync(root);
  const skip = out === undefined ? undefined : realOrResolved(out);
  const folders = new Map<string, FSWatcher>();
  let closed = false;

  /** Watches `dir` and the folders inside it; false if `dir` could not be watched. */
  const watchTree = (dir: string): boolean => {
    if (closed || folders.has(dir)) return true;
    let watcher: FSWatcher;
    try {
      watcher = fsWatch(dir, { persistent: true }, (_event, name) => onEvent(dir, name));
    } catch (err) {
      // Gone already (ENOENT, ENOTDIR), or out of watches (ENOSPC): say so unless it simply went.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") handlers.error(err instanceof Error ? err : new Error(String(err)));
      return false;
    }
    watcher.on("error", () => checkFolder(dir));
    folders.set(dir, watcher);
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      // removed meanwhile: its own event says so
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory() && !ignoredPath(base, skip, path)) watchTree(path);
    }
    return true;
  };

  /** Stops watching `dir` and every folder under it. */
  const unwatchTree = (dir: string): void => {
    for (const [path, watcher] of folders) {
      if (isInside(dir, path)) {
        watcher.close();
        folders.delete(path);
      }
    }
  };

  /** A watched folder had an event about itself: if it is no longer a folder, it went. */
  const checkFolder = (dir: string): void => {
    if (closed || !folders.has(dir) || isFolder(dir)) return;
    unwatchTree(dir);
    if (dir === base) handlers.rootGone();
    else handlers.folderRemoved(slashed(base, dir));
  };

  const onEvent = (dir: string, name: string | null): void => {
    if (closed || !folders.has(dir)) return;
    // On Linux a folder's own removal or move is reported by its watcher under its own name.
    if (!name) return checkFolder(dir);
    const path = join(dir, name);
    if (name === basename(dir)) checkFolder(dir);
    if (folders.has(path)) return checkFolder(path);
    if (ignoredPath(base, skip, path)) return;
    if (isStoryFile(name)) return handlers.hint(slashed(base, path));
    // Not a story's name: a folder that appeared, or nothing of ours.
    if (isFolder(path) && watchTree(path)) handlers.folderAdded(slashed(base, path));
  };

  if (!watchTree(base)) throw new Error(`cannot watch ${root}`);
  return {
    close: async () => {
      closed = true;
      for (const watcher of folders.values()) watcher.close();
      folders.clear();
    },
  };
}

/** Whether `path` is a folder itself (not a link to one). */
function isFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
