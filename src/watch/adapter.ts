import { realpathSync, type Stats } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { watch as chokidar } from "chokidar";
import { isStoryFile } from "../read.js";

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
  /** chokidar reported an error (never fatal). */
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
  if (out !== undefined && (path === out || path.startsWith(out + sep))) return true;
  const name = basename(path);
  if (name.startsWith(".") || name.endsWith("~") || name.endsWith(".swp") || name.endsWith(".swx") || name === "4913") return true;
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
 * Watches `root` recursively with chokidar (I/O), a thin adapter. chokidar tracks the folders
 * (recursively, folders added and removed included); story files are known from the folders' own
 * file-system events (chokidar's `raw` events: a folder's watcher reports every file created,
 * written, removed or renamed in it, unthrottled), which the watcher checks with a stat. Files get
 * no watcher of their own: at 10,000 stories chokidar's per-file watchers cost ~50 MB and ~1.5 s
 * to set up, and its file events arrive only after it has listed the folder again (tens to
 * hundreds of milliseconds) and drop a second change within 50 ms of the first. Symbolic links
 * are not followed. Resolves once chokidar is ready.
 */
export async function startAdapter(root: string, out: string | undefined, handlers: AdapterHandlers): Promise<Adapter> {
  // Real paths: chokidar, not following links, would not look inside a stories folder that is one.
  const base = realpathSync(root);
  const skip = out === undefined ? undefined : realOrResolved(out);
  const watcher = chokidar(base, {
    ignoreInitial: true,
    atomic: false,
    followSymlinks: false,
    awaitWriteFinish: false,
    // Folders only (see above): every file and link is left to the raw events.
    ignored: (path: string, stats?: Stats) => ignoredPath(base, skip, path, stats) || stats?.isFile() === true || stats?.isSymbolicLink() === true,
  });
  watcher.on("raw", (_event, name, details) => {
    const folder = (details as { watchedPath?: string } | undefined)?.watchedPath;
    if (!folder || typeof name !== "string" || name === "") return;
    const path = resolve(folder, name);
    if (!path.startsWith(base + sep) || !isStoryFile(basename(path)) || ignoredPath(base, skip, path)) return;
    handlers.hint(slashed(base, path));
  });
  watcher.on("addDir", (path) => {
    if (resolve(path) !== base) handlers.folderAdded(slashed(base, resolve(path)));
  });
  watcher.on("unlinkDir", (path) => {
    if (resolve(path) === base) handlers.rootGone();
    else handlers.folderRemoved(slashed(base, resolve(path)));
  });
  watcher.on("error", (err) => handlers.error(err instanceof Error ? err : new Error(String(err))));
  await new Promise<void>((done) => watcher.once("ready", () => done()));
  return { close: () => watcher.close() };
}
