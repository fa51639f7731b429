import type { Stats } from "node:fs";
import { basename, relative, resolve, sep } from "node:path";
import { watch as chokidar } from "chokidar";
import type { FileEvent } from "../queue.js";
import { isStoryFile } from "../read.js";

/** What the adapter tells the watcher. Paths are relative to the stories folder, `/`-separated. */
export interface AdapterHandlers {
  /** A story file was added, changed or removed; `stats` as seen when the event was raised. */
  event(event: FileEvent, file: string, stats?: Stats): void;
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

/**
 * Watches `root` recursively with chokidar and reports story-file events (I/O). A thin adapter:
 * no waiting for writes to finish (the watcher checks stability itself, which is faster than
 * chokidar's `awaitWriteFinish` and keeps a rename's unlink and add together), no `atomic`
 * delay on unlinks (the queue merges an unlink and a re-add itself), symbolic links not followed.
 * Resolves once the initial walk is done.
 */
export async function startAdapter(root: string, out: string | undefined, handlers: AdapterHandlers): Promise<Adapter> {
  const base = resolve(root);
  const skip = out === undefined ? undefined : resolve(out);
  const watcher = chokidar(base, {
    ignoreInitial: true,
    atomic: false,
    followSymlinks: false,
    alwaysStat: true,
    awaitWriteFinish: false,
    ignored: (path: string, stats?: Stats) => ignoredPath(base, skip, path, stats),
  });
  const report = (event: FileEvent) => (path: string, stats?: Stats) => {
    if (!isStoryFile(basename(path))) return;
    handlers.event(event, relative(base, path).split(sep).join("/"), stats);
  };
  watcher.on("add", report("add"));
  watcher.on("change", report("change"));
  watcher.on("unlink", report("unlink"));
  watcher.on("unlinkDir", (path) => {
    if (resolve(path) === base) handlers.rootGone();
  });
  watcher.on("error", (err) => handlers.error(err instanceof Error ? err : new Error(String(err))));
  await new Promise<void>((done) => watcher.once("ready", () => done()));
  return { close: () => watcher.close() };
}
