import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes `content` to `path` atomically: a temporary file in the same folder, then a rename, so a
 * reader sees the old bytes or the new, never a mix. Returns false, writing nothing, when the
 * file already holds exactly these bytes (unless `skipSame` is false: for content that always
 * differs, such as the build cache, the comparison is only a cost). A failed write leaves no
 * temporary file behind.
 *
 * The file calls are synchronous (the function stays async for its callers): a feed file is a
 * few hundred kilobytes at most, and each thread-pool round trip waits its turn behind whatever
 * else the event loop is doing, such as chokidar re-listing a folder of 10,000 stories during a
 * watch rebuild (measured there: ~100 ms per file async, ~1 ms sync).
 */
export async function writeAtomic(path: string, content: string | Uint8Array, skipSame = true): Promise<boolean> {
  if (skipSame && sameBytes(path, content)) return false;
  mkdirSync(dirname(path), { recursive: true });
  const temp = tempName(path);
  try {
    writeFileSync(temp, content, { flag: "wx" });
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  return true;
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

/** Whether the file at `path` holds exactly `content` (false when it cannot be read). */
function sameBytes(path: string, content: string | Uint8Array): boolean {
  let old: Buffer;
  try {
    // No file (a cold build), or one of another size: differs, without reading it. The size is
    // looked up first: counting a long string's UTF-8 bytes costs more than the stat.
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st || st.size !== (typeof content === "string" ? Buffer.byteLength(content, "utf8") : content.byteLength)) return false;
    old = readFileSync(path);
  } catch {
    return false;
  }
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8")
    : Buffer.from(content.buffer, content.byteOffset, content.byteLength); // a view, not a copy
  return old.equals(bytes);
}

/** The temporary files {@link writeAtomic} makes: `.<name>.<pid>.<8 hex>.tmp`. */
const TEMP = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes temporary files left in `dir` (recursively) by a writer that was killed before it could
 * rename or remove them, such as a build stopped with SIGKILL. Files of a process still running
 * (a watcher writing meanwhile) are left alone. Returns the paths removed, relative to `dir`.
 */
export function removeOrphanTemps(dir: string): string[] {
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
