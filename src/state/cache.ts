import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../model/diagnostics.js";
import { storiesOf, type Entry } from "./entry.js";
import type { Release, StoryBody } from "../desk/versions.js";
import type { Story } from "../model/story.js";
import { rememberStoryKey, storyKey } from "../plan/fingerprint.js";
import { writeAtomicPieces } from "../publish/write.js";
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
 * fingerprints, one line per release, and a trailer holding the sha1 of every line before it, so
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
 * An entry's line: its packed values (its file, size and time are the head's), then its story's
 * `storyKey` ("" without a story), then for raw text the history its date was chosen from (see
 * `Entry`), when there is one; then, for a file of several stories, the others (`Entry.more`),
 * each packed with its key.
 */
type EntryLine = [...PackedEntry, key: string, committed?: number | null, firstSeen?: number | null, more?: [PackedStory, string][]];

/**
 * A release's line. A release whose story is one of its file's cached entry's stories (the usual
 * case) is saved as a reference to it (`file` without `story`; `item`, its place among the
 * entry's stories, when not the first), so the cache does not hold every story twice.
 */
interface ReleaseLine {
  version: number;
  file: string;
  item?: number;
  story?: PackedStory;
  body?: StoryBody;
}

/**
 * Entries and stories are saved as arrays of their values, in a fixed order, rather than as
 * objects: the field names were a third of the cache, and JSON arrays parse faster than objects.
 * A story's file is its entry's (or release's), and a diagnostic's file its entry's unless it
 * says otherwise (a sixth value).
 */
type PackedEntry = [hash: string, diagnostics: PackedDiagnostic[], story: PackedStory | null];
type PackedDiagnostic = [line: number, column: number, severity: Diagnostic["severity"], rule: string, message: string, file?: string];
type PackedStory = unknown[];

/** A Story's fields as assembleStory makes them, in its order (the file aside), then the optional ones. */
const STORY_FIELDS = ["id", "title", "published", "byline", "credit", "copyright", "summary", "contentHtml", "bodyHash", "categories", "link", "status", "version"] as const;
const OPTIONAL_FIELDS = ["updated", "usageTerms", "dateline", "language", "embargo", "correction", "source", "images", "bodyOffset", "item"] as const;
const DATE_FIELDS = new Set<string>(["published", "updated", "embargo"]);

function packStory(story: Story): PackedStory {
  const s = story as unknown as Record<string, unknown>;
  // A date as its time in ms: made again from a number ten times faster than from ISO text, which
  // for the 10,000 dates of a one-change build was ~15 ms in a fresh process (#20).
  const packed = [...STORY_FIELDS, ...OPTIONAL_FIELDS].map((f) => (s[f] instanceof Date ? (s[f] as Date).getTime() : s[f] ?? null));
  while (packed.length > STORY_FIELDS.length && packed.at(-1) === null) packed.pop();
  return packed;
}

/**
 * The story again, its properties added in assembleStory's order, so it has the same shape as a
 * story made fresh (its key does not depend on that order, see `storyKey`).
 */
function unpackStory(packed: PackedStory, file: string): Story {
  const s: Record<string, unknown> = {};
  const value = (f: string, v: unknown) => (DATE_FIELDS.has(f) ? new Date(v as number) : v);
  STORY_FIELDS.forEach((f, i) => {
    if (i === 1) s.file = file;
    s[f] = packed[i] === null ? undefined : value(f, packed[i]);
  });
  OPTIONAL_FIELDS.forEach((f, i) => {
    const v = packed[STORY_FIELDS.length + i];
    if (v !== null && v !== undefined) s[f] = value(f, v);
  });
  return s as unknown as Story;
}

function packEntry(e: Entry): PackedEntry {
  const diagnostics = e.diagnostics.map((d): PackedDiagnostic =>
    d.file === e.file ? [d.line, d.column, d.severity, d.rule, d.message] : [d.line, d.column, d.severity, d.rule, d.message, d.file]);
  return [e.hash, diagnostics, e.story ? packStory(e.story) : null];
}

/** An entry from its file as the head records it and its line; its story's key is remembered, so it is not computed again. */
function unpackEntry([file, size, mtimeMs]: Head["files"][number], [hash, diagnostics, story, key, committed, firstSeen, more]: EntryLine): Entry {
  const entry: Entry = {
    file, size, mtimeMs, hash,
    diagnostics: diagnostics.map(([line, column, severity, rule, message, other]) => ({ file: other ?? file, line, column, severity, rule, message })),
  };
  if (typeof committed === "number") entry.committed = committed;
  if (typeof firstSeen === "number") entry.firstSeen = firstSeen;
  if (story) {
    entry.story = unpackStory(story, file);
    if (key) rememberStoryKey(entry.story, key);
  }
  if (more) {
    entry.more = more.map(([packed, moreKey]) => {
      const s = unpackStory(packed, file);
      rememberStoryKey(s, moreKey);
      return s;
    });
  }
  return entry;
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
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(out, RECORD_FILE));
  } catch {
    return emptyCache();
  }
  try {
    const last = bytes.lastIndexOf(0x0a, bytes.length - 2);
    if (last < 0 || bytes[bytes.length - 1] !== 0x0a) return emptyCache();
    let at = 0;
    /** The next line, parsed; only lines before the trailer. */
    const line = <T>(): T => {
      const end = bytes.indexOf(0x0a, at);
      if (end < 0 || end > last) throw new Error("the record ends early");
      const value = JSON.parse(bytes.toString("utf8", at, end)) as T;
      at = end + 1;
      return value;
    };
    const head = line<unknown>();
    if (!isHead(head, key)) return emptyCache();
    const trailer = JSON.parse(bytes.toString("utf8", last + 1)) as Trailer;
    if (trailer.checksum !== createHash("sha1").update(bytes.subarray(0, last + 1)).digest("base64url")) return emptyCache();
    const entries = new Map<string, Entry>();
    const lines: RecordLines | undefined = keepLines ? { bytes, starts: [], index: new WeakMap() } : undefined;
    for (const file of head.files) {
      lines?.starts.push(at);
      const entry = unpackEntry(file, line<EntryLine>());
      entries.set(file[0], entry);
      lines?.index.set(entry, entries.size - 1);
    }
    lines?.starts.push(at);
    const fingerprints = new Map(line<[string, string][]>());
    const released = new Map<string, Release>();
    for (let i = 0; i < head.released; i++) {
      const r = line<ReleaseLine>();
      const cached = entries.get(r.file);
      const story = r.story ? unpackStory(r.story, r.file) : cached && storiesOf(cached)[r.item ?? 0];
      if (story) released.set(story.id, { version: r.version, story, ...(r.body ? { body: r.body } : {}) });
    }
    if (at !== last + 1) return emptyCache();
    return { entries, fingerprints, outputs: head.outputs, writtenAt: head.writtenAt, released, head, ...(lines ? { lines } : {}) };
  } catch {
    return emptyCache();
  }
}

/**
 * Writes the record into the output folder, atomically (I/O): `head`, then an entry for each of
 * its files, the fingerprints and the releases. What an earlier version left besides it goes.
 */
export async function saveCache(
  out: string, head: Omit<Head, "released">, cache: Pick<BuildCache, "entries" | "fingerprints" | "released" | "lines">,
): Promise<void> {
  const released = [...cache.released.values()].map(({ version, story, body: text }): ReleaseLine => ({
    version, file: story.file, ...referenceTo(cache.entries.get(story.file), story), ...(text ? { body: text } : {}),
  }));
  const entries = head.files.map(([file]) => cache.entries.get(file)!);
  const hash = createHash("sha1");
  // A thousand lines at a time; each piece is hashed as it is written, and the trailer closes the file.
  function* text(): Generator<string | Uint8Array> {
    yield `${JSON.stringify({ ...head, released: released.length } satisfies Head)}\n`;
    yield* entryPieces(entries, cache.lines);
    yield `${JSON.stringify([...cache.fingerprints])}\n`;
    yield* lines(released);
  }
  function* pieces(): Generator<Uint8Array> {
    for (const piece of text()) {
      const bytes = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
      hash.update(bytes);
      yield bytes;
    }
    yield Buffer.from(`${JSON.stringify({ checksum: hash.digest("base64url") } satisfies Trailer)}\n`);
  }
  // Not compared with the old file, which always differs (it carries its time).
  writeAtomicPieces(join(out, RECORD_FILE), pieces());
  for (const name of OLD_FILES) rmSync(join(out, name), { force: true });
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

/** An entry's line (see `EntryLine`). */
function entryLine(e: Entry): EntryLine {
  const line: EntryLine = [...packEntry(e), e.story ? storyKey(e.story) : ""];
  if (e.committed !== undefined || e.firstSeen !== undefined || e.more) line.push(e.committed ?? null, e.firstSeen ?? null);
  if (e.more) line.push(e.more.map((m): [PackedStory, string] => [packStory(m), storyKey(m)]));
  return line;
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
