import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes `content` (text, bytes, or lines to be joined with newlines) to `path` atomically: a temporary file in the same folder, then a rename, so a
 * reader sees the old bytes or the new, never a mix. Returns false, writing nothing, when the
 * file already holds exactly these bytes (unless `skipSame` is false: for content that always
 * differs, such as the build cache, the comparison is only a cost). A failed write leaves no
 * temporary file behind.
 *
 * The file calls are synchronous (the function stays async for its callers): a feed file is a
 * few hundred kilobytes at most, and each thread-pool round trip waits its turn behind whatever
 * else the event loop is doing (measured during a watch rebuild while a folder of 10,000 stories
 * was being listed: ~100 ms per file async, ~1 ms sync).
 */
export async function writeAtomic(path: string, content: string | Uint8Array | readonly string[], skipSame = true): Promise<boolean> {
  // Nothing below awaits, so the scratch buffer cannot be reused before the write is done.
  const bytes = encoded(content);
  if (skipSame && sameBytes(path, bytes)) return false;
  const temp = tempName(path);
  try {
    writeNew(temp, bytes);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  return true;
}

/**
 * The bytes `writeAtomic` writes for `content`: text and lines in UTF-8, in a buffer this module
 * reuses (valid until the next call; see `utf8`).
 */
export function encoded(content: string | Uint8Array | readonly string[]): Buffer {
  return typeof content === "string" ? utf8([content]) : Array.isArray(content) ? utf8(content as readonly string[])
    : Buffer.from((content as Uint8Array).buffer, (content as Uint8Array).byteOffset, (content as Uint8Array).byteLength);
}

/**
 * Creates `path` (which must not exist) holding `bytes`. Its folder is made only when missing:
 * a recursive mkdir before each of the hundreds of files of a build cost more than the writes.
 */
function writeNew(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes, { flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes, { flag: "wx" });
  }
}

/**
 * Writes pieces to `path` atomically, as {@link writeAtomic} does, without ever holding the whole
 * content: each piece is written as the iterable yields it. Always writes.
 */
export function writeAtomicPieces(path: string, pieces: Iterable<Uint8Array>): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = tempName(path);
  let fd: number | undefined;
  try {
    fd = openSync(temp, "wx");
    for (const piece of pieces) writeAll(fd, piece);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

/** The temporary file a write to `path` goes through: `.<name>.<pid>.<8 hex>.tmp` beside it. */
function tempName(path: string): string {
  return `${dirname(path)}/.${path.slice(dirname(path).length + 1)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
}

/**
 * A string's UTF-8 bytes, in a buffer this module reuses: valid until the next call. Feed files
 * are hundreds of kilobytes, and a fresh buffer for each cost more in first-touch page faults
 * than the encoding itself (~2 ms per 200 KB file on the machine measured), and left a
 * long-running watcher's allocator fragmented.
 */
let scratch = Buffer.alloc(0);
function utf8(lines: readonly string[]): Buffer {
  let most = lines.length; // the newlines between them
  for (const line of lines) most += line.length * 3; // UTF-8 takes at most 3 bytes per UTF-16 code unit
  if (scratch.length < most) scratch = Buffer.allocUnsafeSlow(Math.max(most, scratch.length * 2, 1 << 16));
  let at = 0;
  lines.forEach((line, i) => {
    if (i > 0) scratch[at++] = 0x0a;
    at += scratch.write(line, at, "utf8");
  });
  return scratch.subarray(0, at);
}

/** Whether the file at `path` holds exactly `bytes` (false when it cannot be read). */
function sameBytes(path: string, bytes: Uint8Array): boolean {
  try {
    // No file (a cold build), or one of another size: differs, without reading it.
    const st = statSync(path, { throwIfNoEntry: false });
    return st !== undefined && st.size === bytes.length && readFileSync(path).equals(bytes);
  } catch {
    return false;
  }
}

/** The temporary files {@link writeAtomic} makes: `.<name>.<pid>.<8 hex>.tmp`. */
const TEMP = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** The mark a writer leaves in the output folder while it writes there (see {@link markWriting}). */
const MARK = /^\.wirefeed-writing\.(\d+)$/;

/** This process's marks, by folder, with how many writers in it hold each. */
const marks = new Map<string, number>();

/**
 * Marks `dir` as being written by this process (I/O), until the returned function is called: an
 * empty `.wirefeed-writing.<pid>` in it. First, what a writer killed mid-way left there is tidied
 * (see {@link tidyAfterCrash}): its mark says to look for its temporary files, and only a left
 * mark does. Walking the whole output folder for them on every build cost 8–30 ms at 10,000
 * stories (200 archive folders) and 110–300 ms at 100,000 (2,000).
 */
export function markWriting(dir: string): () => void {
  const path = join(dir, `.wirefeed-writing.${process.pid}`);
  const held = marks.get(path) ?? 0;
  if (held === 0) {
    tidyAfterCrash(dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, "");
  }
  marks.set(path, held + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (marks.get(path) ?? 1) - 1;
    if (left > 0) return void marks.set(path, left);
    marks.delete(path);
    rmSync(path, { force: true });
  };
}

/** The marks in `dir` of writers that died before they finished (I/O: lists `dir` alone). */
export function crashedWriters(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((name) => {
    const m = MARK.exec(name);
    return m !== null && !alive(Number(m[1]));
  });
}

/**
 * After a writer of `dir` died mid-way (its mark is left, see {@link markWriting}): removes the
 * temporary files it left anywhere in `dir`, then its mark. Does nothing, and reads no more than
 * `dir`'s own names, when no writer died. Returns the temporary files removed, relative to `dir`.
 */
export function tidyAfterCrash(dir: string): string[] {
  const crashed = crashedWriters(dir);
  if (crashed.length === 0) return [];
  const removed = removeOrphanTemps(dir);
  for (const name of crashed) rmSync(join(dir, name), { force: true });
  return removed;
}

/**
 * Removes temporary files left in `dir` (recursively) by a writer that was killed before it could
 * rename or remove them, such as a build stopped with SIGKILL. Files of a process still running
 * (a watcher writing meanwhile) are left alone. Returns the paths removed, relative to `dir`.
 */
function removeOrphanTemps(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: "utf8" });
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP.exec(basename(name));
    if (!m || alive(Number(m[1]))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
