import type { Config } from "../config/config.js";
import { hashBytes } from "../ingest/hash.js";
import { readStorySync, timedByFile, type StoryFile } from "../ingest/read.js";
import type { Diagnostic } from "../model/diagnostics.js";
import type { Picture, Story } from "../model/story.js";
import { storyFromBytes, type FileHistory } from "../normalize/from-bytes.js";

/**
 * One story file as the catalog knows it: its identity on disk, and either its story (without
 * the rendered body) or the errors that kept it out. Diagnostics include warnings either way.
 * A file of several stories (a NewsML-G2 message of several text items, #16) is one entry too:
 * `story` is its first good one and `more` the others, in file order (see {@link storiesOf}).
 */
export interface Entry {
  /** Path relative to the stories folder, `/`-separated. */
  file: string;
  size: number;
  mtimeMs: number;
  /** Hash of the file's bytes. */
  hash: string;
  /** For raw text, the history its date was chosen from (see {@link FileHistory}): the entry holds while they do. */
  committed?: number;
  firstSeen?: number;
  story?: Story;
  /** The file's other stories after `story`, in file order, when it holds several. */
  more?: Story[];
  /**
   * The ids of a file's items refused for their errors, when it holds several: a watcher keeps
   * the file's last good items while one it had is refused (see `Catalog.update`). Only a fresh
   * read's matter, so the build cache does not keep them.
   */
  refused?: string[];
  diagnostics: Diagnostic[];
}

/** Every story of an entry, in file order (pure). */
export function storiesOf(entry: Pick<Entry, "story" | "more">): Story[] {
  return entry.story ? (entry.more ? [entry.story, ...entry.more] : [entry.story]) : [];
}

/**
 * Pure (its one state is a cache of shared values): an Entry from a file's bytes and stat. Its
 * story shares no memory with the file's text (see {@link detached}).
 */
export function entryFromBytes(file: string, bytes: Uint8Array, mtimeMs: number, config: Config, history: FileHistory = {}): Entry {
  const { story, more, refused, diagnostics } = storyFromBytes(file, bytes, new Date(mtimeMs), config, false, history);
  const entry: Entry = { file, size: bytes.length, mtimeMs, hash: hashBytes(bytes), diagnostics };
  if (timedByFile(file)) {
    if (history.committed !== undefined) entry.committed = history.committed;
    if (history.firstSeen !== undefined) entry.firstSeen = history.firstSeen;
  }
  if (story) entry.story = detached(story);
  if (more) entry.more = more.map(detached);
  if (refused) entry.refused = refused;
  return entry;
}

export type { FileHistory };

/**
 * Whether a cached entry of a file whose bytes are unchanged still holds (pure): always for
 * Markdown, whose date is in its front matter; for raw text while the history its date was chosen
 * from is the same, and the file's time too when nothing else could date it.
 */
export function sameFacts(known: Entry, mtimeMs: number, history: FileHistory): boolean {
  if (!timedByFile(known.file)) return true;
  if (known.committed !== history.committed || known.firstSeen !== history.firstSeen) return false;
  return history.committed !== undefined || history.firstSeen !== undefined || Math.abs(known.mtimeMs - mtimeMs) < 1;
}

/**
 * The story with its strings copied. A value the YAML reader (or the raw text parser) cut from
 * the file is a slice that keeps the whole front matter (or text) alive, and a catalogue keeps
 * every story for as long as it runs: at 10,000 stories, 7 MB of front matter text was held for
 * 3.5 MB of values. Values that repeat from story to story (agency, copyright, bylines,
 * categories…) are shared, one copy each, rather than copied for every story.
 */
export function detached(story: Story): Story {
  return remade(story, copied);
}

/**
 * The story with its recurring values shared, as {@link detached} shares them, and its other
 * strings as they are: for a story already free of slices, such as one a worker thread parsed,
 * which arrives as a copy with its own copy of every value.
 */
export function withSharedValues(story: Story): Story {
  return remade(story, (s) => s);
}

function remade(story: Story, copy: (s: string) => string): Story {
  const s = { ...story } as Record<string, unknown>;
  for (const key in s) {
    if (key === "file") continue; // the caller's own string
    const v = s[key];
    const each = SHARED_FIELDS.has(key) ? shared : copy;
    if (typeof v === "string") s[key] = each(v);
    else if (key === "images") s[key] = (v as Picture[]).map((p) => remadePicture(p, copy));
    else if (Array.isArray(v)) s[key] = v.map((x: unknown) => (typeof x === "string" ? each(x) : x));
  }
  return s as unknown as Story;
}

/** A picture with its strings copied, its credit and copyright shared (they recur as a story's do). */
function remadePicture(picture: Picture, copy: (s: string) => string): Picture {
  const p = { ...picture } as unknown as Record<string, unknown>;
  for (const key in p) {
    const v = p[key];
    if (typeof v === "string") p[key] = key === "credit" || key === "copyright" || key === "usageTerms" ? shared(v) : copy(v);
  }
  return p as unknown as Picture;
}

/** Story fields whose values recur across stories. */
const SHARED_FIELDS = new Set(["byline", "credit", "copyright", "categories", "dateline", "usageTerms", "language", "status"]);

/**
 * A string that shares no memory with the one given. V8 keeps a substring under 13 characters as
 * a copy of its own; a longer one as a slice of its parent. For those, it flattens the
 * concatenation into a fresh string before slicing it, so the result refers to that copy.
 */
function copied(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** One copy of each recurring value (see {@link copied}), for as long as there are fewer than `SHARED_MAX`. */
const sharedValues = new Map<string, string>();
const SHARED_MAX = 50_000;

function shared(s: string): string {
  const known = sharedValues.get(s);
  if (known !== undefined) return known;
  // A long-running watcher meets new bylines for ever: start over rather than grow without end.
  if (sharedValues.size >= SHARED_MAX) sharedValues.clear();
  const copy = copied(s);
  sharedValues.set(copy, copy);
  return copy;
}

/**
 * Whether a fresh read of a file gives the story already known (the one "same story" rule of
 * build, watch and their caches): the same bytes, and the same facts (see {@link sameFacts}).
 */
export function sameStory(known: Entry, hash: string, mtimeMs: number, history: FileHistory): boolean {
  return known.hash === hash && sameFacts(known, mtimeMs, history);
}


/** Reads one story file and catalogues it. Never throws: an unreadable file is an entry with an error. */
export function loadEntrySync(sf: StoryFile, config: Config): Entry {
  const { bytes, mtimeMs, diagnostics } = readStorySync(sf, config.maxBytes);
  if (!bytes || mtimeMs === undefined) return { file: sf.file, size: -1, mtimeMs: -1, hash: "", diagnostics };
  return entryFromBytes(sf.file, bytes, mtimeMs, config, historyOf(sf));
}

/** The history a listed file carries. */
export function historyOf(sf: StoryFile): FileHistory {
  return { committed: sf.committed, firstSeen: sf.firstSeen };
}

/** As {@link loadEntrySync}, for callers that await. */
export async function loadEntry(sf: StoryFile, config: Config): Promise<Entry> {
  return loadEntrySync(sf, config);
}
