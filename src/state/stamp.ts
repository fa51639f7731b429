/**
 * The up-to-date stamp: what a build leaves so the next one can tell, from file stats alone, that
 * it would write exactly the same outputs, and stop there.
 *
 * A stamp says: with this key (tool version, config text, folders), these story files (path, size,
 * modification time) and these output files (size, modification time), at any instant between
 * these two embargo times, the outputs are right and the report is this one. The check lists the
 * stories folder and stats every story and output file; it never reads the cache, the config
 * schema, the stories or a renderer, which is what makes a warm build cheap. Anything it cannot
 * vouch for (a missing or unreadable stamp, another key, a file changed, added, removed or
 * modified too close to the stamp's writing, an output edited or deleted, `now` past an embargo,
 * a writer killed mid-write) means "not up to date", never a wrong answer: the caller then builds
 * as usual.
 *
 * Light on purpose: it imports only Node, `hash.js`, `read.js` and `write.js`.
 */
import { createHash } from "node:crypto";
import { closeSync, constants, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../model/diagnostics.js";
import { hashBytes } from "../ingest/hash.js";
import { listStories, sameStat } from "../ingest/read.js";
import { crashedWriters, writeAtomic } from "../publish/write.js";

/** The stamp's file name inside the output folder. A dotfile: the server never serves it. */
export const STAMP_FILE = ".wirefeed-stamp.json";

/** Bump when the stamp's shape or what it covers changes (4: the precompressed siblings, #23). */
const FORMAT = 4;

/**
 * A file modified this close to (or after) the stamp's writing may change again within the file
 * system's time resolution without its size or time changing: such files are compared by hash.
 */
export const RACY_MS = 2000;

/** A story file as the stamp saw it: path, size, modification time, and its content hash (see `upToDate`). */
export type StampedFile = [file: string, size: number, mtimeMs: number, hash?: string];

/** What a build reports, replayed as is when nothing changed. */
export interface StampReport {
  read: number;
  published: number;
  diagnostics: Diagnostic[];
  /** ISO time of the next embargo to lift after the build's `now`, if any. */
  nextEmbargo?: string;
}

export interface Stamp {
  format: number;
  key: string;
  /** When the stamp was written (real clock, ms): files modified since shortly before are hashed. */
  writtenAt: number;
  /**
   * The instants between which the outputs do not depend on `now`: the last embargo at or before
   * the build's `now`, and the first after it (null: none).
   */
  from: number | null;
  until: number | null;
  /** The stories folder's listing warnings (symbolic links skipped), as JSON. */
  listing: string;
  files: StampedFile[];
  outputs: [file: string, size: number, mtimeMs: number][];
  /**
   * The names inside the folders wirefeed owns whole (`categories/`, `archive/`), by folder: a
   * build removes what it did not plan there, so anything added by hand means a build to do.
   */
  owned: Record<string, string[]>;
  /**
   * The git index raw stories were dated against (path, size, modification time; -1 when there
   * was none yet): any `git add`, commit, checkout or pull rewrites it, and may date a story anew.
   */
  git?: [file: string, size: number, mtimeMs: number];
  report: StampReport;
}

/**
 * The key a stamp must carry (pure): everything besides the files that shapes the outputs. The
 * config is keyed by its text, so the check needs no schema: a stamp is only written by a build
 * that validated that very text.
 */
export function stampKey(version: string, configText: string | undefined, stories: string, out: string): string {
  return createHash("sha1").update(JSON.stringify([FORMAT, version, configText ?? null, stories, out])).digest("base64url");
}


/** Whether a file's modification time is too close to the stamp's writing to be trusted alone. */
export function isRacy(mtimeMs: number, writtenAt: number): boolean {
  return mtimeMs >= writtenAt - RACY_MS;
}

/** The embargo instants around `now` (pure): the last at or before it, the first after it. */
export function embargoWindow(embargoes: Iterable<number>, now: number): { from: number | null; until: number | null } {
  let from: number | null = null;
  let until: number | null = null;
  for (const t of embargoes) {
    if (t <= now) from = from === null || t > from ? t : from;
    else until = until === null || t < until ? t : until;
  }
  return { from, until };
}

/** Writes the stamp into the output folder, atomically (I/O). */
export async function writeStamp(out: string, stamp: Omit<Stamp, "format">): Promise<void> {
  await writeAtomic(join(out, STAMP_FILE), `${JSON.stringify({ format: FORMAT, ...stamp })}\n`);
}

/** Removes the stamp: the outputs are no longer vouched for (I/O). */
export function removeStamp(out: string): void {
  rmSync(join(out, STAMP_FILE), { force: true });
}

function readStamp(out: string): Stamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(join(out, STAMP_FILE), "utf8")) as Stamp;
    return stamp.format === FORMAT && Array.isArray(stamp.files) && Array.isArray(stamp.outputs) && typeof stamp.owned === "object" ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The stamped report if a build of `stories` into `out` under `key` at `now` would change nothing
 * (I/O: lists the folder, stats every story and output file, reads only racy files and files
 * whose time moved). A file with a new time and the stamped bytes (a fresh checkout with the
 * output folder restored, as CI has it) is unchanged: the stamp is rewritten with its new time,
 * and the report replayed. The build cache keeps the old times; a build that does run reads
 * such files once more to find them unchanged (see `revalidate` in build/pipeline.ts).
 */
export async function upToDate(stories: string, out: string, key: string, now: Date): Promise<StampReport | undefined> {
  const stamp = readStamp(out);
  if (!stamp || stamp.key !== key) return undefined;
  // A writer killed mid-write may have left temporary files: a build tidies them.
  if (crashedWriters(out).length > 0) return undefined;
  const t = now.getTime();
  if ((stamp.from !== null && t < stamp.from) || (stamp.until !== null && t >= stamp.until)) return undefined;
  const listed = await listStories(stories, out);
  if (listed.files.length !== stamp.files.length || JSON.stringify(listed.diagnostics) !== stamp.listing) return undefined;
  // Files whose time moved while their bytes did not (a fresh checkout), with their new times.
  let touched: StampedFile[] | undefined;
  for (let i = 0; i < listed.files.length; i++) {
    const { file, path } = listed.files[i]!;
    const [stampedFile, size, mtimeMs, hash] = stamp.files[i]!;
    if (file !== stampedFile) return undefined;
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st || st.size !== size) return undefined;
    if (!sameStat(st, { size, mtimeMs })) {
      // The bytes are what the stamp hashed: a story is its bytes, its commit (the git index is
      // compared below) and its first-seen time, never its file's time once a build has seen it.
      if (hash === undefined || !sameHash(path, size, hash)) return undefined;
      (touched ??= [...stamp.files])[i] = [file, size, st.mtimeMs, hash];
      continue;
    }
    if (isRacy(mtimeMs, stamp.writtenAt) && (hash === undefined || !sameHash(path, size, hash))) return undefined;
  }
  for (const [file, size, mtimeMs] of stamp.outputs) {
    const st = statSync(join(out, file), { throwIfNoEntry: false });
    if (!st || !sameStat(st, { size, mtimeMs })) return undefined;
  }
  for (const [folder, names] of Object.entries(stamp.owned ?? {})) {
    if (JSON.stringify(namesIn(join(out, folder))) !== JSON.stringify(names)) return undefined;
  }
  if (stamp.git && JSON.stringify(statEntry(stamp.git[0])) !== JSON.stringify(stamp.git)) return undefined;
  // Brought up to date with the new times, so the next check stats rather than reads them.
  if (touched) await writeStamp(out, { ...withoutFormat(stamp), writtenAt: Date.now(), files: touched });
  return stamp.report;
}

function withoutFormat({ format: _, ...rest }: Stamp): Omit<Stamp, "format"> {
  return rest;
}

/** A file as a stamp records it: path, size and modification time, -1 for both when it is missing. */
export function statEntry(file: string): [file: string, size: number, mtimeMs: number] {
  const st = statSync(file, { throwIfNoEntry: false });
  return st ? [file, st.size, st.mtimeMs] : [file, -1, -1];
}

/** The names in a folder, sorted; none when it does not exist. */
export function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/**
 * Whether the file holds exactly `size` bytes hashing to `hash`. Read into one buffer reused from
 * file to file: a fresh buffer for each of a checkout's 10,000 stories was a tenth of the check,
 * in allocation and the collections it caused. Opened non-blocking, as stories are read (a FIFO
 * put where a story was cannot hang the check).
 */
let scratch = Buffer.alloc(0);
function sameHash(path: string, size: number, hash: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (scratch.length <= size) scratch = Buffer.allocUnsafe(Math.max(size + 1, scratch.length * 2, 1 << 16));
    let at = 0;
    // One byte more than stamped is room to see that the file grew.
    for (let n = -1; n !== 0 && at <= size; at += n) n = readSync(fd, scratch, at, size + 1 - at, at);
    return at === size && hashBytes(scratch.subarray(0, size)) === hash;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
