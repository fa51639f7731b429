/**
 * The build record: the one file a build leaves in the output folder for the next one, and the
 * checks made against it. Its first line, the head, says what the build saw and vouches for:
 * every story file (path, size, modification time), every output file (size, time), the names in
 * the folders wirefeed owns, the embargo instants around its `now`, and its report. The lines
 * after it (see cache.ts) hold what the build knew of each file (its story, its diagnostics),
 * each feed's fingerprint and every story's last release.
 *
 * The head alone answers "would a build change anything?" (`upToDate` in up-to-date.ts): it lists
 * the stories folder and stats every story and output file; it never reads the rest of the
 * record, the config schema, the stories or a renderer, which is what makes a warm build cheap.
 * Anything it cannot vouch for means "not up to date", never a wrong answer: the caller then
 * builds as usual.
 *
 * Light on purpose: it imports only Node, `canonical.js`, `hash.js` and `read.js`.
 */
import { createHash } from "node:crypto";
import { closeSync, constants, openSync, readdirSync, readSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/config.js";
import { canonicalJson } from "../model/canonical.js";
import type { Diagnostic } from "../model/diagnostics.js";
import { hashBytes } from "../ingest/hash.js";
import { sameStat } from "../ingest/read.js";

/** The record's file name inside the output folder. A dotfile: the server never serves it. */
export const RECORD_FILE = ".wirefeed-cache.json";

/** What earlier versions left besides it (the up-to-date stamp): never read, removed by a build. */
export const OLD_FILES = [".wirefeed-stamp.json"] as const;

/**
 * Bump when the record's shape or anything that shapes a Story or the outputs changes.
 * 8: raw dates and agency sources; 9: pictures (#17); 10: precompressed siblings (#23);
 * 11: cache and stamp in one record, under one key (#18); 12: several stories a file (#16);
 * 13: a story's dates as numbers (#20); 14: the archive pages' plans (#20).
 */
const FORMAT = 14;

/**
 * The config as the record is keyed by it: the text of the file it was validated from (null when
 * there was none: the defaults), which the up-to-date check can compare without the schema; or,
 * for a caller that made its config in code, the config itself.
 */
export type ConfigSource = { text: string | null } | { config: Config };

/**
 * The key a record must carry to be trusted (pure): its format, the tool version, and the config
 * (which shapes every story: time zone, publisher, site URL…). A config file is keyed by its
 * values, not its spacing or the order of its fields, so a file reformatted keeps the record.
 * The folders are not in it: what the record says of them is checked file by file, by paths
 * relative to each.
 */
export function stateKey(version: string, config: ConfigSource): string {
  const source = "config" in config ? ["config", config.config] : ["file", config.text === null ? null : fileValues(config.text)];
  return createHash("sha1").update(canonicalJson([FORMAT, version, source])).digest("base64url");
}

/** A config file's values; its text itself when it is not JSON (such a config never builds). */
function fileValues(text: string): unknown {
  try {
    return { json: JSON.parse(text) as unknown };
  } catch {
    return { text };
  }
}

/** A file as the record saw it: path, size, modification time, and its content hash (see `upToDate`). */
export type RecordedFile = [file: string, size: number, mtimeMs: number, hash?: string];

/** What a build reports, replayed as is when nothing changed. */
export interface RecordedReport {
  read: number;
  published: number;
  diagnostics: Diagnostic[];
  /** ISO time of the next embargo to lift after the build's `now`, if any. */
  nextEmbargo?: string;
}

/** The record's first line. */
export interface Head {
  key: string;
  /** When the record was written (real clock, ms): files modified since shortly before are hashed. */
  writtenAt: number;
  /**
   * Every story file listed, in the listing's order; a file that could not be read has size and
   * time -1. The lines after the head hold one entry for each, in the same order.
   */
  files: RecordedFile[];
  /** How many release lines follow the fingerprints. */
  released: number;
  /** Every output file written or kept, with its size and time. */
  outputs: [file: string, size: number, mtimeMs: number][];
  /**
   * The names inside the folders wirefeed owns whole (`categories/`, `archive/`), by folder: a
   * build removes what it did not plan there, so anything added by hand means a build to do.
   */
  owned: Record<string, string[]>;
  /** The stories folder's listing warnings (symbolic links skipped), as JSON. */
  listing: string;
  /**
   * The instants between which the outputs do not depend on `now`: the last embargo at or before
   * the build's `now`, and the first after it (null: none).
   */
  from: number | null;
  until: number | null;
  /**
   * The git index raw stories were dated against (path, size, modification time; -1 when there
   * was none yet): any `git add`, commit, checkout or pull rewrites it, and may date a story anew.
   */
  git?: [file: string, size: number, mtimeMs: number];
  /** The build's report; none when the record vouches for nothing (a story file could not be read). */
  report?: RecordedReport;
}

/** Whether a parsed first line has the head's shape under `key`. */
export function isHead(value: unknown, key: string): value is Head {
  const h = value as Head | null;
  return typeof h === "object" && h !== null && h.key === key && typeof h.writtenAt === "number" && Array.isArray(h.files) &&
    Array.isArray(h.outputs) && typeof h.owned === "object" && h.owned !== null && typeof h.released === "number";
}

/**
 * The record's head if it carries `key` (I/O): only its first line is read, however long the
 * record. Undefined for anything else: missing, another key or format, not a head.
 */
export function readHead(out: string, key: string): Head | undefined {
  let fd: number;
  try {
    fd = openSync(join(out, RECORD_FILE), "r");
  } catch {
    return undefined;
  }
  try {
    const chunks: Buffer[] = [];
    const chunk = Buffer.allocUnsafe(256 * 1024);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return undefined; // no line end: not a whole head
      const read = chunk.subarray(0, n);
      const end = read.indexOf(0x0a);
      chunks.push(Buffer.from(end >= 0 ? read.subarray(0, end) : read));
      if (end >= 0) break;
    }
    const head: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    return isHead(head, key) ? head : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * A file modified this close to (or after) the record's writing may change again within the file
 * system's time resolution without its size or time changing: such files are compared by hash.
 */
const RACY_MS = 2000;

/** Whether a file's modification time is too close to the record's writing to be trusted alone. */
export function isRacy(mtimeMs: number, writtenAt: number): boolean {
  return mtimeMs >= writtenAt - RACY_MS;
}

/**
 * How a story file stands against a record written at `writtenAt` (I/O), the one freshness rule of
 * the up-to-date check and of each cached entry. "recorded": the same size and modification time
 * (see `sameStat`) and, when that time is too close to the writing to be trusted alone, the same
 * bytes. "touched": its time alone moved and it holds the recorded bytes (every file of a fresh
 * checkout with the output folder restored): the same story, since a story is its bytes, never
 * its file's time. "changed": anything else. `st`: the file's stat, when the caller has it.
 */
export function standing(path: string, seen: { size: number; mtimeMs: number; hash?: string }, writtenAt: number, st?: Stats): "recorded" | "touched" | "changed" {
  const now = st ?? statSync(path, { throwIfNoEntry: false });
  if (!now || seen.size < 0) return "changed";
  const bytes = () => seen.hash !== undefined && holds(path, seen.size, seen.hash);
  if (sameStat(now, seen)) return !isRacy(seen.mtimeMs, writtenAt) || bytes() ? "recorded" : "changed";
  return now.isFile() && now.size === seen.size && bytes() ? "touched" : "changed";
}

/**
 * Whether the file holds exactly `size` bytes hashing to `hash` (I/O). Read into one buffer reused
 * from file to file: a fresh buffer for each of a checkout's 10,000 stories was a tenth of the
 * up-to-date check, in allocation and the collections it caused (#20). Opened non-blocking, as
 * stories are read: a FIFO put where a story was cannot hang the check.
 */
let scratch = Buffer.alloc(0);
export function holds(path: string, size: number, hash: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (scratch.length <= size) scratch = Buffer.allocUnsafe(Math.max(size + 1, scratch.length * 2, 1 << 16));
    let at = 0;
    // One byte more than recorded is room to see that the file grew.
    for (let n = -1; n !== 0 && at <= size; at += n) n = readSync(fd, scratch, at, size + 1 - at, at);
    return at === size && hashBytes(scratch.subarray(0, size)) === hash;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The output files (relative to `out`) that are no longer as recorded: edited, touched or deleted. */
export function changedOutputs(out: string, outputs: Iterable<readonly [file: string, size: number, mtimeMs: number]>): string[] {
  const changed: string[] = [];
  for (const [file, size, mtimeMs] of outputs) {
    const st = statSync(join(out, file), { throwIfNoEntry: false });
    if (!st || !sameStat(st, { size, mtimeMs })) changed.push(file);
  }
  return changed;
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

/**
 * Whether the git index is as a record saw it (I/O: one stat): the one rule by which a record's
 * commit dates still hold, since every `git add`, commit, checkout or pull rewrites the index.
 */
export function gitIndexAsRecorded(git: readonly [file: string, size: number, mtimeMs: number]): boolean {
  const [file, size, mtimeMs] = statEntry(git[0]);
  return file === git[0] && size === git[1] && mtimeMs === git[2];
}

/** A file as a record keeps it: path, size and modification time, -1 for both when it is missing. */
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
