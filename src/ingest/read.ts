import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { lstat, readdir, realpath } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { finding, type Diagnostic } from "../model/diagnostics.js";

/** File endings that hold stories: Markdown with front matter, raw wire text, IPTC ninjs, NewsML-G2. */
export const STORY_EXTENSIONS = [".md", ".markdown", ".txt", ".json", ".xml"] as const;

/** How a story file is read, by its ending: the one place that decides. */
export type StoryFormat = "markdown" | "raw" | "ninjs" | "newsml";

/**
 * The reader for a story file's name (see {@link STORY_EXTENSIONS}).
 * @example storyFormat("wire/ap-123.json") // "ninjs"
 */
export function storyFormat(file: string): StoryFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith(".txt")) return "raw";
  if (lower.endsWith(".json")) return "ninjs";
  if (lower.endsWith(".xml")) return "newsml";
  return "markdown";
}

/** Raw wire text carries no date: its story takes its time from the file, so a touch changes it. */
export function timedByFile(file: string): boolean {
  return storyFormat(file) === "raw";
}

/**
 * Names never read, by the build's listing or the watcher: dotfiles and dot-folders (Emacs's
 * `.#*` locks among them) and editor temporaries (`*~`, vim's `*.swp`, `*.swx` and `4913`).
 */
export function isIgnoredName(name: string): boolean {
  return name.startsWith(".") || name.endsWith("~") || name.endsWith(".swp") || name.endsWith(".swx") || name === "4913";
}

/** Whether a file name is a story file (not an ignored name, see {@link isIgnoredName}, nor another kind of file). */
export function isStoryFile(name: string): boolean {
  if (isIgnoredName(name)) return false;
  const lower = name.toLowerCase();
  return STORY_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Whether `path` is `root` or inside it; both absolute and resolved (real paths, for symbolic links). */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Whether a file still has the size and modification time it had when it was seen: the one
 * freshness check of story and output files. Times agree to the millisecond, as a Date keeps them.
 */
export function sameStat(now: { size: number; mtimeMs: number }, seen: { size: number; mtimeMs: number }): boolean {
  return now.size === seen.size && Math.abs(now.mtimeMs - seen.mtimeMs) < 1;
}

export interface StoryFile {
  /** Path relative to the stories folder, `/`-separated. */
  file: string;
  /** Absolute path. */
  path: string;
  /** When the file was first committed (ms), if the stories folder is in a git repository. */
  committed?: number;
  /** When a build first saw the file (ms), from the build state. */
  firstSeen?: number;
}

/** A stories folder's listing (see {@link listStories}). */
export interface Listing {
  files: StoryFile[];
  diagnostics: Diagnostic[];
}

/**
 * A listing of the `stories` folder, the `out` folder skipped (both resolved), made by one step for
 * the next to use rather than list again: the CLI's up-to-date check for the build it starts.
 */
export interface ListingOf {
  stories: string;
  out: string;
  listing: Listing;
}

/**
 * Lists story files below `root`, recursively, in a stable order. Skips dotfiles and dot-folders,
 * the output folder (even inside `root`), and symbolic links that lead out of `root`.
 */
export async function listStories(root: string, outDir?: string): Promise<Listing> {
  const base = resolve(root);
  const realBase = await realpath(base);
  const skip = outDir ? resolve(outDir) : undefined;
  const files: StoryFile[] = [];
  const diagnostics: Diagnostic[] = [];
  // Paths are joined by hand: `dir` is already resolved, and path.join/relative per file cost
  // more than the rest of listing 10,000 stories.
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (isIgnoredName(entry.name)) continue;
      const path = dir.endsWith(sep) ? `${dir}${entry.name}` : `${dir}${sep}${entry.name}`;
      if (path === skip) continue;
      const file = `${prefix}${entry.name}`;
      if (entry.isSymbolicLink()) {
        const target = await realpath(path).catch(() => undefined);
        if (!target) {
          if (isStoryFile(entry.name)) {
            diagnostics.push({ file, ...finding("warning", "symlink-broken", "a symbolic link whose target does not exist (or that loops) is skipped") });
          }
          continue;
        }
        if (!isInside(realBase, target)) {
          if (isStoryFile(entry.name)) {
            diagnostics.push({ file, ...finding("warning", "symlink-outside", "a symbolic link leading out of the stories folder is not followed") });
          }
          continue;
        }
        const st = await lstat(target).catch(() => undefined);
        if (st?.isFile() && isStoryFile(entry.name)) files.push({ file, path });
        continue;
      }
      if (entry.isDirectory()) await walk(path, `${file}/`);
      else if (entry.isFile() && isStoryFile(entry.name)) files.push({ file, path });
    }
  };
  await walk(base, "");
  return { files, diagnostics };
}

/** A story file's bytes and modification time, or why they could not be had. */
export interface ReadResult {
  bytes?: Uint8Array;
  mtime?: Date;
  /** Modification time with the file system's full (sub-millisecond) precision. */
  mtimeMs?: number;
  size?: number;
  diagnostics: Diagnostic[];
}

/**
 * Reads a story file's bytes and modification time. A file over `maxBytes` is refused without
 * reading it whole. Never throws: a vanished or unreadable file is a diagnostic.
 *
 * Synchronous on purpose: stories are a few kilobytes, and for thousands of them one blocking
 * open/fstat/read/close each costs a fraction of the thread-pool round trips of fs/promises
 * (measured: 10,000 stories read in 0.35 s this way, 2 s through FileHandle).
 */
export function readStorySync(sf: StoryFile, maxBytes: number): ReadResult {
  let fd: number | undefined;
  try {
    // Non-blocking, so a FIFO put where a story was listed cannot hang the build in open(); for
    // a regular file the flag changes nothing.
    fd = openSync(sf.path, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile()) return { diagnostics: [{ file: sf.file, ...finding("error", "not-a-file", "a story path must be a file") }] };
    if (st.size > maxBytes) {
      return { diagnostics: [{ file: sf.file, ...finding("error", "file-too-large", `the file is ${st.size} bytes; stories are limited to ${maxBytes} bytes (config maxBytes)`) }] };
    }
    const bytes = readAll(fd, st.size);
    return { bytes, mtime: st.mtime, mtimeMs: st.mtimeMs, size: bytes.length, diagnostics: [] };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === "ENOENT" ? "the file vanished before it could be read" : `cannot read the file (${code ?? (err as Error).message})`;
    return { diagnostics: [{ file: sf.file, ...finding("error", code === "ENOENT" ? "file-vanished" : "unreadable", message) }] };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** As {@link readStorySync}, for callers that await. */
export async function readStory(sf: StoryFile, maxBytes: number): Promise<ReadResult> {
  return readStorySync(sf, maxBytes);
}

/** Reads a file from its start: `size` bytes as fstat saw them, or fewer if it shrank meanwhile. */
function readAll(fd: number, size: number): Uint8Array {
  const buffer = Buffer.allocUnsafe(size);
  let at = 0;
  while (at < size) {
    const n = readSync(fd, buffer, at, size - at, at);
    if (n === 0) break;
    at += n;
  }
  return at === size ? buffer : buffer.subarray(0, at);
}
