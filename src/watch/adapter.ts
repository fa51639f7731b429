import { lstatSync, realpathSync, type Stats } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { watch as chokidar } from "chokidar";
import { isIgnoredName, isInside, isStoryFile } from "../ingest/read.js";

/** What the adapter tells the watcher. Paths are relative to the stories folder, `/`-separated. */
export interface AdapterHandlers {
  /**
   * Something happened to this story path (created, written, removed or renamed): the watcher
   * looks at the path itself, with a stat, to learn what. `moved` when the event was only a name
   * appearing or going (a rename, or a creation), never a write: a file renamed in arrives whole.
   */
  hint(file: string, moved: boolean): void;
  /** A folder appeared inside the stories folder (created, or moved in with its files). */
  folderAdded(folder: string): void;
  /** A folder inside the stories folder went away (removed, or moved out with its files). */
  folderRemoved(folder: string): void;
  /** The stories folder itself was removed. */
  rootGone(): void;
  /** chokidar reported an error, such as a folder that could not be watched (never fatal). */
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

/** How the adapter watches: by the kernel's file-system events, or by polling every `poll` ms. */
export interface AdapterOptions {
  /** Poll every this many milliseconds (chokidar's `usePolling`); undefined: file-system events. */
  poll?: number;
}

/**
 * Watches `root` recursively with chokidar (I/O), a thin adapter. Resolves once chokidar is ready.
 * Symbolic links are not followed (a story that is a link is read where it leads, by the watcher).
 *
 * With file-system events (the default), chokidar follows the folders — one `fs.watch` per
 * folder, folders added, renamed and removed included — and story files get no watcher of their
 * own: a folder's own events (chokidar's `raw` events, unthrottled) name every file created,
 * written, removed or renamed in it, and the watcher checks each with a stat. Per-file watchers
 * would cost ~50 MB and ~1.5 s to set up at 10,000 stories, and chokidar's file events arrive only
 * after it has listed the folder again and drop a second change within 50 ms of the first. What
 * chokidar still does on every event in a folder is list that folder again, with an `lstat` of
 * each entry (at most once a second per folder, once more if more happened meanwhile): cheap in a
 * dated folder of a day's stories, ~0.1 s of CPU per edit in one flat folder of 10,000 (see
 * docs/watching.md).
 *
 * Polling (for shares whose events cannot be trusted: NFS, SMB, FUSE, some bind mounts) has no
 * folder events to learn files from, so chokidar polls every story file with `fs.watchFile` and
 * every folder for new entries: a stat per file per interval, inherent to polling. Its `add`,
 * `change` and `unlink` events are the hints then.
 *
 * In both modes chokidar's own write settling (`awaitWriteFinish`, size only) and unlink pairing
 * (`atomic`) are off: the watcher settles writes itself (size, modification time and inode) and
 * pairs a removal with what follows it in the same rebuild.
 */
export async function startAdapter(root: string, out: string | undefined, handlers: AdapterHandlers, options: AdapterOptions = {}): Promise<Adapter> {
  // Real paths: chokidar, not following links, would not look inside a stories folder that is one.
  const base = realpathSync(root);
  const skip = out === undefined ? undefined : realOrResolved(out);
  const polling = options.poll !== undefined;
  const watcher = chokidar(base, {
    ignoreInitial: true,
    atomic: false,
    followSymlinks: false,
    awaitWriteFinish: false,
    usePolling: polling,
    ...(polling ? { interval: options.poll, binaryInterval: options.poll } : {}),
    // With events, folders only (see above): files are left to the folders' raw events. Polling
    // needs a watcher per story file. Links are never followed. The cheap tests first: chokidar
    // asks about every entry each time it lists a folder again, 10,000 for an edit in a flat one.
    ignored: (path: string, stats?: Stats) =>
      (!polling && stats?.isFile() === true) || stats?.isSymbolicLink() === true || ignoredPath(base, skip, path, stats),
  });
  let closed = false;
  const story = (path: string) => path.startsWith(base + sep) && isStoryFile(basename(path)) && !ignoredPath(base, skip, path);
  /** The stories folder itself went (chokidar reports no `unlinkDir` for the folder it was given). */
  const checkRoot = () => {
    if (!closed && !isFolder(base)) handlers.rootGone();
  };
  watcher.on("raw", (event, name, details) => {
    if (closed) return;
    const info = details as { watchedPath?: string; curr?: Stats } | undefined;
    if (polling) {
      // A poll of the stories folder itself that found it gone.
      if (name === base && info?.curr?.mtimeMs === 0) checkRoot();
      return;
    }
    const folder = info?.watchedPath;
    if (!folder || typeof name !== "string" || name === "") return;
    if (folder === base && name === basename(base)) return checkRoot();
    const path = resolve(folder, name);
    // "rename": created, moved in or out, removed; "change": written (or its times, mode, owner).
    if (story(path)) handlers.hint(slashed(base, path), event === "rename");
  });
  if (polling) {
    for (const event of ["add", "change", "unlink"] as const) {
      watcher.on(event, (path: string) => {
        if (!closed && story(resolve(path))) handlers.hint(slashed(base, resolve(path)), false);
      });
    }
  }
  watcher.on("addDir", (path) => {
    if (!closed && resolve(path) !== base) handlers.folderAdded(slashed(base, resolve(path)));
  });
  watcher.on("unlinkDir", (path) => {
    if (closed) return;
    if (resolve(path) === base) handlers.rootGone();
    else handlers.folderRemoved(slashed(base, resolve(path)));
  });
  watcher.on("error", (err) => handlers.error(err instanceof Error ? err : new Error(String(err))));
  await new Promise<void>((done) => watcher.once("ready", () => done()));
  return {
    close: async () => {
      closed = true;
      await watcher.close();
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
