import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { storiesOf, type Entry } from "./entry.js";
import type { Release, StoryBody } from "../desk/versions.js";
import type { Story } from "../model/story.js";
import { writeAtomicPieces } from "../publish/write.js";
import { entryLine, packStory, unpackEntry, unpackStory, type EntryLine, type PackedStory, type PagesLine } from "./pack.js";
import { isHead, OLD_FILES, RECORD_FILE, type Head } from "./record.js";

/**
 * What one build leaves for the next, as read back from its record (see record.ts): every story
 * file's entry keyed by path (with size, modification time and content hash to tell whether it
 * changed), the fingerprint of every feed written, and the size and time of every output file
 * (so a feed edited or deleted by hand is rendered again).
 */
export interface BuildCache {
  entries: Map<string, Entry>;
  fingerprints: Map<string, string>;
  outputs: Head["outputs"];
  /** When the record was written (ms). Files modified since shortly before are re-checked by hash. */
  writtenAt: number;
  /** The last release of every story in the outputs, by id: the version rule's memory (see `Release`). */
  released: Map<string, Release>;
  /** The head the record was read with; none for an empty cache. */
  head?: Head;
  /**
   * Each entry's line as read, newline included, when asked for (see `loadCache`): an entry
   * still in the catalog is written back as these bytes (entries, like stories, are not changed
   * once made), not serialized again.
   */
  lines?: RecordLines;
}

/** The entries' lines of a record as read: entry `index.get(e)`'s line is `bytes` from `starts[i]` to `starts[i + 1]`. */
export interface RecordLines {
  bytes: Buffer;
  starts: number[];
  index: WeakMap<Entry, number>;
}

export function emptyCache(): BuildCache {
  return { entries: new Map(), fingerprints: new Map(), outputs: [], writtenAt: 0, released: new Map() };
}

/**
 * The record file is lines: the head (see `Head`: the files, in the listing's order, the outputs
 * and what the up-to-date check needs), one line per file's entry in the head's order, a line of
 * fingerprints, a line of the archive pages' plans (see `PagesLine`), one line per release, and
 * a trailer holding the sha1 of every line before it, so
 * a truncated or altered record is discarded, never trusted. The checksum comes last so the file
 * can be written in pieces as it is serialized, and being lines it is read the same way: each
 * line is decoded and parsed alone. At 100,000 stories the record is ~65 MB of UTF-8; one string
 * of it (~130 MB, since curly quotes make it two bytes a character), then every record parsed
 * before any was unpacked, were the peak of a build that loads it.
 */
interface Trailer {
  checksum: string;
}

/**
 * A record's bytes, checked whole against its trailer, with where each line starts: the head's,
 * each entry's (`entries[i]` for the head's file i, `entries[n]` where the fingerprints' starts),
 * the archive pages' (see `PagesLine`), the first release's, and the trailer's.
 */
export interface RecordBytes {
  bytes: Buffer;
  head: Head;
  entries: number[];
  pages: number;
  releases: number;
  trailer: number;
}

/** A line of `record` from `start` to its newline, parsed. */
export function lineAt<T>(record: RecordBytes, start: number): T {
  return JSON.parse(record.bytes.toString("utf8", start, record.bytes.indexOf(0x0a, start))) as T;
}

/**
 * The record in the output folder under `key`, its lines found and its checksum checked (I/O);
 * undefined for anything else: missing, another version or config, truncated, altered. `worth`,
 * when given, is asked first, of the head alone: false, and the rest is neither checked nor found.
 */
export function readRecord(out: string, key: string, worth?: (head: Head) => boolean): RecordBytes | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(out, RECORD_FILE));
  } catch {
    return undefined;
  }
  try {
    const last = bytes.lastIndexOf(0x0a, bytes.length - 2);
    if (last < 0 || bytes[bytes.length - 1] !== 0x0a) return undefined;
    let at = bytes.indexOf(0x0a) + 1;
    const head = JSON.parse(bytes.toString("utf8", 0, at - 1)) as unknown;
    if (!isHead(head, key) || (worth && !worth(head))) return undefined;
    const trailer = JSON.parse(bytes.toString("utf8", last + 1)) as Trailer;
    if (trailer.checksum !== createHash("sha1").update(bytes.subarray(0, last + 1)).digest("base64url")) return undefined;
    const next = () => {
      const start = at;
      const end = bytes.indexOf(0x0a, at);
      if (end < 0 || end > last) throw new Error("the record ends early");
      at = end + 1;
      return start;
    };
    const entries = head.files.map(next);
    entries.push(next());
    const pages = next();
    const releases = at;
    for (let i = 0; i < head.released; i++) next();
    if (at !== last + 1) return undefined;
    return { bytes, head, entries, pages, releases, trailer: at };
  } catch {
    return undefined;
  }
}

/**
 * A release's line. A release whose story is one of its file's cached entry's stories (the usual
 * case) is saved as a reference to it (`file` without `story`; `item`, its place among the
 * entry's stories, when not the first), so the cache does not hold every story twice.
 */
export interface ReleaseLine {
  version: number;
  file: string;
  item?: number;
  story?: PackedStory;
  body?: StoryBody;
}

/**
 * Lets `entry`, made from `known` with only its size or time new (a file touched but unchanged),
 * be written back as `known`'s line, which holds neither (pure but for `lines`).
 */
export function carryLine(lines: RecordLines | undefined, known: Entry, entry: Entry): void {
  const n = lines?.index.get(known);
  if (n === undefined || entry === known) return;
  if (entry.hash === known.hash && entry.diagnostics === known.diagnostics && entry.story === known.story && entry.more === known.more &&
    entry.committed === known.committed && entry.firstSeen === known.firstSeen) lines!.index.set(entry, n);
}

/**
 * Reads the record in the output folder whole (I/O). Anything wrong — missing, another version or
 * config, truncated, altered — gives an empty cache: the build is then cold, never wrong. With
 * `keepLines`, for a caller that will save the record again, the cache keeps each entry's line
 * (see `BuildCache.lines`), which holds the record's bytes for as long as the cache lives.
 */
export function loadCache(out: string, key: string, { keepLines = false } = {}): BuildCache {
  const record = readRecord(out, key);
  if (!record) return emptyCache();
  try {
    const { bytes, head } = record;
    const entries = new Map<string, Entry>();
    const lines: RecordLines | undefined = keepLines ? { bytes, starts: record.entries, index: new WeakMap() } : undefined;
    head.files.forEach((file, i) => {
      const entry = unpackEntry(file, lineAt<EntryLine>(record, record.entries[i]!));
      entries.set(file[0], entry);
      lines?.index.set(entry, i);
    });
    const fingerprints = new Map(lineAt<[string, string][]>(record, record.entries[head.files.length]!));
    const released = new Map<string, Release>();
    for (let at = record.releases; at < record.trailer; at = bytes.indexOf(0x0a, at) + 1) {
      const r = lineAt<ReleaseLine>(record, at);
      const cached = entries.get(r.file);
      const story = r.story ? unpackStory(r.story, r.file) : cached && storiesOf(cached)[r.item ?? 0];
      if (story) released.set(story.id, { version: r.version, story, ...(r.body ? { body: r.body } : {}) });
    }
    return { entries, fingerprints, outputs: head.outputs, writtenAt: head.writtenAt, released, head, ...(lines ? { lines } : {}) };
  } catch {
    return emptyCache();
  }
}

/**
 * Writes the record into the output folder, atomically (I/O): `head`, then an entry for each of
 * its files, the fingerprints, the archive pages' plans (see `PagesLine`) and the releases. What an
 * earlier version left besides it goes.
 */
export async function saveCache(
  out: string, head: Omit<Head, "released">, cache: Pick<BuildCache, "entries" | "fingerprints" | "released" | "lines"> & { pages?: PagesLine },
): Promise<void> {
  const released = [...cache.released.values()].map(({ version, story, body: text }): ReleaseLine => ({
    version, file: story.file, ...referenceTo(cache.entries.get(story.file), story), ...(text ? { body: text } : {}),
  }));
  const entries = head.files.map(([file]) => cache.entries.get(file)!);
  // A thousand lines at a time.
  function* text(): Generator<string | Uint8Array> {
    yield `${JSON.stringify({ ...head, released: released.length } satisfies Head)}\n`;
    yield* entryPieces(entries, cache.lines);
    yield `${JSON.stringify([...cache.fingerprints])}\n`;
    yield `${JSON.stringify(cache.pages ?? { pages: [], live: [] } satisfies PagesLine)}\n`;
    yield* lines(released);
  }
  writeRecord(out, text());
  for (const name of OLD_FILES) rmSync(join(out, name), { force: true });
}

/**
 * Writes the record's lines into the output folder, atomically (I/O), each piece hashed as it is
 * written and the checksum trailer last (see `readRecord`). Not compared with the old file, which
 * always differs (it carries its time).
 */
export function writeRecord(out: string, text: Iterable<string | Uint8Array>): void {
  const hash = createHash("sha1");
  function* pieces(): Generator<Uint8Array> {
    for (const piece of text) {
      const bytes = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
      hash.update(bytes);
      yield bytes;
    }
    yield Buffer.from(`${JSON.stringify({ checksum: hash.digest("base64url") } satisfies Trailer)}\n`);
  }
  writeAtomicPieces(join(out, RECORD_FILE), pieces());
}

/**
 * The entries' lines, a thousand entries a piece: an entry read with the record and still in the
 * catalog is its line as read, and a run of such lines that were consecutive is one slice of the
 * bytes read; an entry made since is serialized.
 */
function* entryPieces(entries: readonly Entry[], lines: RecordLines | undefined): Generator<Uint8Array> {
  for (let i = 0; i < entries.length; i += 1000) {
    const parts: Uint8Array[] = [];
    let from = -1; // the run of lines as read: from `from` to before `to`
    let to = -1;
    const flush = () => {
      if (from >= 0) parts.push(lines!.bytes.subarray(lines!.starts[from], lines!.starts[to]));
      from = -1;
    };
    for (const e of entries.slice(i, i + 1000)) {
      const n = lines?.index.get(e);
      if (n !== undefined && n === to && from >= 0) {
        to = n + 1;
        continue;
      }
      flush();
      if (n !== undefined) [from, to] = [n, n + 1];
      else parts.push(Buffer.from(`${JSON.stringify(entryLine(e))}\n`, "utf8"));
    }
    flush();
    yield parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }
}

/** How a release line names its story: by reference to its file's entry when that entry holds it, else in full. */
function referenceTo(entry: Entry | undefined, story: Story): Pick<ReleaseLine, "item" | "story"> {
  if (entry?.story === story) return {};
  const item = entry?.more?.indexOf(story) ?? -1;
  return item >= 0 ? { item: item + 1 } : { story: packStory(story) };
}

/** One JSON line per record, in pieces of a thousand lines (lazily, so one piece is held at a time). */
function* lines(records: readonly unknown[]): Generator<string> {
  for (let i = 0; i < records.length; i += 1000) {
    yield records.slice(i, i + 1000).map((r) => `${JSON.stringify(r)}\n`).join("");
  }
}
